"""Declared conflicts of interest: who may declare, who sees them, and that pairing obeys them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import ConflictOfInterest, InvalidInput, NotAllowed
from mentorhub.matching.engine import match
from mentorhub.matching.problem_builder import build_problem, participant_id
from mentorhub.matching.tests.runs_helpers import give_skills
from mentorhub.mentorships.services import (
    accept_mentorship,
    propose_mentorship,
    request_mentorship,
)
from mentorhub.people.declarations import (
    declare_conflict,
    visible_conflicts,
    withdraw_conflict,
)
from mentorhub.people.models import DeclaredConflict


def _matchable(scenario):
    give_skills(scenario.mona, ("Python", 5, "offers"))
    give_skills(scenario.max, ("Python", 1, "seeks"))


def test_a_member_declares_their_own_conflict_and_it_holds_both_ways(scenario):
    conflict = declare_conflict(scenario.max, scenario.max, scenario.mona, "  my  sister ")
    assert {conflict.person, conflict.other} == {scenario.max, scenario.mona}
    assert conflict.person.pk < conflict.other.pk  # stored once, lower id first
    assert conflict.reason == "my sister"
    # Declaring it again from the other side is the same conflict
    with pytest.raises(InvalidInput, match="already declared"):
        declare_conflict(scenario.mona, scenario.mona, scenario.max)


def test_members_cannot_declare_for_others_but_admins_can(scenario):
    with pytest.raises(NotAllowed):
        declare_conflict(scenario.max, scenario.mona, scenario.pete)
    conflict = declare_conflict(scenario.alice, scenario.mona, scenario.pete, "dotted line")
    assert conflict.declared_by == scenario.alice


def test_nobody_conflicts_with_themselves_nor_across_organizations(scenario):
    with pytest.raises(InvalidInput, match="two different people"):
        declare_conflict(scenario.max, scenario.max, scenario.max)
    with pytest.raises(InvalidInput, match="same organization"):
        declare_conflict(scenario.max, scenario.max, scenario.charlie)


def test_the_database_refuses_a_conflict_stored_the_wrong_way_round(scenario):
    high, low = sorted((scenario.max, scenario.mona), key=lambda p: -p.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclaredConflict.objects.create(organization=scenario.org, person=high, other=low)


def test_the_reason_stays_out_of_the_audit_log(scenario):
    declare_conflict(scenario.max, scenario.max, scenario.mona, "private matter")
    event = AuditEvent.objects.get(verb="conflict.declared")
    assert "private matter" not in str(event.details)


def test_only_the_declarer_and_admins_see_and_withdraw_a_declaration(scenario):
    conflict = declare_conflict(scenario.max, scenario.max, scenario.mona)
    assert list(visible_conflicts(scenario.max)) == [conflict]
    assert list(visible_conflicts(scenario.alice)) == [conflict]
    assert list(visible_conflicts(scenario.mona)) == []  # the other person is not told
    with pytest.raises(NotAllowed):
        withdraw_conflict(scenario.mona, conflict)
    withdraw_conflict(scenario.alice, conflict)
    assert not DeclaredConflict.objects.exists()


def test_a_declared_conflict_refuses_proposals_and_requests(scenario):
    declare_conflict(scenario.max, scenario.max, scenario.mona)
    args = (scenario.mentor_enrollment, scenario.mentee_enrollment)
    with pytest.raises(ConflictOfInterest, match="declared"):
        propose_mentorship(scenario.pete, scenario.program, *args)
    with pytest.raises(ConflictOfInterest, match="declared"):
        request_mentorship(scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment)


def test_a_conflict_declared_after_a_proposal_stops_it_at_the_last_acceptance(scenario, proposed):
    accept_mentorship(scenario.max, proposed)
    declare_conflict(scenario.mona, scenario.mona, scenario.max)
    with pytest.raises(ConflictOfInterest):
        accept_mentorship(scenario.mona, proposed)


def test_the_engine_never_pairs_people_with_a_declared_conflict(scenario):
    _matchable(scenario)
    assert match(build_problem(scenario.program).problem).pairs  # a pair without it
    declare_conflict(scenario.alice, scenario.max, scenario.mona)
    built = build_problem(scenario.program)
    mentee = built.problem.mentees[0]
    assert mentee.exclude == {participant_id(scenario.mentor_enrollment.pk)}
    result = match(built.problem)
    assert result.pairs == []
    assert "declared conflict" in result.unmatched[mentee.id]


def test_a_conflict_with_someone_enrolled_twice_excludes_both_enrollments(scenario):
    # Mona also enrolls as a mentee; the conflict is with her, not one of her roles
    ria = make_person(scenario.org, "Ria Rookie", level=1)
    from mentorhub.programs.services import enroll

    as_mentee = enroll(scenario.mona, scenario.program, "mentee", "Learn to lead")
    enroll(ria, scenario.program, "mentee", "Learn Python")
    declare_conflict(scenario.max, scenario.max, scenario.mona)
    built = build_problem(scenario.program)
    max_ = next(
        p for p in built.problem.mentees if p.id == participant_id(scenario.mentee_enrollment.pk)
    )
    assert max_.exclude == {
        participant_id(scenario.mentor_enrollment.pk),
        participant_id(as_mentee.pk),
    }


# The web page and the API


def test_the_web_page_declares_by_email_and_lists_it(scenario):
    client = scenario.client_for(scenario.max)
    url = reverse("conflict_list")
    answer = client.post(url, {"other_email": scenario.mona.email.upper(), "reason": "cousin"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Mona Mentor" in page and "cousin" in page
    # The other person sees nothing of it
    assert "cousin" not in scenario.client_for(scenario.mona).get(url).content.decode()


def test_the_web_page_names_an_unknown_email(scenario):
    client = scenario.client_for(scenario.max)
    answer = client.post(reverse("conflict_list"), {"other_email": "nobody@acme.example"})
    assert answer.status_code == 200
    assert "Nobody in your organization has the email nobody@acme.example" in (
        answer.content.decode()
    )
    assert not DeclaredConflict.objects.exists()


def test_withdrawing_someone_elses_declaration_is_a_404_for_members(scenario):
    conflict = declare_conflict(scenario.max, scenario.max, scenario.mona)
    url = reverse("conflict_withdraw", args=[conflict.pk])
    assert scenario.client_for(scenario.mona).post(url).status_code == 404
    assert scenario.client_for(scenario.max).post(url).status_code == 302
    assert not DeclaredConflict.objects.exists()


def test_the_api_declares_lists_and_withdraws(scenario):
    client = scenario.client_for(scenario.alice)
    body = {"person": scenario.max.pk, "other": scenario.mona.pk, "reason": "family"}
    created = client.post("/api/conflicts", body, content_type="application/json")
    assert created.status_code == 201, created.content
    conflict_id = created.json()["id"]
    assert client.get("/api/conflicts").json()["count"] == 1
    again = client.post("/api/conflicts", body, content_type="application/json")
    assert again.status_code == 422
    assert "already declared" in again.json()["detail"]
    member = scenario.client_for(scenario.mona)
    assert member.delete(f"/api/conflicts/{conflict_id}").status_code == 404
    assert client.delete(f"/api/conflicts/{conflict_id}").status_code == 204


def test_the_api_refuses_a_member_declaring_for_someone_else(scenario):
    client = scenario.client_for(scenario.max)
    body = {"person": scenario.mona.pk, "other": scenario.pete.pk}
    answer = client.post("/api/conflicts", body, content_type="application/json")
    assert answer.status_code == 403
