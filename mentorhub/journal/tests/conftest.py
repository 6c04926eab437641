from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorhub.careers.tests.helpers import start_mentorship
from mentorhub.feedback.models import CheckIn
from mentorhub.mentorships.models import Mentorship


@pytest.fixture
def personal(scenario) -> Mentorship:
    """Mona mentors Max in an active personal-development mentorship."""
    return start_mentorship(scenario, "personal")


def open_checkin(mentorship: Mentorship, number: int = 1) -> CheckIn:
    now = timezone.now()
    return CheckIn.objects.create(
        mentorship=mentorship, number=number, due_at=now, closes_at=now + timedelta(days=7)
    )
