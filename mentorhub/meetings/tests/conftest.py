"""Fixtures for meetings: an active mentorship of Mona (mentor) and Max (mentee)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mentorhub.meetings.services import MeetingPlan
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import accept_mentorship


@pytest.fixture
def active(scenario, proposed) -> Mentorship:
    accept_mentorship(scenario.mona, proposed)
    accept_mentorship(scenario.max, proposed)
    proposed.refresh_from_db()
    return Mentorship.objects.prefetch_related("members__person").get(pk=proposed.pk)


def plan(**changes: Any) -> MeetingPlan:
    values: dict[str, Any] = {
        "title": "Kick-off",
        "starts_at": datetime(2026, 3, 3, 14, tzinfo=UTC),
    }
    return MeetingPlan(**(values | changes))
