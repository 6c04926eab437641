"""Background sweeps for mentorships: expiring requests nobody answered."""

from __future__ import annotations

from datetime import timedelta

from mentorhub.mentorships.services import expire_stale
from mentorhub.tasks.queue import periodic

EXPIRE_REQUESTS = "mentorships.expire_requests"


@periodic(EXPIRE_REQUESTS, every=timedelta(hours=1))
def expire_unanswered_requests() -> None:
    # The same sweep as `mentorhub expire-requests`, so no cron entry is needed.
    expire_stale()
