"""Fixtures for messaging: an active mentorship of Mona (mentor) and Max (mentee)."""

from __future__ import annotations

import pytest

from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.messaging.access import get_conversation_for


@pytest.fixture
def active(scenario, proposed) -> Mentorship:
    accept_mentorship(scenario.mona, proposed)
    accept_mentorship(scenario.max, proposed)
    return get_conversation_for(scenario.mona, proposed.pk)
