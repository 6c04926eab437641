"""Around the planned end: the responder may extend (bounded, with a reason), reminders go
before and after the end, the lead hears a week later, and nothing ever closes on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.ending import extend_planned_end, remind_planned_ends
from mentorhub.crisis.models import CrisisRequest, RequestStatus
from mentorhub.crisis.services import accept_request, ask_for_help
from mentorhub.errors import InvalidInput, NotAllowed


@pytest.fixture
def under_way(scenario, crisis):
    """Mona has accepted Max's request today: planned to end in 28 days."""
    return accept_request(
        scenario.mona, ask_for_help(scenario.max, crisis.program, "Secret trouble", "en")
    )


def _sweep(days_after_start, django_capture_on_commit_callbacks, run_tasks):
    with time_machine.travel(timezone.now() + timedelta(days=days_after_start), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sent = remind_planned_ends()
        run_tasks()
    return sent


def test_the_responder_extends_within_six_weeks_and_the_lead_beyond(scenario, crisis, under_way):
    end = under_way.planned_end_on
    today = timezone.localdate()
    extended = extend_planned_end(scenario.mona, under_way, end + timedelta(days=7), "Needs time")
    assert extended.planned_end_on == end + timedelta(days=7)
    with pytest.raises(InvalidInput) as too_far:
        extend_planned_end(scenario.mona, under_way, today + timedelta(days=43), "More")
    assert "planned_end_on" in too_far.value.field_errors
    extend_planned_end(crisis.lead, under_way, today + timedelta(days=60), "Court date")
    assert [c.reason for c in under_way.planned_end_changes.all()] == ["Needs time", "Court date"]
    event = AuditEvent.objects.filter(verb="crisis_request.extended").first()
    assert event is not None and "Needs time" not in str(event.details)


def test_extending_needs_a_reason_a_later_day_and_the_right_person(scenario, crisis, under_way):
    later = under_way.planned_end_on + timedelta(days=3)
    with pytest.raises(InvalidInput) as no_reason:
        extend_planned_end(scenario.mona, under_way, later, "  ")
    assert "reason" in no_reason.value.field_errors
    with pytest.raises(InvalidInput) as earlier:
        extend_planned_end(scenario.mona, under_way, under_way.planned_end_on, "Why")
    assert "planned_end_on" in earlier.value.field_errors
    for person in (scenario.max, scenario.pete, scenario.alice, crisis.rita):
        with pytest.raises(NotAllowed):
            extend_planned_end(person, under_way, later, "Why")


def test_the_responder_is_reminded_before_and_after_the_end_once_each(
    scenario, crisis, under_way, django_capture_on_commit_callbacks, run_tasks
):
    sweep = (django_capture_on_commit_callbacks, run_tasks)
    assert _sweep(24, *sweep) == 0  # four days before: not yet
    assert _sweep(25, *sweep) == 1
    assert _sweep(25, *sweep) == 0  # the next hour's sweep sends nothing again
    assert _sweep(29, *sweep) == 1
    assert [m.to for m in mail.outbox] == [[scenario.mona.email], [scenario.mona.email]]
    assert "Prepare the hand-off" in mail.outbox[0].subject
    assert all("Secret" not in m.body and scenario.max.full_name not in m.body for m in mail.outbox)
    assert CrisisRequest.objects.get(pk=under_way.pk).status == RequestStatus.ACCEPTED


def test_the_lead_hears_a_week_after_the_end_and_an_extension_rearms_the_reminders(
    scenario, crisis, under_way, django_capture_on_commit_callbacks, run_tasks
):
    sweep = (django_capture_on_commit_callbacks, run_tasks)
    assert _sweep(36, *sweep) == 2  # past the end, and a week past it: both at once
    told = [m.to[0] for m in mail.outbox]
    assert crisis.lead.email in told and scenario.pete.email not in told
    with time_machine.travel(timezone.now() + timedelta(days=36), tick=False):
        new_end = timezone.localdate() + timedelta(days=5)
        extend_planned_end(crisis.lead, under_way, new_end, "Still in hospital")
    assert _sweep(39, *sweep) == 1  # ending soon, for the new end
    assert CrisisRequest.objects.get(pk=under_way.pk).status == RequestStatus.ACCEPTED


def test_a_mentorship_ended_from_its_own_page_still_lets_the_request_close(
    scenario, crisis, under_way, django_capture_on_commit_callbacks, run_tasks
):
    # The requester ends the mentorship from the mentorship page: the responder must still be
    # able to close the request with a hand-off, or the reminders would go on for ever.
    from mentorhub.crisis.services import close_request
    from mentorhub.mentorships.services import close_mentorship

    close_mentorship(scenario.max, under_way.mentorship, "completed", "I am fine now")
    closed = close_request(scenario.mona, under_way, "Back to the EAP")
    assert closed.status == RequestStatus.CLOSED
    assert closed.mentorship is not None and closed.mentorship.status == "completed"
    assert _sweep(40, django_capture_on_commit_callbacks, run_tasks) == 0
