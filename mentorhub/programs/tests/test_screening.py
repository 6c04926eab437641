"""Screening: where a program requires it, mentors need a valid background check to be paired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching.engine import match
from mentorhub.matching.problem_builder import build_problem
from mentorhub.matching.tests.runs_helpers import give_skills
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.services import record_screening, update_matching_settings

TODAY = timezone.localdate()


@pytest.fixture
def screened_program(scenario):
    update_matching_settings(
        scenario.pete, scenario.program, {"matching_rules": {"screening": True}}
    )
    scenario.program.refresh_from_db()
    give_skills(scenario.mona, ("Python", 5, "offers"))
    give_skills(scenario.max, ("Python", 1, "seeks"))
    return scenario


def _propose(s):
    return propose_mentorship(s.pete, s.program, s.mentor_enrollment, s.mentee_enrollment)


def test_without_the_rule_nobody_needs_screening(scenario):
    assert not scenario.program.requires_screening
    assert _propose(scenario).pk


def test_an_unscreened_mentor_is_not_paired_by_hand(screened_program):
    with pytest.raises(InvalidInput, match="Mona Mentor's screening is not on record"):
        _propose(screened_program)


def test_an_expired_screening_says_when_it_expired(screened_program):
    s = screened_program
    s.mentor_enrollment.screened_until = TODAY - timedelta(days=1)
    s.mentor_enrollment.save()
    with pytest.raises(InvalidInput, match="screening expired on"):
        _propose(s)


def test_a_valid_screening_allows_the_pairing(screened_program):
    s = screened_program
    s.mentor_enrollment = record_screening(s.pete, s.mentor_enrollment, TODAY + timedelta(days=365))
    assert _propose(s).pk


def test_a_screening_that_expires_before_acceptance_stops_it(screened_program):
    s = screened_program
    s.mentor_enrollment = record_screening(s.pete, s.mentor_enrollment, TODAY)
    mentorship = _propose(s)
    accept_mentorship(s.max, mentorship)
    s.mentor_enrollment.screened_until = TODAY - timedelta(days=1)  # time passed
    s.mentor_enrollment.save()
    with pytest.raises(InvalidInput, match="screening expired"):
        accept_mentorship(s.mona, mentorship)


def test_only_managers_record_screening_and_never_for_mentees(screened_program):
    s = screened_program
    with pytest.raises(NotAllowed):
        record_screening(s.mona, s.mentor_enrollment, TODAY)
    with pytest.raises(InvalidInput, match="mentors and peers"):
        record_screening(s.pete, s.mentee_enrollment, TODAY)
    with pytest.raises(InvalidInput, match="already expired"):
        record_screening(s.pete, s.mentor_enrollment, TODAY - timedelta(days=3))


def test_the_engine_leaves_unscreened_mentors_out_and_says_so(screened_program):
    s = screened_program
    built = build_problem(s.program)
    assert built.problem.rules.screening
    assert not built.problem.mentors[0].screened
    result = match(built.problem)
    assert result.pairs == []
    assert "screening" in result.unmatched[built.problem.mentees[0].id]
    record_screening(s.pete, s.mentor_enrollment, TODAY + timedelta(days=30))
    assert len(match(build_problem(s.program).problem).pairs) == 1


def test_managers_record_screening_on_the_enrollment_page(screened_program):
    s = screened_program
    url = reverse("enrollment_edit", args=[s.mentor_enrollment.pk])
    until = TODAY + timedelta(days=200)
    form = {"goals": "Help", "capacity": 2, "screened_until": until.isoformat()}
    assert s.client_for(s.pete).post(url, form).status_code == 302
    s.mentor_enrollment.refresh_from_db()
    assert s.mentor_enrollment.screened_until == until
    detail = s.client_for(s.pete).get(reverse("program_detail", args=[s.program.pk]))
    assert "valid until" in detail.content.decode()


def test_a_mentor_cannot_record_their_own_screening_on_the_page(screened_program):
    s = screened_program
    url = reverse("enrollment_edit", args=[s.mentor_enrollment.pk])
    page = s.client_for(s.mona).get(url).content.decode()
    assert "screened_until" not in page
    form = {"goals": "Help", "capacity": 2, "screened_until": TODAY.isoformat()}
    s.client_for(s.mona).post(url, form)
    s.mentor_enrollment.refresh_from_db()
    assert s.mentor_enrollment.screened_until is None


def test_a_refused_screening_date_saves_nothing_else(screened_program):
    s = screened_program
    url = reverse("enrollment_edit", args=[s.mentor_enrollment.pk])
    past = (TODAY - timedelta(days=2)).isoformat()
    answer = s.client_for(s.pete).post(
        url, {"goals": "Changed", "capacity": 2, "screened_until": past}
    )
    assert answer.status_code == 200
    assert "already expired" in answer.content.decode()
    s.mentor_enrollment.refresh_from_db()
    assert s.mentor_enrollment.goals != "Changed"


def test_the_api_records_and_clears_screening(screened_program):
    s = screened_program
    url = f"/api/enrollments/{s.mentor_enrollment.pk}/screening"
    until = (TODAY + timedelta(days=90)).isoformat()
    client = s.client_for(s.pete)
    answer = client.post(url, {"valid_until": until}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["screened_until"] == until
    cleared = client.post(url, {"valid_until": None}, content_type="application/json")
    assert cleared.json()["screened_until"] is None
    mentor = s.client_for(s.mona)
    refused = mentor.post(url, {"valid_until": until}, content_type="application/json")
    assert refused.status_code == 403
