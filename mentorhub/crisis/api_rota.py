"""REST endpoints for a crisis program's help-now contacts (managers), its trained responders
and their on-call hours (managers and the safeguarding lead), the week's coverage, and a
responder's own on-call switch and hours. Mounted by the crisis router."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import date, datetime, time
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from mentorhub.apitools import SHORT_TEXT, InputSchema, ObjectId
from mentorhub.crisis import rota, services
from mentorhub.crisis.access import (
    get_managed_crisis_program_for,
    get_own_responder_for,
    get_rota_program_for,
    get_rota_responder_for,
)
from mentorhub.crisis.coverage import week_coverage
from mentorhub.crisis.models import EmergencyContact, Responder
from mentorhub.errors import InvalidInput
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.programs.models import Enrollment

router = Router(tags=["crisis"])


class ContactRow(Schema):
    id: int
    name: str
    phone: str
    url: str
    note: str
    locale: str = Field(description="A language code; empty: shown to everyone.")


class ContactIn(InputSchema):
    name: str = Field(min_length=1, max_length=SHORT_TEXT)
    phone: str = Field("", max_length=40)
    url: str = Field("", max_length=200, description="An https:// address.")
    note: str = Field("", max_length=300)
    locale: str = Field("", max_length=16, description="e.g. de; empty for everyone.")


class SlotIO(Schema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    starts_at: time = Field(description="Wall-clock time in the responder's zone, no offset.")
    ends_at: time = Field(description="At or before the start: runs past midnight.")

    @field_validator("starts_at", "ends_at")
    @classmethod
    def wall_clock(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("Give a wall-clock time like 18:00, without an offset.")
        return value


class ResponderOut(Schema):
    id: int
    person: PersonRef
    trained_on: date
    note: str
    on_call: bool = Field(description="The switch: on call now, whatever the hours say.")
    away_through: date | None = Field(description="The last day away: hours pause.")
    time_zone: str = Field(description="The zone the hours are in: the responder's own.")
    hours: list[SlotIO]
    hours_text: str
    available_now: bool


class ResponderIn(InputSchema):
    person: ObjectId = Field(description="An enrolled mentor of the program.")
    trained_on: date
    on_call: bool = False
    note: str = Field("", max_length=300)


class AvailabilityIn(InputSchema):
    hours: list[SlotIO] = Field(max_length=rota.MAX_SLOTS, description="Replaces all hours.")
    away_through: date | None = None


class OnCallIn(InputSchema):
    on_call: bool


class CoverageDay(Schema):
    day: date
    responders: list[int] = Field(description="Responders on call for the whole hour, 0–23.")


class CoverageOut(Schema):
    time_zone: str
    days: list[CoverageDay]
    gap_hours: int = Field(description="Hours of the week nobody is on call by the rota.")
    uncovered_hours: dict[str, int] = Field(description="Per language, hours nobody speaks it.")


def _responder_out(responder: Responder, now: datetime | None = None) -> dict[str, Any]:
    slots = rota.slots_of(responder)
    return {
        "id": responder.pk,
        "person": responder.person,
        "trained_on": responder.trained_on,
        "note": responder.note,
        "on_call": responder.on_call,
        "away_through": responder.away_through,
        "time_zone": responder.person.timezone,
        "hours": [s.__dict__ for s in slots],
        "hours_text": rota.format_hours(slots),
        "available_now": rota.available_now(responder, now),
    }


def _reloaded(responder: Responder) -> dict[str, Any]:
    fresh = rota.active_responders(pk=responder.pk).first() or responder
    return _responder_out(fresh)


def _slots(payload: AvailabilityIn) -> list[rota.Slot]:
    return [rota.Slot(s.weekday, s.starts_at, s.ends_at) for s in payload.hours]


# Help-now contacts: the managers'.


@router.get(
    "/programs/{program_id}/crisis/contacts",
    response=list[ContactRow],
    summary="Help-now contacts, all languages (managers)",
)
def list_contacts(request: HttpRequest, program_id: int, locale: str | None = None) -> Any:
    program = get_managed_crisis_program_for(acting_person(request), program_id)
    contacts = EmergencyContact.objects.filter(program=program)
    return list(contacts if locale is None else contacts.filter(locale=locale.strip().lower()))


@router.post(
    "/programs/{program_id}/crisis/contacts",
    response={201: ContactRow},
    summary="Add a help-now contact (managers)",
)
def add_contact(request: HttpRequest, program_id: int, payload: ContactIn) -> Status:
    viewer = acting_person(request)
    program = get_managed_crisis_program_for(viewer, program_id)
    contact = services.Contact(**payload.dict())
    return Status(201, services.add_emergency_contact(viewer, program, contact))


@router.delete(
    "/programs/{program_id}/crisis/contacts/{contact_id}",
    response={204: None},
    summary="Remove a help-now contact (managers)",
)
def remove_contact(request: HttpRequest, program_id: int, contact_id: int) -> Status:
    viewer = acting_person(request)
    program = get_managed_crisis_program_for(viewer, program_id)
    contact = EmergencyContact.objects.filter(program=program, pk=contact_id).first()
    if contact is None:
        raise Http404("No such contact in this program.")
    services.remove_emergency_contact(viewer, contact)
    return Status(204, None)


# Responders and the rota: managers and the safeguarding lead.


@router.get(
    "/programs/{program_id}/crisis/responders",
    response=list[ResponderOut],
    summary="Trained responders and their hours (managers, lead)",
)
def list_responders(request: HttpRequest, program_id: int) -> list[dict[str, Any]]:
    program = get_rota_program_for(acting_person(request), program_id)
    now = timezone.now()
    return [_responder_out(r, now) for r in rota.active_responders(program=program)]


@router.post(
    "/programs/{program_id}/crisis/responders",
    response={201: ResponderOut},
    summary="Mark an enrolled mentor as a trained responder (managers)",
)
def mark_responder(request: HttpRequest, program_id: int, payload: ResponderIn) -> Status:
    viewer = acting_person(request)
    program = get_managed_crisis_program_for(viewer, program_id)
    enrollment = Enrollment.objects.filter(
        program=program, person_id=payload.person, role="mentor"
    ).first()
    if enrollment is None:
        raise InvalidInput(
            "That person is not enrolled as a mentor in this program.",
            field_errors={"person": ["Choose an enrolled mentor of this program."]},
        )
    responder = services.mark_responder(
        viewer, enrollment, payload.trained_on, payload.on_call, payload.note
    )
    return Status(201, _reloaded(responder))


@router.delete(
    "/programs/{program_id}/crisis/responders/{responder_id}",
    response={204: None},
    summary="Unmark a responder (managers)",
)
def unmark_responder(request: HttpRequest, program_id: int, responder_id: int) -> Status:
    viewer = acting_person(request)
    get_managed_crisis_program_for(viewer, program_id)
    services.unmark_responder(viewer, get_rota_responder_for(viewer, program_id, responder_id))
    return Status(204, None)


@router.put(
    "/programs/{program_id}/crisis/responders/{responder_id}/availability",
    response=ResponderOut,
    summary="Set a responder's weekly hours and days away (managers, lead)",
)
def set_availability(
    request: HttpRequest, program_id: int, responder_id: int, payload: AvailabilityIn
) -> dict[str, Any]:
    viewer = acting_person(request)
    responder = get_rota_responder_for(viewer, program_id, responder_id)
    rota.set_availability(viewer, responder, _slots(payload), payload.away_through)
    return _reloaded(responder)


@router.get(
    "/programs/{program_id}/crisis/coverage",
    response=CoverageOut,
    summary="The rota's coverage for 7 days, hour by hour (managers, lead)",
)
def coverage(request: HttpRequest, program_id: int, start: date | None = None) -> dict[str, Any]:
    viewer = acting_person(request)
    program = get_rota_program_for(viewer, program_id)
    zone = viewer.timezone or "UTC"
    first = start or timezone.now().astimezone(rota.zone_of(viewer)).date()
    week = week_coverage(program, zone, first)
    return {
        "time_zone": zone,
        "days": [{"day": d.day, "responders": [h.responders for h in d.hours]} for d in week.days],
        "gap_hours": week.gap_hours,
        "uncovered_hours": week.uncovered_hours(),
    }


# A responder's own switch and hours.


@router.get(
    "/programs/{program_id}/crisis/me",
    response=ResponderOut,
    summary="Your on-call switch and hours (responders)",
)
def my_availability(request: HttpRequest, program_id: int) -> dict[str, Any]:
    return _responder_out(get_own_responder_for(acting_person(request), program_id))


@router.put(
    "/programs/{program_id}/crisis/me/on-call",
    response=ResponderOut,
    summary="Go on call now, or back to your hours (responders)",
)
def set_my_on_call(request: HttpRequest, program_id: int, payload: OnCallIn) -> dict[str, Any]:
    viewer = acting_person(request)
    responder = get_own_responder_for(viewer, program_id)
    services.set_on_call(viewer, responder.program, payload.on_call)
    return _reloaded(responder)


@router.put(
    "/programs/{program_id}/crisis/me/availability",
    response=ResponderOut,
    summary="Set your weekly hours and days away (responders)",
)
def set_my_availability(
    request: HttpRequest, program_id: int, payload: AvailabilityIn
) -> dict[str, Any]:
    viewer = acting_person(request)
    responder = get_own_responder_for(viewer, program_id)
    rota.set_availability(viewer, responder, _slots(payload), payload.away_through)
    return _reloaded(responder)
