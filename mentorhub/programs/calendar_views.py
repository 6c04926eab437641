"""The program calendar pages: events and cohort dates by month, the managers' forms, .ics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorhub.errors import DomainError, NotAllowed
from mentorhub.meetings import ical
from mentorhub.programs.access import can_manage
from mentorhub.programs.calendar import (
    EDITABLE,
    EventPlan,
    add_event,
    cancel_event,
    event_vevent,
    get_calendar_program_for,
    get_event_for,
    program_events,
    update_event,
)
from mentorhub.programs.models import (
    MAX_EVENT_MINUTES,
    MIN_EVENT_MINUTES,
    EventAudience,
    Program,
    ProgramEvent,
)
from mentorhub.web import acting_person, apply_to_form, member_view, run_action

MAX_LISTED = 200  # per list (upcoming, past): a page stays bounded whatever the history


class EventForm(forms.Form):
    """A program event; the start is read in the manager's own time zone."""

    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your time zone.",
    )
    minutes = forms.IntegerField(
        min_value=MIN_EVENT_MINUTES, max_value=MAX_EVENT_MINUTES, initial=60
    )
    location = forms.CharField(max_length=200, required=False)
    video_url = forms.CharField(
        label="Video link", max_length=500, required=False, help_text="A full https:// address."
    )
    audience = forms.ChoiceField(choices=EventAudience.choices, initial=EventAudience.EVERYONE)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    @classmethod
    def for_event(cls, event: ProgramEvent) -> EventForm:
        return cls(initial={f: getattr(event, f) for f in EDITABLE})

    def plan(self) -> EventPlan:
        return EventPlan(**self.cleaned_data)


@dataclass(frozen=True)
class Item:
    """One line of the calendar: an event, or one of the program's cohort dates."""

    day: date  # in the viewer's time zone
    event: ProgramEvent | None = None
    label: str = ""


@dataclass
class Month:
    first: date
    items: list[Item] = field(default_factory=list)


def cohort_dates(program: Program) -> list[Item]:
    dates = [
        (program.applications_close_on, "Applications close"),
        (program.starts_on, "Program starts"),
        (program.ends_on, "Program ends"),
    ]
    return [Item(day, label=label) for day, label in dates if day is not None]


def by_month(items: list[Item], newest_first: bool = False) -> list[Month]:
    ordered = sorted(items, key=lambda i: (i.day, i.event is not None), reverse=newest_first)
    return [
        Month(first, list(grouped))
        for first, grouped in groupby(ordered, key=lambda i: i.day.replace(day=1))
    ]


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _page(request: HttpRequest, program: Program, form: EventForm | None = None) -> HttpResponse:
    viewer = acting_person(request)
    managing = can_manage(viewer, program)
    now = timezone.now()
    today = _local_day(now)
    events = program_events(viewer, program)
    upcoming = [
        Item(_local_day(e.starts_at), e) for e in events.filter(starts_at__gte=now)[:MAX_LISTED]
    ]
    past = [
        Item(_local_day(e.starts_at), e)
        for e in events.filter(starts_at__lt=now).order_by("-starts_at")[:MAX_LISTED]
    ]
    dates = cohort_dates(program)
    context: dict[str, Any] = {
        "program": program,
        "managing": managing,
        "upcoming": by_month(upcoming + [d for d in dates if d.day >= today]),
        "past": by_month(past + [d for d in dates if d.day < today], newest_first=True),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    if managing:
        context["form"] = form or EventForm()
    return render(request, "programs/calendar.html", context)


def _back(program_id: int) -> str:
    return reverse("program_calendar", args=[program_id])


@member_view
@require_http_methods(["GET", "POST"])
def program_calendar(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_calendar_program_for(acting_person(request), program_id)
    if request.method != "POST":
        return _page(request, program)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            add_event(acting_person(request), program, form.plan())
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Added to the calendar; its audience has been invited.")
            return redirect(_back(program.pk))
    return _page(request, program, form)


@member_view
@require_http_methods(["GET", "POST"])
def program_event_edit(request: HttpRequest, program_id: int, event_id: int) -> HttpResponse:
    viewer = acting_person(request)
    event = get_event_for(viewer, event_id, program_id)
    if not can_manage(viewer, event.program):
        raise NotAllowed("Only this program's managers can change its calendar.")
    form = EventForm(request.POST) if request.method == "POST" else EventForm.for_event(event)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes["starts_at"] == event.starts_at.replace(second=0, microsecond=0):
            changes["starts_at"] = event.starts_at  # the form shows whole minutes: not moved
        try:
            update_event(viewer, event, **changes)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Changed; its audience has been sent the update.")
            return redirect(_back(program_id))
    return render(request, "programs/event_form.html", {"event": event, "form": form})


@member_view
@require_POST
def program_event_cancel(request: HttpRequest, program_id: int, event_id: int) -> HttpResponse:
    viewer = acting_person(request)
    event = get_event_for(viewer, event_id, program_id)
    return run_action(
        request,
        lambda: cancel_event(viewer, event),
        "Cancelled; its audience has been sent a cancellation.",
        _back(program_id),
    )


@member_view
@require_GET
def program_event_ics(request: HttpRequest, program_id: int, event_id: int) -> HttpResponse:
    event = get_event_for(acting_person(request), event_id, program_id)
    body = ical.calendar_of([event_vevent(event)], "PUBLISH")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-event-{event.pk}.ics"'
    return response
