"""The program calendar of structured (formal) programs: who sees which event, and the
managers' actions on them (add, change, cancel), each audited and sent to its audience.

Which programs have a calendar is the approach's choice (`structured` in approaches.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from icalendar import Event

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed, validate_model
from mentorhub.meetings import ical
from mentorhub.notify import email_people, email_silenced
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage, get_program_for
from mentorhub.programs.approaches import APPROACHES, EnrollmentRole
from mentorhub.programs.models import (
    MAX_EVENT_MINUTES,
    MIN_EVENT_MINUTES,
    Enrollment,
    EnrollmentStatus,
    EventAudience,
    Program,
    ProgramEvent,
)

EDITABLE = ("title", "description", "starts_at", "minutes", "location", "video_url", "audience")
# Changes that matter to a calendar app (when, where, how to join): the audience is emailed.
NOTIFIED = ("starts_at", "minutes", "location", "video_url")
# Who an audience narrower than everyone is: the enrollments in that role.
AUDIENCE_ROLE = {
    EventAudience.MENTORS: EnrollmentRole.MENTOR,
    EventAudience.MENTEES: EnrollmentRole.MENTEE,
}
SEES_EVENTS = (EnrollmentStatus.ACTIVE, EnrollmentStatus.APPLIED)
# How far ahead an event may be planned: a cohort's calendar, not a date at the end of time
# (which would not even convert to UTC).
MAX_YEARS_AHEAD = 5


@dataclass
class EventPlan:
    """What a manager gives when adding an event; `starts_at` is aware (UTC inside)."""

    title: str
    starts_at: datetime
    minutes: int = 60
    description: str = ""
    location: str = ""
    video_url: str = ""
    audience: str = EventAudience.EVERYONE


def ends_at(event: ProgramEvent) -> datetime:
    return event.starts_at + timedelta(minutes=event.minutes)


# --- who sees what -------------------------------------------------------------------------


def visible_events(person: Person) -> QuerySet[ProgramEvent]:
    """Events the person may see: all of the programs they manage (all, for org admins),
    and those whose audience includes their active or applied enrollment."""
    # Only structured programs have a calendar; one whose approach changed keeps its events
    # stored but shows them nowhere, like its calendar page.
    structured = [a.key for a in APPROACHES.values() if a.structured]
    events = ProgramEvent.objects.filter(
        program__organization_id=person.organization_id, program__approach__in=structured
    )
    if person.is_org_admin:
        return events
    enrolled = Enrollment.objects.filter(person=person, status__in=SEES_EVENTS)
    seen = Q(program_id__in=Program.objects.filter(managers=person).values("pk")) | Q(
        audience=EventAudience.EVERYONE, program_id__in=enrolled.values("program_id")
    )
    for audience, role in AUDIENCE_ROLE.items():
        in_role = enrolled.filter(role=role).values("program_id")
        seen |= Q(audience=audience, program_id__in=in_role)
    return events.filter(seen)


def program_events(person: Person, program: Program) -> QuerySet[ProgramEvent]:
    return visible_events(person).filter(program=program).select_related("program")


def get_event_for(person: Person, event_id: int, program_id: int | None = None) -> ProgramEvent:
    """One event the person may see (of `program_id`, when given); 404 otherwise."""
    events = visible_events(person).select_related("program", "program__organization", "created_by")
    if program_id is not None:
        events = events.filter(program_id=program_id)
    event = events.filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event.")
    return event


def next_event_for(person: Person) -> ProgramEvent | None:
    """The next event still to come on any calendar the person sees (for the dashboard)."""
    upcoming = visible_events(person).filter(
        starts_at__gte=timezone.now(), cancelled_at__isnull=True
    )
    return upcoming.select_related("program").order_by("starts_at", "id").first()


def has_calendar(program: Program) -> bool:
    return program.approach_rules.structured


def get_calendar_program_for(person: Person, program_id: int) -> Program:
    """A program the person may see that has a calendar (a structured one); 404 otherwise."""
    program = get_program_for(person, program_id)
    if not has_calendar(program):
        raise Http404("This program has no calendar; only structured (formal) programs do.")
    return program


# --- checks ---------------------------------------------------------------------------------


def _require_manager(actor: Person, program: Program) -> None:
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can change its calendar.")
    if not has_calendar(program):
        raise InvalidInput(
            f"{program.name} is a {program.get_approach_display().lower()} program: only "
            "structured (formal) programs have a program calendar."
        )


def _check_video_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise InvalidInput(
            "The video link must be a full https:// address, e.g. https://meet.example.org/kickoff.",
            {"video_url": ["Enter a full https:// address."]},
        ) from None
    return url


def _check_event(event: ProgramEvent) -> None:
    if not event.title.strip():
        raise InvalidInput("Give the event a title.", {"title": ["This field is required."]})
    if timezone.is_naive(event.starts_at):
        raise InvalidInput(
            "The start time needs a time zone.", {"starts_at": ["Give a time zone or offset."]}
        )
    if event.starts_at - timezone.now() > timedelta(days=366 * MAX_YEARS_AHEAD):
        raise InvalidInput(
            f"The event would start more than {MAX_YEARS_AHEAD} years from now; "
            "choose a nearer time.",
            {"starts_at": [f"At most {MAX_YEARS_AHEAD} years ahead."]},
        )
    event.starts_at = event.starts_at.astimezone(UTC)  # UTC inside, whatever zone it came in
    if not MIN_EVENT_MINUTES <= event.minutes <= MAX_EVENT_MINUTES:
        raise InvalidInput(
            f"An event lasts {MIN_EVENT_MINUTES} minutes to {MAX_EVENT_MINUTES // 60} hours.",
            {"minutes": [f"Between {MIN_EVENT_MINUTES} and {MAX_EVENT_MINUTES} minutes."]},
        )
    if event.audience not in EventAudience.values:
        choices = ", ".join(EventAudience.values)
        raise InvalidInput(
            f"Unknown audience {event.audience!r}; choose one of {choices}.",
            {"audience": [f"Choose one of {choices}."]},
        )
    event.video_url = _check_video_url(event.video_url)
    validate_model(event, exclude=["program", "created_by"])


def _check_future(starts_at: datetime) -> None:
    if starts_at <= timezone.now():
        raise InvalidInput(
            "The event would start in the past; choose a time still to come.",
            {"starts_at": ["This time has passed."]},
        )


# --- actions ---------------------------------------------------------------------------------


@transaction.atomic
def add_event(actor: Person, program: Program, plan: EventPlan) -> ProgramEvent:
    _require_manager(actor, program)
    event = ProgramEvent(
        program=program,
        title=plan.title.strip(),
        description=plan.description.strip(),
        starts_at=plan.starts_at,
        minutes=plan.minutes,
        location=plan.location.strip(),
        video_url=plan.video_url,
        audience=plan.audience,
        created_by=actor,
    )
    _check_event(event)
    _check_future(event.starts_at)
    event.save()
    record(actor, "program_event.added", event, program.organization, program=program.pk)
    _send(event, "REQUEST", audience_of(event))
    return event


def _locked(event: ProgramEvent) -> ProgramEvent:
    """The event's row, locked so concurrent changes each raise the sequence once."""
    locked = ProgramEvent.objects.select_for_update().get(pk=event.pk)
    locked.program = event.program
    if locked.cancelled_at is not None:
        raise IllegalTransition(f"“{locked.title}” is cancelled; add a new event instead.")
    return locked


@transaction.atomic
def update_event(actor: Person, event: ProgramEvent, **changes: Any) -> ProgramEvent:
    _require_manager(actor, event.program)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot change: {', '.join(sorted(unknown))}.")
    event = _locked(event)
    changes = {f: v.strip() if isinstance(v, str) else v for f, v in changes.items()}
    changed = [f for f, value in changes.items() if value != getattr(event, f)]
    before = audience_of(event)
    for field in changed:
        setattr(event, field, changes[field])
    _check_event(event)
    if "starts_at" in changed:
        _check_future(event.starts_at)
    if not changed:
        return event
    event.sequence += 1
    event.updated_at = timezone.now()
    event.save()
    record(actor, "program_event.updated", event, event.program.organization, fields=changed)
    _tell_about_change(event, changed, before)
    return event


def _tell_about_change(event: ProgramEvent, changed: list[str], before: list[Person]) -> None:
    """When, where or how to join changed: everyone in the audience gets the update. People
    the audience no longer includes get a cancellation; those it newly includes, the event."""
    after = audience_of(event)
    was = {p.pk for p in before}
    now = {p.pk for p in after}
    _send(event, "CANCEL", [p for p in before if p.pk not in now])
    if any(f in NOTIFIED for f in changed):
        _send(event, "REQUEST", after)
    else:
        _send(event, "REQUEST", [p for p in after if p.pk not in was])


@transaction.atomic
def cancel_event(actor: Person, event: ProgramEvent) -> ProgramEvent:
    _require_manager(actor, event.program)
    event = _locked(event)
    event.cancelled_at = event.updated_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    record(actor, "program_event.cancelled", event, event.program.organization)
    _send(event, "CANCEL", audience_of(event))
    return event


# --- the audience and its invitations -----------------------------------------------------------


def audience_of(event: ProgramEvent) -> list[Person]:
    """Who is emailed about the event: enrolled active participants of its audience's role,
    and the program's managers always."""
    enrolled = Enrollment.objects.filter(
        program_id=event.program_id, status=EnrollmentStatus.ACTIVE
    )
    role = AUDIENCE_ROLE.get(EventAudience(event.audience))
    if role is not None:
        enrolled = enrolled.filter(role=role)
    return list(
        Person.objects.filter(
            Q(pk__in=enrolled.values("person_id")) | Q(pk__in=event.program.managers.values("pk"))
        ).order_by("pk")
    )


def event_page(event: ProgramEvent) -> str:
    return f"{settings.SITE_URL}/programs/{event.program_id}/calendar/#event-{event.pk}"


def event_vevent(event: ProgramEvent) -> Event:
    """The event as an iCalendar VEVENT (`created_by` is read: select it with the event)."""
    return ical.vevent(
        ical.Entry(
            uid=ical.entry_uid("program-event", event.pk),
            sequence=event.sequence,
            starts_at=event.starts_at,
            ends_at=ends_at(event),
            summary=event.title,
            cancelled=event.cancelled_at is not None,
            page=f"Program calendar: {event_page(event)}",
            notes=event.description,
            location=event.location,
            video_url=event.video_url,
            organizer=event.created_by,
        )
    )


def _send(event: ProgramEvent, method: str, people: list[Person]) -> None:
    """Email the .ics: REQUEST to add or update, CANCEL to remove. The key names the
    sequence, so an update is a new email while a retry of the same is not."""
    if not people or email_silenced():
        return  # nobody would get it (the demo): skip building the calendar
    name = "program_event_cancelled" if method == "CANCEL" else "program_event_invitation"
    email_people(
        people,
        name,
        key=f"{name}:event={event.pk}:sequence={event.sequence}",
        attachments=[ical.ics_attachment([event_vevent(event)], method)],
        event=event,
    )
