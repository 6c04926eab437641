"""The demo's crisis program is live: set up, with a closed, an escalated and a live request."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from unittest.mock import patch

import pytest
from django.db import transaction

from mentorhub.crisis.models import CrisisRequest, EmergencyContact, RequestStatus, Responder
from mentorhub.demo import DEMO_SEED
from mentorhub.demo.build import build_demo
from mentorhub.mentorships.models import Status
from mentorhub.programs.models import Program

TODAY = date(2026, 3, 2)
MIDNIGHT = datetime.combine(TODAY, time.min, tzinfo=UTC)


@pytest.fixture(scope="module")
def program(django_db_setup, django_db_blocker):
    # The crisis story does not depend on the check-ins; leaving them out keeps this quick
    # (test_demo builds the whole demo).
    skip_checkins = patch("mentorhub.demo.build.play_feedback")
    with django_db_blocker.unblock(), transaction.atomic(), skip_checkins:
        org = build_demo(seed=DEMO_SEED, today=TODAY)
        yield Program.objects.get(organization=org, approach="crisis")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_crisis_program_is_set_up(program):
    assert program.crisis_settings.safeguarding_lead is not None
    assert Responder.objects.filter(program=program, on_call=True).count() >= 2
    names = list(EmergencyContact.objects.filter(program=program).values_list("name", flat=True))
    assert names[0] == "Local emergency number"


@pytest.mark.django_db
def test_demo_crisis_requests_tell_the_three_stories_in_the_past(program):
    requests = list(CrisisRequest.objects.filter(program=program).select_related("mentorship"))
    statuses = sorted(r.status for r in requests)
    assert statuses == [RequestStatus.ACCEPTED, RequestStatus.CLOSED, RequestStatus.CLOSED]
    assert any(r.escalated_at is not None for r in requests)
    assert all(r.created_at < MIDNIGHT for r in requests)
    live = next(r for r in requests if r.status == RequestStatus.ACCEPTED)
    assert live.mentorship is not None and live.mentorship.status == Status.ACTIVE
    closed = [r for r in requests if r.status == RequestStatus.CLOSED]
    assert all(r.hand_off and r.closed_at and r.closed_at < MIDNIGHT for r in closed)
    assert all(r.mentorship and r.mentorship.status == Status.COMPLETED for r in closed)
