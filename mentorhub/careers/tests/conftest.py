from __future__ import annotations

import pytest

from mentorhub.careers.tests.helpers import start_mentorship
from mentorhub.mentorships.models import Mentorship


@pytest.fixture
def career(scenario) -> Mentorship:
    """Mona mentors Max in an active career mentorship."""
    return start_mentorship(scenario, "career")
