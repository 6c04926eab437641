"""REST endpoints for the program calendar: list, add, change and cancel a program's events."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime, field_validator

from mentorhub.apitools import LONG_TEXT, SHORT_TEXT, InputSchema, refuse_null
from mentorhub.people.access import acting_person
from mentorhub.programs.access import get_program_for
from mentorhub.programs.calendar import (
    EventPlan,
    add_event,
    cancel_event,
    ends_at,
    get_event_for,
    program_events,
    update_event,
)
from mentorhub.programs.models import (
    MAX_EVENT_MINUTES,
    MIN_EVENT_MINUTES,
    EventAudience,
    ProgramEvent,
)

router = Router(tags=["programs"])
T = TypeVar("T")
MAX_LISTED = 500
VIDEO_HELP = "A full https:// address (Zoom, Teams, Jitsi…)."


class EventOut(Schema):
    id: int
    program_id: int
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    location: str
    video_url: str
    audience: EventAudience
    sequence: int = Field(description="Rises with each change, as in the .ics invitations.")
    cancelled_at: datetime | None


class EventIn(InputSchema):
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    starts_at: AwareDatetime = Field(description="With an offset, e.g. 2026-03-10T14:00:00Z.")
    minutes: int = Field(60, ge=MIN_EVENT_MINUTES, le=MAX_EVENT_MINUTES)
    description: str = Field("", max_length=LONG_TEXT)
    location: str = Field("", max_length=SHORT_TEXT)
    video_url: str = Field("", max_length=500, description=VIDEO_HELP)
    audience: EventAudience = EventAudience.EVERYONE


class EventChangeIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    starts_at: AwareDatetime | None = None
    minutes: int | None = Field(None, ge=MIN_EVENT_MINUTES, le=MAX_EVENT_MINUTES)
    description: str | None = Field(None, max_length=LONG_TEXT, description="null clears it.")
    location: str | None = Field(None, max_length=SHORT_TEXT, description="null clears it.")
    video_url: str | None = Field(None, max_length=500, description=VIDEO_HELP)
    audience: EventAudience | None = None

    # The columns are NOT NULL: null clears a text, and is refused where an event needs a value.
    @field_validator("description", "location", "video_url", mode="before")
    @classmethod
    def _null_text_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("title", "starts_at", "minutes", "audience")
    @classmethod
    def _required(cls, value: T | None) -> T:
        return refuse_null(value)


def event_out(event: ProgramEvent) -> dict[str, Any]:
    fields = EventOut.model_fields.keys() - {"ends_at"}
    return {f: getattr(event, f) for f in fields} | {"ends_at": ends_at(event)}


@router.get(
    "/programs/{program_id}/events",
    response=list[EventOut],
    summary="The program's calendar: the events you may see",
)
def list_events(request: HttpRequest, program_id: int) -> list[dict[str, Any]]:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    return [event_out(e) for e in program_events(actor, program)[:MAX_LISTED]]


@router.post(
    "/programs/{program_id}/events",
    response={201: EventOut},
    summary="Add an event and invite its audience (program managers)",
)
def add(request: HttpRequest, program_id: int, payload: EventIn) -> Status[dict[str, Any]]:
    actor = acting_person(request)
    program = get_program_for(actor, program_id)
    return Status(201, event_out(add_event(actor, program, EventPlan(**payload.dict()))))


@router.patch(
    "/programs/{program_id}/events/{event_id}",
    response=EventOut,
    summary="Change an event; a new time, place or link sends an update (program managers)",
)
def change(
    request: HttpRequest, program_id: int, event_id: int, payload: EventChangeIn
) -> dict[str, Any]:
    actor = acting_person(request)
    event = get_event_for(actor, event_id, program_id)
    return event_out(update_event(actor, event, **payload.dict(exclude_unset=True)))


@router.post(
    "/programs/{program_id}/events/{event_id}/cancel",
    response=EventOut,
    summary="Cancel an event and send its audience a cancellation (program managers)",
)
def cancel(request: HttpRequest, program_id: int, event_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    return event_out(cancel_event(actor, get_event_for(actor, event_id, program_id)))
