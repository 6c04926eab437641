"""Formal programs: participants acknowledge the current guidelines before their first pairing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.applications import (
    acknowledge_guidelines,
    approve_application,
    guidelines_version,
)
from mentorhub.programs.services import Resource, enroll, update_program
from mentorhub.programs.tests.formal_helpers import admit, formal_program


@pytest.fixture
def approved(scenario):
    """GIVEN a formal program where Mona and Max are approved but acknowledged nothing yet."""
    program = formal_program(scenario)
    scenario.program = program
    mentor = enroll(scenario.mona, program, "mentor", "Lead", capacity=2)
    mentee = enroll(scenario.max, program, "mentee", "Learn to lead")
    scenario.mentor_enrollment = approve_application(scenario.pete, mentor)
    scenario.mentee_enrollment = approve_application(scenario.pete, mentee)
    return scenario


def _propose(s):
    return propose_mentorship(s.pete, s.program, s.mentor_enrollment, s.mentee_enrollment)


def test_pairing_refuses_someone_who_has_not_acknowledged_and_names_them(approved):
    s = approved
    acknowledge_guidelines(s.mona, s.mentor_enrollment)
    with pytest.raises(InvalidInput, match="Max Mentee has not acknowledged Leaders"):
        _propose(s)


def test_once_both_acknowledged_they_can_be_paired(approved):
    s = approved
    acknowledge_guidelines(s.mona, s.mentor_enrollment)
    acknowledge_guidelines(s.max, s.mentee_enrollment)
    assert _propose(s).status == Status.PROPOSED
    assert AuditEvent.objects.filter(verb="enrollment.acknowledged").count() == 2


def test_acknowledging_twice_keeps_one_record(approved):
    s = approved
    first = acknowledge_guidelines(s.max, s.mentee_enrollment)
    assert acknowledge_guidelines(s.max, s.mentee_enrollment).pk == first.pk
    assert AuditEvent.objects.filter(verb="enrollment.acknowledged").count() == 1


def test_only_the_participant_acknowledges(approved):
    with pytest.raises(NotAllowed):
        acknowledge_guidelines(approved.pete, approved.mentee_enrollment)


def test_informal_programs_ask_for_no_acknowledgement(scenario):
    assert _propose(scenario).pk
    with pytest.raises(InvalidInput, match="does not ask"):
        acknowledge_guidelines(scenario.max, scenario.mentee_enrollment)


def test_changed_guidelines_ask_again_but_mentorships_continue(approved):
    s = approved
    admit(s.pete, s.mentor_enrollment)
    admit(s.pete, s.mentee_enrollment)
    mentorship = _propose(s)
    accept_mentorship(s.max, mentorship)
    accept_mentorship(s.mona, mentorship)
    before = guidelines_version(s.program)
    s.program = update_program(s.pete, s.program, {"guidelines": "Meet every two weeks."})
    assert guidelines_version(s.program) != before
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    other = enroll(s.alice, s.program, "mentee", "Also learn")
    other = admit(s.pete, other)  # Alice acknowledges the new version
    with pytest.raises(InvalidInput, match="Mona Mentor has not acknowledged"):
        propose_mentorship(s.pete, s.program, s.mentor_enrollment, other)


def test_a_new_resource_link_changes_the_version(approved):
    s = approved
    before = guidelines_version(s.program)
    s.program = update_program(
        s.pete,
        s.program,
        {},
        resources=[
            Resource("Handbook", "https://example.org/handbook"),
            Resource("Code of conduct", "https://example.org/conduct"),
        ],
    )
    assert guidelines_version(s.program) != before


def test_the_program_page_asks_and_the_button_acknowledges(approved):
    s = approved
    page = reverse("program_detail", args=[s.program.pk])
    body = s.client_for(s.max).get(page).content.decode()
    assert "I have read the guidelines and resources" in body
    url = reverse("enrollment_acknowledge", args=[s.mentee_enrollment.pk])
    assert s.client_for(s.max).post(url).status_code == 302
    body = s.client_for(s.max).get(page).content.decode()
    assert "You have acknowledged the current guidelines" in body
    assert s.client_for(s.mona).post(url).status_code == 404  # not hers to see


def test_the_api_acknowledges(approved):
    s = approved
    answer = s.client_for(s.max).post(f"/api/enrollments/{s.mentee_enrollment.pk}/acknowledge")
    assert answer.status_code == 200
    assert answer.json()["guidelines_version"] == guidelines_version(s.program)
