"""The dashboard of formal programs: applicants see their applications and what to do next;
managers see the applications waiting for them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from mentorhub.programs.applications import (
    acknowledge_guidelines,
    approve_application,
    decline_application,
)
from mentorhub.programs.services import enroll
from mentorhub.programs.tests.formal_helpers import formal_program


@pytest.fixture
def applied(scenario):
    """GIVEN Max applied to a formal program, Leaders, that Pete manages."""
    s = scenario
    s.program = formal_program(s)
    s.mentee_enrollment = enroll(s.max, s.program, "mentee", "Grow")
    return s


def _dashboard(s, person) -> str:
    response = s.client_for(person).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_applicant_sees_the_application_waiting_and_the_guidelines_to_acknowledge(applied):
    body = _dashboard(applied, applied.max)
    assert "My applications" in body and "Applied, awaiting approval" in body
    assert "Acknowledge the guidelines of Leaders" in body
    assert "Enroll in Leaders" not in body  # already applied


def test_acknowledging_removes_the_next_step(applied):
    acknowledge_guidelines(applied.max, applied.mentee_enrollment)
    assert "Acknowledge the guidelines of Leaders" not in _dashboard(applied, applied.max)


def test_a_declined_applicant_reads_the_reason(applied):
    decline_application(applied.pete, applied.mentee_enrollment, "The cohort is full.")
    body = _dashboard(applied, applied.max)
    assert "Application declined" in body and "The cohort is full." in body
    assert "Acknowledge the guidelines of Leaders" not in body


def test_an_approved_participant_no_longer_sees_an_application(applied):
    approve_application(applied.pete, applied.mentee_enrollment)
    assert "My applications" not in _dashboard(applied, applied.max)


def test_a_manager_sees_the_applications_waiting_linked_to_the_applicants(applied):
    s = applied
    enroll(s.mona, s.program, "mentor", "Lead")
    body = _dashboard(s, s.pete)
    assert "2 applications waiting in Leaders" in body
    assert f"/programs/{s.program.pk}/#applicants" in body
    assert "applications waiting" not in _dashboard(s, s.mona)  # not her program


def test_the_dashboard_queries_do_not_grow_with_formal_programs(applied):
    s = applied

    def queries(person) -> int:
        client = s.client_for(person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    few = {who: queries(who) for who in (s.max, s.pete)}
    for number in range(3):
        program = formal_program(s, name=f"Cohort {number}")
        enroll(s.max, program, "mentee", "Grow")
        enroll(make_person(s.org, f"Applicant {number}", level=2), program, "mentee", "Grow")
    assert {who: queries(who) for who in (s.max, s.pete)} == few
