"""Crisis pages for the rota and the planned end: a responder's own hours and days away, the
rota page (coverage and everyone's hours) for managers and the lead, and extending a crisis
mentorship's planned end."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from mentorhub.crisis import rota
from mentorhub.crisis.access import (
    get_own_responder_for,
    get_request_for,
    get_rota_program_for,
    get_rota_responder_for,
)
from mentorhub.crisis.coverage import Coverage, week_coverage
from mentorhub.crisis.ending import extend_planned_end
from mentorhub.crisis.forms import AvailabilityForm, ExtendForm
from mentorhub.crisis.models import Responder
from mentorhub.people.models import Person
from mentorhub.programs.models import Program
from mentorhub.web import acting_person, member_view, run_form_action

SAVED = "Saved: your hours are in your own time zone."


def coverage_for(viewer: Person, program: Program) -> Coverage:
    """The coming week from today, in the viewer's zone."""
    today = timezone.now().astimezone(rota.zone_of(viewer)).date()
    return week_coverage(program, viewer.timezone or "UTC", today)


@member_view
@require_POST
def my_availability(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    responder = get_own_responder_for(viewer, program_id)
    return _save_availability(request, viewer, responder, SAVED, reverse("crisis_queue"))


@member_view
@require_GET
def rota_page(request: HttpRequest, program_id: int) -> HttpResponse:
    """Managers and the lead: the week's coverage and every responder's hours."""
    viewer = acting_person(request)
    program = get_rota_program_for(viewer, program_id)
    now = timezone.now()
    rows = [
        {
            "responder": r,
            "available": rota.available_now(r, now),
            "hours": rota.format_hours(rota.slots_of(r)),
            "form": AvailabilityForm.for_responder(r),
        }
        for r in rota.active_responders(program=program)
    ]
    context: dict[str, Any] = {
        "program": program,
        "rows": rows,
        "coverage": coverage_for(viewer, program),
    }
    return render(request, "crisis/rota.html", context)


@member_view
@require_POST
def set_responder_hours(request: HttpRequest, program_id: int, responder_id: int) -> HttpResponse:
    viewer = acting_person(request)
    responder = get_rota_responder_for(viewer, program_id, responder_id)
    saved = f"Saved {responder.person.full_name}'s hours (in {responder.person.timezone})."
    return _save_availability(
        request, viewer, responder, saved, reverse("crisis_rota", args=[program_id])
    )


def _save_availability(
    request: HttpRequest, viewer: Person, responder: Responder, saved: str, next_url: str
) -> HttpResponse:
    return run_form_action(
        request,
        AvailabilityForm(request.POST),
        lambda data: rota.set_availability(viewer, responder, data["hours"], data["away_through"]),
        saved,
        next_url,
    )


@member_view
@require_POST
def extend(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_request_for(viewer, request_id)
    return run_form_action(
        request,
        ExtendForm(request.POST),
        lambda data: extend_planned_end(
            viewer, crisis_request, data["planned_end_on"], data["reason"]
        ),
        "The planned end is extended.",
        reverse("crisis_request", args=[crisis_request.pk]),
    )
