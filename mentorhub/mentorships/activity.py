"""A mentorship's latest sign of life, kept on the row so nudges and health read one column.

Every domain action that shows the members are in touch (a message, a meeting scheduled or
held, a goal step, an agreement confirmed, a check-in answered) calls `note_activity` inside
its own transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from mentorhub.mentorships.models import Mentorship


def note_activity(mentorship_id: int, at: datetime | None = None) -> None:
    """Move the mentorship's last activity forward to `at` (now); never backward.

    A conditional UPDATE: concurrent actions cannot move it back, and it costs one query.
    """
    at = at or timezone.now()
    Mentorship.objects.filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=at), pk=mentorship_id
    ).update(last_activity_at=at)


def last_sign_of_life(mentorship: Mentorship) -> datetime | None:
    """When the members were last in touch: their latest activity, else when it began.

    The later of the two: activity before the start (an agreement confirmed while it was
    still a request) must not make a mentorship that just began look quiet.
    """
    signs = [at for at in (mentorship.last_activity_at, mentorship.activated_at) if at]
    return max(signs, default=None)
