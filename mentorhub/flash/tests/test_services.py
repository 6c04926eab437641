"""Flash mentoring's rules: one scoped challenge, asked, agreed, and closed on resolution
or when its time box ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from conftest import make_person
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.flash.helpers import helpers_for
from mentorhub.flash.models import Challenge, Outcome
from mentorhub.flash.services import (
    TIME_BOX_ENDED,
    agree_terms,
    ask_for_help,
    close_due_challenges,
    describe_challenge,
    drop_challenge,
    propose_terms,
    resolve_challenge,
)
from mentorhub.flash.tasks import close_due
from mentorhub.flash.tests.conftest import describe, mentorship_of
from mentorhub.mentorships.models import ClosureMode, Status
from mentorhub.mentorships.services import close_mentorship, decline_mentorship
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import enroll


def test_a_challenge_needs_a_program_of_the_situational_approach(scenario):
    with pytest.raises(InvalidInput, match="does not work with challenges"):
        describe_challenge(scenario.max, scenario.mentee_enrollment, "Help")


def test_only_a_mentee_describes_their_own_challenge(scenario, flash):
    with pytest.raises(InvalidInput, match="as a mentee"):
        describe_challenge(scenario.mona, flash.mentor, "Help")


def test_one_open_challenge_at_a_time(scenario, flash, challenge):
    with pytest.raises(InvalidInput, match="already have an open challenge"):
        describe(scenario, flash, title="Another one")


def test_the_database_holds_one_open_challenge_per_enrollment(scenario, flash, challenge):
    with pytest.raises(IntegrityError):
        Challenge.objects.create(
            program=flash.program, enrollment=flash.mentee, asker=scenario.max, title="Again"
        )


@pytest.mark.parametrize("days", [0, 61])
def test_the_time_box_is_one_to_sixty_days(scenario, flash, days):
    with pytest.raises(InvalidInput) as refused:
        describe(scenario, flash, time_box_days=days)
    assert "time_box_days" in refused.value.field_errors


def test_a_title_is_required(scenario, flash):
    with pytest.raises(InvalidInput) as refused:
        describe(scenario, flash, title="  ")
    assert "title" in refused.value.field_errors


def test_helpers_are_mentors_with_room_with_reasons(scenario, flash, challenge):
    [helper] = helpers_for(scenario.max, challenge)
    assert helper.mentor == flash.mentor and helper.reasons
    Enrollment.objects.filter(pk=flash.mentor.pk).update(load=2)
    assert helpers_for(scenario.max, challenge) == []


def test_the_challenge_text_decides_who_fits_best(scenario, flash):
    nia = make_person(scenario.org, "Nia Negotiator", level=6, department="Sales")
    nia_mentor = enroll(nia, flash.program, "mentor", "Customer renewals and negotiation")
    challenge = describe(
        scenario,
        flash,
        title="Negotiation for a customer renewal",
        description="A difficult customer renewal negotiation next month.",
    )
    best = helpers_for(scenario.max, challenge)[0]
    assert best.mentor == nia_mentor


def test_only_the_asker_sees_helpers(scenario, flash, challenge):
    with pytest.raises(NotAllowed):
        helpers_for(scenario.mona, challenge)


def test_asking_sends_a_request_linked_to_the_challenge(scenario, flash, asked):
    assert mentorship_of(asked).status == Status.REQUESTED
    assert asked.state == "asked"
    with pytest.raises(InvalidInput, match="already asked"):
        ask_for_help(scenario.max, asked, flash.mentor.pk)


def test_asking_someone_outside_the_program_is_refused(scenario, flash, challenge):
    with pytest.raises(InvalidInput) as refused:
        ask_for_help(scenario.max, challenge, scenario.mentor_enrollment.pk)
    assert "mentor" in refused.value.field_errors


def test_after_a_decline_the_asker_asks_someone_else(scenario, flash, asked):
    decline_mentorship(scenario.mona, asked.mentorship, "busy")
    asked.refresh_from_db()
    assert asked.state == "looking for help"
    nia = make_person(scenario.org, "Nia Negotiator", level=6)
    other = enroll(nia, flash.program, "mentor", "Panels")
    assert mentorship_of(ask_for_help(scenario.max, asked, other.pk)).status == Status.REQUESTED


def test_one_member_writes_the_terms_and_the_other_confirms(
    scenario, working, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose_terms(scenario.mona, working, "Two mock panels", "Story told in five minutes")
    run_tasks()
    [asked] = [m for m in mail.outbox if m.subject.startswith("Confirm the scope")]
    assert asked.to == [scenario.max.email] and "Two mock panels" in asked.body
    with pytest.raises(InvalidInput, match="other member confirms"):
        agree_terms(scenario.mona, working)
    agreed = agree_terms(scenario.max, working)
    assert agreed.agreed_at is not None
    assert agreed.due_at == agreed.agreed_at + timedelta(days=14)
    assert agreed.state == "in progress" and agreed.days_left() == 14


def test_rewriting_agreed_terms_asks_again(scenario, agreed):
    rewritten = propose_terms(scenario.max, agreed, "One mock panel", "Story told")
    assert rewritten.agreed_at is None and rewritten.due_at is None


def test_terms_need_both_a_scope_and_an_end(scenario, working):
    with pytest.raises(InvalidInput) as refused:
        propose_terms(scenario.mona, working, "Mock panels", " ")
    assert list(refused.value.field_errors) == ["end_condition"]


def test_terms_wait_for_the_mentor_to_accept(scenario, asked):
    with pytest.raises(IllegalTransition):
        propose_terms(scenario.max, asked, "Scope", "End")


def test_resolving_closes_the_mentorship_as_completed(scenario, flash, agreed):
    resolved = resolve_challenge(scenario.max, agreed, Outcome.RESOLVED)
    mentorship = mentorship_of(resolved)
    assert mentorship.status == Status.COMPLETED
    assert mentorship.closure_mode == ClosureMode.COMPLETED and "resolved" in mentorship.reason
    assert resolved.state == "resolved" and resolved.outcome_by == scenario.max
    flash.mentor.refresh_from_db()
    assert flash.mentor.load == 0  # the seat is free for the next challenge


def test_resolving_before_scoping_still_closes_it(scenario, working):
    assert resolve_challenge(scenario.mona, working, Outcome.PARTLY).is_closed


def test_the_outcome_is_one_of_three_answers(scenario, working):
    with pytest.raises(InvalidInput) as refused:
        resolve_challenge(scenario.max, working, "maybe")
    assert "outcome" in refused.value.field_errors


def test_a_manager_cannot_resolve_for_the_pair(scenario, working):
    with pytest.raises(NotAllowed):
        resolve_challenge(scenario.pete, working, Outcome.RESOLVED)


def test_the_time_box_closes_it_and_asks_the_one_question(
    scenario, agreed, django_capture_on_commit_callbacks, run_tasks
):
    assert close_due_challenges(agreed.due_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert close_due_challenges(agreed.due_at + timedelta(minutes=1)) == 1
    run_tasks()
    agreed.refresh_from_db()
    mentorship = mentorship_of(agreed)
    assert mentorship.status == Status.COMPLETED and mentorship.reason == TIME_BOX_ENDED
    assert mentorship.ended_by is None
    assert agreed.closed_reason == "Time box ended." and agreed.outcome == ""
    asked = [m for m in mail.outbox if "did you get what you needed" in m.subject]
    assert sorted(m.to[0] for m in asked) == sorted([scenario.max.email, scenario.mona.email])
    assert close_due_challenges(agreed.due_at + timedelta(days=1)) == 0  # once


def test_members_answer_after_the_time_box_closed_it(scenario, agreed):
    close_due_challenges(agreed.due_at + timedelta(minutes=1))
    agreed.refresh_from_db()
    answered = resolve_challenge(scenario.mona, agreed, Outcome.PARTLY)
    assert answered.outcome == Outcome.PARTLY
    with pytest.raises(IllegalTransition, match="already recorded"):
        resolve_challenge(scenario.max, answered, Outcome.RESOLVED)


def test_a_mentorship_closed_from_its_page_ends_its_challenge(scenario, working):
    close_mentorship(scenario.pete, working.mentorship, ClosureMode.ADMIN, "Reorganised")
    assert close_due_challenges(timezone.now()) == 1
    working.refresh_from_db()
    assert working.is_closed and working.closed_reason == "The mentorship was closed."


def test_dropping_withdraws_the_pending_request(scenario, asked):
    dropped = drop_challenge(scenario.max, asked)
    assert dropped.is_closed and mentorship_of(dropped).status == Status.WITHDRAWN


def test_a_challenge_being_worked_on_cannot_be_dropped(scenario, working):
    with pytest.raises(IllegalTransition, match="mark it resolved"):
        drop_challenge(scenario.max, working)


def test_the_hourly_sweep_is_the_time_box(scenario, agreed, time_machine):
    assert agreed.due_at is not None
    time_machine.move_to(agreed.due_at + timedelta(hours=1), tick=False)
    close_due()
    agreed.refresh_from_db()
    assert agreed.is_closed and mentorship_of(agreed).status == Status.COMPLETED
