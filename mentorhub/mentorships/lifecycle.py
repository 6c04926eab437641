"""The mentorship lifecycle: which state may follow which, and how a refusal reads."""

from __future__ import annotations

from mentorhub.errors import IllegalTransition
from mentorhub.mentorships.models import ClosureMode, Mentorship, Status

_OPEN_EXITS = {
    Status.ACTIVE,
    Status.DECLINED,
    Status.WITHDRAWN,
    Status.EXPIRED,
    Status.INVALIDATED,
}
TRANSITIONS: dict[str, set[Status]] = {
    # A proposal one side has accepted waits on the other side as a request.
    Status.PROPOSED: _OPEN_EXITS | {Status.REQUESTED},
    Status.REQUESTED: _OPEN_EXITS,
    Status.ACTIVE: {Status.COMPLETED, Status.CLOSED_EARLY},
}

# The words a person uses for each move, so a refusal says what they tried.
ACTION_NAMES = {
    Status.ACTIVE: "accepted",
    Status.REQUESTED: "accepted",
    Status.DECLINED: "declined",
    Status.WITHDRAWN: "withdrawn",
    Status.EXPIRED: "expired",
    Status.INVALIDATED: "invalidated",
    Status.COMPLETED: "closed",
    Status.CLOSED_EARLY: "closed",
}


def can_move(mentorship: Mentorship, to: Status) -> bool:
    return to in TRANSITIONS.get(mentorship.status, set())


def require_move(mentorship: Mentorship, to: Status) -> None:
    if not can_move(mentorship, to):
        current = Status(mentorship.status).label.lower()
        raise IllegalTransition(f"This mentorship is {current}; it cannot be {ACTION_NAMES[to]}.")


def status_for_closure(mode: str) -> Status:
    return Status.COMPLETED if mode == ClosureMode.COMPLETED else Status.CLOSED_EARLY
