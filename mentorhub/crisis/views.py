"""Crisis pages: ask for urgent help, a request's page, the responder queue, and a program's
crisis set-up for its managers (the rota's pages are in views_rota.py). Every look at a
request is audit-logged."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorhub.crisis import rota, services
from mentorhub.crisis.access import (
    get_crisis_program_for,
    get_managed_crisis_program_for,
    get_request_for,
    get_waiting_request_for,
    is_lead,
    settings_of,
    visible_requests,
    waiting_for,
)
from mentorhub.crisis.forms import (
    AskForm,
    AssignForm,
    AvailabilityForm,
    ContactForm,
    ExtendForm,
    HandOffForm,
    ResponderForm,
    SettingsForm,
)
from mentorhub.crisis.help import help_contacts
from mentorhub.crisis.models import EmergencyContact, RequestStatus, Responder
from mentorhub.crisis.reports import crisis_report
from mentorhub.crisis.views_rota import coverage_for
from mentorhub.errors import DomainError, NotAllowed
from mentorhub.web import (
    acting_person,
    apply_to_form,
    member_view,
    query_id,
    run_action,
    run_form_action,
)


def _request_url(request_id: int) -> str:
    return reverse("crisis_request", args=[request_id])


@member_view
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_crisis_program_for(viewer, program_id)
    form = AskForm(request.POST or None, person=viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asked = services.ask_for_help(viewer, program, data["need"], data["language"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Your request is on its way to the responders on call.")
            return redirect(_request_url(asked.pk))
    context = {
        "program": program,
        "form": form,
        "contacts": help_contacts(program, viewer.languages or []),
    }
    return render(request, "crisis/ask.html", context)


@member_view
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_request_for(viewer, request_id)
    services.record_view(viewer, crisis_request, "web")
    program = crisis_request.program
    lead = is_lead(viewer, program)
    responder = crisis_request.accepted_by_id == viewer.pk
    context: dict[str, Any] = {
        "crisis_request": crisis_request,
        "program": program,
        "is_requester": crisis_request.requester_id == viewer.pk,
        "contacts": help_contacts(program, crisis_request.requester.languages or []),
        "viewer_zone": timezone.get_current_timezone_name(),
        "can_withdraw": crisis_request.is_waiting and crisis_request.requester_id == viewer.pk,
        "assign_form": AssignForm(program=program) if lead and crisis_request.is_waiting else None,
        "extend_form": (
            ExtendForm()
            if (responder or lead) and crisis_request.status == RequestStatus.ACCEPTED
            else None
        ),
        "past_planned_end": crisis_request.status == RequestStatus.ACCEPTED
        and crisis_request.planned_end_on is not None
        and crisis_request.planned_end_on < timezone.localdate(),
        "close_form": (
            HandOffForm()
            if (responder and crisis_request.status == RequestStatus.ACCEPTED)
            or (lead and crisis_request.status == RequestStatus.ESCALATED)
            else None
        ),
    }
    return render(request, "crisis/request.html", context)


@member_view
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    mine = visible_requests(viewer).select_related("program").order_by("-created_at")[:50]
    now = timezone.now()
    responder_of = [
        {
            "responder": r,
            "in_hours": rota.in_hours(r, now),
            "form": AvailabilityForm.for_responder(r),
        }
        for r in rota.active_responders(person=viewer, program__organization=viewer.organization)
    ]
    context = {
        "waiting": waiting_for(viewer),
        "mine": mine,
        "responder_of": responder_of,
        "now": now,
        "zone": viewer.timezone,
    }
    return render(request, "crisis/queue.html", context)


@member_view
@require_POST
def accept(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_waiting_request_for(viewer, request_id)
    try:
        services.accept_request(viewer, crisis_request)
    except DomainError as exc:
        _flash_refusal(request, exc)
        return redirect("crisis_queue")
    messages.success(request, "You have accepted the request: reach out to the person now.")
    return redirect(_request_url(crisis_request.pk))


def _flash_refusal(request: HttpRequest, error: DomainError) -> None:
    if isinstance(error, NotAllowed):
        raise error
    messages.error(request, error.message)


@member_view
@require_POST
def assign(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_request_for(viewer, request_id)
    return run_form_action(
        request,
        AssignForm(request.POST, program=crisis_request.program),
        lambda data: services.assign_request(viewer, crisis_request, data["responder"]),
        "The request is assigned; the responder has been told.",
        _request_url(crisis_request.pk),
        refusal="Choose a trained responder of this program.",
    )


@member_view
@require_POST
def close(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_request_for(viewer, request_id)
    return run_form_action(
        request,
        HandOffForm(request.POST),
        lambda data: services.close_request(viewer, crisis_request, data["hand_off"], data["mode"]),
        "Closed with your hand-off note.",
        _request_url(crisis_request.pk),
        refusal="Write a hand-off note: where the person goes next.",
    )


@member_view
@require_POST
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = acting_person(request)
    crisis_request = get_request_for(viewer, request_id)
    return run_action(
        request,
        lambda: services.withdraw_request(viewer, crisis_request),
        "Your request is withdrawn.",
        _request_url(crisis_request.pk),
    )


@member_view
@require_POST
def on_call(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_crisis_program_for(viewer, program_id)
    going = request.POST.get("on_call") == "on"
    return run_action(
        request,
        lambda: services.set_on_call(viewer, program, going),
        "You are on call now, whatever your hours say, until you switch off."
        if going
        else "Switched off: your weekly hours (if any) decide when you are on call.",
        "/crisis/",
    )


SETUP_ACTIONS = ("settings", "contact", "remove_contact", "responder", "remove_responder")


@member_view
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, program_id: int) -> HttpResponse:
    """The managers' page: settings, help-now contacts, responders, and counts (no names)."""
    viewer = acting_person(request)
    program = get_managed_crisis_program_for(viewer, program_id)
    settings = settings_of(program)
    forms = {
        "settings": SettingsForm(
            initial={
                "response_minutes": settings.response_minutes,
                "default_length_days": settings.default_length_days,
                "safeguarding_lead": settings.safeguarding_lead_id,
            },
            program=program,
        ),
        "contact": ContactForm(),
        "responder": ResponderForm(program=program),
    }
    action = request.POST.get("action", "")
    if request.method == "POST":
        done = _setup_action(request, viewer, program, action, forms)
        if done:
            return redirect(reverse("crisis_setup", args=[program.pk]))
    context = {
        "program": program,
        "settings": settings,
        "forms": forms,
        "contacts": EmergencyContact.objects.filter(program=program),
        "responders": Responder.objects.filter(program=program).select_related("person"),
        "report": crisis_report(program),
        "coverage": coverage_for(viewer, program),
    }
    return render(request, "crisis/setup.html", context)


def _setup_action(
    request: HttpRequest, viewer: Any, program: Any, action: str, forms: dict[str, Any]
) -> bool:
    """Run one set-up action; True when it is done (a redirect), False to show the form."""
    if action not in SETUP_ACTIONS:
        messages.error(request, "Unknown action.")
        return True
    if action in ("remove_contact", "remove_responder"):
        model = EmergencyContact if action == "remove_contact" else Responder
        row_id = query_id(request.POST.get("id")) or 0
        row = model.objects.filter(program=program, pk=row_id).first()
        if row is None:
            messages.error(request, "That entry is already gone.")
            return True
        if isinstance(row, EmergencyContact):
            services.remove_emergency_contact(viewer, row)
        else:
            services.unmark_responder(viewer, row)
        messages.success(request, "Removed.")
        return True
    form_class = {"settings": SettingsForm, "contact": ContactForm, "responder": ResponderForm}
    kwargs = {} if action == "contact" else {"program": program}
    form = form_class[action](request.POST, **kwargs)
    forms[action] = form
    if not form.is_valid():
        return False
    try:
        if action == "settings":
            services.update_crisis_settings(viewer, program, form.change())
        elif action == "contact":
            services.add_emergency_contact(viewer, program, form.contact())
        else:
            data = form.cleaned_data
            services.mark_responder(
                viewer, data["enrollment"], data["trained_on"], data["on_call"], data["note"]
            )
    except DomainError as exc:
        apply_to_form(form, exc)
        return False
    messages.success(request, "Saved.")
    return True
