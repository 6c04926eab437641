"""Fixtures for feedback: an active mentorship of Mona (mentor) and Max (mentee), started at
START, and its first check-in, opened by the sweep 30 days later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from conftest import activate
from mentorhub.feedback.models import CheckIn
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import Answer
from mentorhub.mentorships.models import Mentorship

START = datetime(2026, 2, 2, 9, tzinfo=UTC)
FIRST_DUE = START + timedelta(days=30)


@pytest.fixture
def active(scenario, proposed, time_machine) -> Mentorship:
    time_machine.move_to(START, tick=False)
    return activate(scenario, proposed)


@pytest.fixture
def checkin(active, time_machine) -> CheckIn:
    time_machine.move_to(FIRST_DUE + timedelta(hours=1), tick=False)
    [opened] = open_due_checkins()
    return CheckIn.objects.select_related("mentorship__program__organization").get(pk=opened.pk)


def answer(**changes: Any) -> Answer:
    """A content member's answer: satisfied, meeting as expected, every two weeks."""
    values: dict[str, Any] = {
        "satisfaction": 4,
        "meeting_rate": "fortnightly",
        "expected_rate": "fortnightly",
        "goal_progress": 4,
        "expectations_met": "yes",
        "comment": "",
    }
    return Answer(**(values | changes))
