"""Crisis requests: routing, first-to-accept, escalation after the target, close with hand-off."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.models import CrisisRequest, RequestStatus
from mentorhub.crisis.services import (
    Contact,
    accept_request,
    add_emergency_contact,
    ask_for_help,
    assign_request,
    close_request,
    escalate_if_unanswered,
    routed_responders,
    set_on_call,
    withdraw_request,
)
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.notifications.models import EmailPreference
from mentorhub.tasks.models import Task


def test_asking_routes_at_once_to_on_call_responders_sharing_the_language(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask_for_help(scenario.max, crisis.program, "I need to talk to someone.", "en")
    run_tasks()
    assert [r.person for r in routed_responders(request)] == [scenario.mona]  # Rita: German
    waiting = [m for m in mail.outbox if m.to == [scenario.mona.email]]
    assert len(waiting) == 1
    assert "I need to talk" not in waiting[0].body  # content only after accepting
    assert scenario.max.full_name not in waiting[0].body


def test_off_call_responders_are_not_routed(scenario, crisis):
    set_on_call(scenario.mona, crisis.program, False)
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    assert routed_responders(request) == []


def test_crisis_emails_go_even_to_someone_who_switched_off_mentorship_emails(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    EmailPreference.objects.create(person=scenario.mona, category="mentorships", enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_help(scenario.max, crisis.program, "Help", "en")
    run_tasks()
    assert [m.to for m in mail.outbox] == [[scenario.mona.email]]


def test_accepting_starts_an_active_short_mentorship(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    request = accept_request(scenario.mona, request)
    assert request.status == RequestStatus.ACCEPTED
    assert request.mentorship is not None
    assert request.mentorship.status == Status.ACTIVE
    roles = {m.person_id: m.role for m in request.mentorship.members.all()}
    assert roles == {scenario.mona.pk: "mentor", scenario.max.pk: "mentee"}
    assert request.planned_end_on == timezone.localdate() + timedelta(days=28)


def test_the_second_responder_to_accept_is_told_it_is_taken(scenario, crisis):
    crisis.rita.languages = ["de", "en"]
    crisis.rita.save(update_fields=["languages"])
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    accept_request(scenario.mona, request)
    with pytest.raises(IllegalTransition, match="already accepted"):
        accept_request(crisis.rita, request)


def test_only_responders_of_the_program_can_accept(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    with pytest.raises(NotAllowed):
        accept_request(scenario.pete, request)


@pytest.mark.django_db(transaction=True)
def test_two_racing_responders_cannot_both_win(scenario, crisis):
    crisis.rita.languages = ["de", "en"]
    crisis.rita.save(update_fields=["languages"])
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def race(person):
        barrier.wait()
        try:
            accept_request(person, CrisisRequest.objects.get(pk=request.pk))
            outcomes.append("won")
        except IllegalTransition:
            outcomes.append("lost")
        except Exception as exc:  # a locked database counts as losing, never as winning
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(p,)) for p in (scenario.mona, crisis.rita)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.mentorship is not None


def test_one_live_request_per_person(scenario, crisis):
    ask_for_help(scenario.max, crisis.program, "Help", "en")
    with pytest.raises(InvalidInput, match="already have an open request"):
        ask_for_help(scenario.max, crisis.program, "Help again", "en")


def test_asking_needs_words_and_a_language_of_the_person(scenario, crisis):
    with pytest.raises(InvalidInput) as empty:
        ask_for_help(scenario.max, crisis.program, "   ", "en")
    assert "need" in empty.value.field_errors
    with pytest.raises(InvalidInput) as language:
        ask_for_help(scenario.max, crisis.program, "Help", "fr")
    assert "language" in language.value.field_errors


def test_asking_queues_the_escalation_at_the_target(
    scenario, crisis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    task = Task.objects.get(kind="crisis.escalate")
    assert task.payload == {"request_id": request.pk, "at_once": False}
    assert task.run_after == request.created_at + timedelta(minutes=15)


def test_escalates_to_the_lead_after_the_target_time_once(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    run_tasks()  # the responders hear; the escalation waits
    assert CrisisRequest.objects.get(pk=request.pk).status == RequestStatus.OPEN
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            run_tasks()
        run_tasks()
        assert escalate_if_unanswered(request.pk) is False  # once
    request.refresh_from_db()
    assert request.status == RequestStatus.ESCALATED
    assert [m.to for m in mail.outbox] == [[crisis.lead.email]]
    assert "Help" not in mail.outbox[0].subject


def test_does_not_escalate_before_the_target_or_once_accepted(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    assert (
        escalate_if_unanswered(request.pk, now=request.created_at + timedelta(minutes=14)) is False
    )
    accept_request(scenario.mona, request)
    later = request.created_at + timedelta(minutes=30)
    assert escalate_if_unanswered(request.pk, now=later) is False
    assert CrisisRequest.objects.get(pk=request.pk).status == RequestStatus.ACCEPTED


def test_without_a_lead_the_managers_hear(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    from mentorhub.crisis.models import CrisisSettings

    CrisisSettings.objects.filter(program=crisis.program).update(safeguarding_lead=None)
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    with django_capture_on_commit_callbacks(execute=True):
        escalate_if_unanswered(request.pk, now=request.created_at + timedelta(minutes=20))
    run_tasks()
    assert [m.to for m in mail.outbox] == [[scenario.pete.email]]


def test_the_lead_assigns_an_escalated_request_to_a_responder(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    escalate_if_unanswered(request.pk, now=request.created_at + timedelta(minutes=20))
    request.refresh_from_db()
    with pytest.raises(NotAllowed):
        assign_request(scenario.pete, request, crisis.rita_responder)
    request = assign_request(crisis.lead, request, crisis.rita_responder)
    assert request.accepted_by == crisis.rita
    assert request.mentorship is not None


def test_closing_ends_the_mentorship_with_the_hand_off_note(scenario, crisis):
    request = accept_request(
        scenario.mona, ask_for_help(scenario.max, crisis.program, "Help", "en")
    )
    with pytest.raises(InvalidInput) as missing:
        close_request(scenario.mona, request, "  ")
    assert "hand_off" in missing.value.field_errors
    with pytest.raises(NotAllowed):
        close_request(scenario.max, request, "Done")
    request = close_request(scenario.mona, request, "Connected with the EAP.")
    assert request.status == RequestStatus.CLOSED
    mentorship = Mentorship.objects.get(crisis_request=request)
    assert mentorship.status == Status.COMPLETED
    assert mentorship.reason == "Connected with the EAP."
    # The seat is free again: the same person may ask once more later.
    ask_for_help(scenario.max, crisis.program, "Help again", "en")


def test_the_requester_withdraws_a_waiting_request(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    with pytest.raises(NotAllowed):
        withdraw_request(scenario.mona, request)
    assert withdraw_request(scenario.max, request).status == RequestStatus.WITHDRAWN
    with pytest.raises(IllegalTransition):
        accept_request(scenario.mona, request)


def test_audit_labels_never_carry_the_content(scenario, crisis):
    ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    for event in AuditEvent.objects.filter(verb__startswith="crisis_request"):
        assert "secret" not in event.target_label
        assert "secret" not in str(event.details)


def test_contacts_need_a_phone_or_an_https_address(scenario, crisis):
    with pytest.raises(InvalidInput) as nothing:
        add_emergency_contact(scenario.pete, crisis.program, Contact("Hotline"))
    assert "phone" in nothing.value.field_errors
    with pytest.raises(InvalidInput) as plain:
        add_emergency_contact(scenario.pete, crisis.program, Contact("X", url="http://x.test"))
    assert "url" in plain.value.field_errors
    with pytest.raises(NotAllowed):
        add_emergency_contact(scenario.max, crisis.program, Contact("X", phone="112"))


def test_a_quiet_crisis_mentorship_nudges_its_members_but_never_tells_managers_who(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    from mentorhub.mentorships.nudges import nudge_quiet_mentorships

    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "H", "en"))
    later = timezone.now() + timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        nudge_quiet_mentorships(now=later)
    run_tasks()
    told = {address for m in mail.outbox for address in m.to}
    assert scenario.max.email in told  # the members hear
    assert scenario.pete.email not in told and scenario.alice.email not in told
    assert request.mentorship is not None


def test_with_nobody_on_call_it_escalates_at_once(
    scenario, crisis, django_capture_on_commit_callbacks, run_tasks
):
    set_on_call(scenario.mona, crisis.program, False)
    with django_capture_on_commit_callbacks(execute=True):
        request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    run_tasks()
    assert CrisisRequest.objects.get(pk=request.pk).status == RequestStatus.ESCALATED
    assert [m.to for m in mail.outbox] == [[crisis.lead.email]]
