"""Fixtures for meetings: an active mentorship of Mona (mentor) and Max (mentee)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mentorhub.meetings.services import MeetingPlan


def plan(**changes: Any) -> MeetingPlan:
    values: dict[str, Any] = {
        "title": "Kick-off",
        "starts_at": datetime(2026, 3, 3, 14, tzinfo=UTC),
    }
    return MeetingPlan(**(values | changes))
