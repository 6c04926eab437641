"""Formal programs match only admitted people: approved, and acknowledged the current guidelines.

Applicants were already left out (test_applications); these tests cover participants who
are approved but have not acknowledged the guidelines the program shows now.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentorhub.errors import InvalidInput
from mentorhub.matching import selfservice
from mentorhub.matching.problem_builder import build_problem
from mentorhub.matching.selfservice import mentee_suggestions_for, suggestions_for
from mentorhub.matching.services import start_match_run
from mentorhub.matching.tests.runs_helpers import new_mentee
from mentorhub.programs.applications import acknowledge_guidelines, approve_application
from mentorhub.programs.services import enroll, update_program
from mentorhub.programs.tests.formal_helpers import admit, formal_program


@pytest.fixture
def formal(scenario):
    """GIVEN a formal program: Mona and Max are admitted; Nia is approved but has not
    acknowledged the guidelines."""
    s = scenario
    selfservice.clear_cache()  # suggestions of an earlier test's program of the same id
    s.program = formal_program(s, matching_mode="hybrid")
    s.mentor_enrollment = admit(s.pete, enroll(s.mona, s.program, "mentor", "Lead", capacity=2))
    s.mentee_enrollment = admit(s.pete, enroll(s.max, s.program, "mentee", "Grow"))
    s.nia = approve_application(s.pete, new_mentee(s, "Nia Late"))
    return s


def _new_guidelines(s) -> None:
    s.program = update_program(s.pete, s.program, {"guidelines": "Meet every week."})
    for enrollment in (s.mentor_enrollment, s.mentee_enrollment, s.nia):
        enrollment.refresh_from_db()


def test_the_problem_leaves_out_who_has_not_acknowledged(formal):
    built = build_problem(formal.program)
    assert [m.name for m in built.problem.mentees] == ["Max Mentee"]
    assert built.unacknowledged == {formal.nia.pk}


def test_a_run_says_how_many_were_left_out_and_why(formal):
    s = formal
    run = start_match_run(s.pete, s.program, "optimal")
    assert {p.mentee.person.full_name for p in run.pairs.all()} == {"Max Mentee"}
    assert run.stats["not_acknowledged"] == 1
    page = s.client_for(s.pete).get(reverse("match_run_detail", args=[run.pk])).content.decode()
    assert "1 participant who has not acknowledged" in page


def test_acknowledging_brings_them_into_the_next_run(formal):
    s = formal
    acknowledge_guidelines(s.nia.person, s.nia)
    run = start_match_run(s.pete, s.program, "optimal")
    assert {p.mentee.person.full_name for p in run.pairs.all()} == {"Max Mentee", "Nia Late"}
    assert run.stats["not_acknowledged"] == 0


def test_new_guidelines_leave_everyone_out_until_they_acknowledge_again(formal):
    s = formal
    _new_guidelines(s)
    built = build_problem(s.program)
    assert not built.problem.mentees and not built.problem.mentors
    assert len(built.unacknowledged) == 3


def test_suggestions_do_not_offer_a_mentor_who_has_not_acknowledged(formal):
    s = formal
    assert [x.mentor.person for x in suggestions_for(s.max, s.mentee_enrollment)] == [s.mona]
    _new_guidelines(s)
    acknowledge_guidelines(s.max, s.mentee_enrollment)
    assert suggestions_for(s.max, s.mentee_enrollment) == []  # Mona must acknowledge again
    listed = s.client_for(s.max).get(f"/api/programs/{s.program.pk}/mentors").json()
    assert listed["items"] == []


def test_someone_who_has_not_acknowledged_is_told_to_first(formal):
    s = formal
    with pytest.raises(InvalidInput, match="Acknowledge Leaders's current guidelines"):
        suggestions_for(s.nia.person, s.nia)
    _new_guidelines(s)
    with pytest.raises(InvalidInput, match="Acknowledge Leaders's current guidelines"):
        mentee_suggestions_for(s.mona, s.mentor_enrollment)


def test_the_command_line_says_how_many_were_left_out(formal):
    s, out = formal, io.StringIO()
    who = ("--program", str(s.program.pk), "--as", s.pete.email, "--org", "acme")
    call_command("match_run", *who, "--wait", stdout=out)
    left_out = "Left out: 1, who have not acknowledged the program's current guidelines"
    assert left_out in out.getvalue()
    acknowledge_guidelines(s.nia.person, s.nia)
    out = io.StringIO()
    call_command("match_run", *who, "--wait", stdout=out)
    assert "Left out" not in out.getvalue()
