"""Background sweeps for mentorships: expiring requests nobody answered, nudging quiet ones."""

from __future__ import annotations

from datetime import timedelta

from mentorhub.mentorships.nudges import nudge_quiet_mentorships
from mentorhub.mentorships.services import expire_stale
from mentorhub.tasks.queue import periodic

EXPIRE_REQUESTS = "mentorships.expire_requests"
NUDGE_QUIET = "mentorships.nudge_quiet"


@periodic(EXPIRE_REQUESTS, every=timedelta(hours=1))
def expire_unanswered_requests() -> None:
    # The same sweep as `mentorhub expire-requests`, so no cron entry is needed.
    expire_stale()


@periodic(NUDGE_QUIET, every=timedelta(hours=1))
def nudge_quiet() -> None:
    # Runs outside any transaction: each email is queued as soon as it is asked for, and
    # a nudge is marked sent only afterwards (see nudges.py for why that loses nothing).
    nudge_quiet_mentorships()
