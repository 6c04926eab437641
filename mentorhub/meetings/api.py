"""REST endpoints for meetings: list, schedule, update, cancel, record held, notes, proposals."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from mentorhub.apitools import LONG_TEXT, MAX_ID, SHORT_TEXT, InputSchema, ObjectId
from mentorhub.errors import InvalidInput
from mentorhub.meetings.access import get_meeting_for, is_member, meetings_of, notes_for
from mentorhub.meetings.models import Frequency, Meeting, MeetingNote, MeetingStatus
from mentorhub.meetings.proposals import proposed_for
from mentorhub.meetings.series import cancel_series_from, edit_series, series_of
from mentorhub.meetings.services import (
    MeetingPlan,
    add_meeting_note,
    cancel_meeting,
    mark_meeting_held,
    schedule_meeting,
    update_meeting,
)
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef

router = Router(tags=["meetings"])
MAX_LISTED = 500
MentorshipId = Annotated[int, Query(ge=1, le=MAX_ID, description="The mentorship's id.")]


class MeetingOut(Schema):
    """Members see everything; managers and admins only when and whether it happened."""

    id: int
    mentorship_id: int
    series_id: int | None
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    status: MeetingStatus
    sequence: int
    title: str | None = None
    agenda: str | None = None
    location: str | None = None
    video_url: str | None = None


class NoteOut(Schema):
    id: int
    author: PersonRef
    body: str
    private: bool
    created_at: datetime


class ScheduleIn(InputSchema):
    mentorship: ObjectId
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    starts_at: AwareDatetime = Field(description="With an offset, e.g. 2026-03-10T14:00:00Z.")
    duration_minutes: int = Field(60, ge=5, le=1440)
    agenda: str = Field("", max_length=LONG_TEXT)
    location: str = Field("", max_length=300)
    video_url: str = Field("", max_length=500, description="A pasted Zoom/Teams link.")
    generate_video: bool = Field(False, description="Make a video room link instead.")
    frequency: Frequency | None = None
    count: int | None = Field(None, ge=1, le=52)
    until: date | None = None


class UpdateIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    starts_at: AwareDatetime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=1440)
    agenda: str | None = Field(None, max_length=LONG_TEXT)
    location: str | None = Field(None, max_length=300)
    video_url: str | None = Field(None, max_length=500)


class SeriesUpdateIn(UpdateIn):
    scope: Literal["following"] = Field(
        "following", description="This meeting and every later one of its series."
    )
    starts_at: AwareDatetime | None = Field(
        None, description="This meeting's new start; later ones keep its time of day."
    )


class NoteIn(InputSchema):
    body: str = Field(min_length=1, max_length=20_000)
    private: bool = False


def meeting_out(meeting: Meeting, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": meeting.pk,
        "mentorship_id": meeting.mentorship_id,
        "series_id": meeting.series_id,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "status": meeting.status,
        "sequence": meeting.sequence,
    }
    if full:
        out |= {f: getattr(meeting, f) for f in ("title", "agenda", "location", "video_url")}
    return out


def _mentorship(request: HttpRequest, mentorship_id: int) -> Mentorship:
    found = get_mentorship_for(acting_person(request), mentorship_id)
    return Mentorship.objects.prefetch_related("members__person").get(pk=found.pk)


@router.get("", response=list[MeetingOut], summary="A mentorship's meetings")
def list_meetings(request: HttpRequest, mentorship: MentorshipId) -> list[dict[str, Any]]:
    found = _mentorship(request, mentorship)
    full = is_member(acting_person(request), found)
    return [meeting_out(m, full) for m in meetings_of(found)[:MAX_LISTED]]


@router.post("", response={201: list[MeetingOut]}, summary="Schedule (members)")
def schedule(request: HttpRequest, payload: ScheduleIn) -> Status[list[dict[str, Any]]]:
    mentorship = _mentorship(request, payload.mentorship)
    plan = MeetingPlan(**payload.dict(exclude={"mentorship", "frequency"}))
    plan.frequency = payload.frequency or ""
    meetings = schedule_meeting(acting_person(request), mentorship, plan)
    return Status(201, [meeting_out(m, True) for m in meetings])


@router.get("/proposals", response=list[datetime], summary="Times when all members are free")
def proposals(
    request: HttpRequest,
    mentorship: MentorshipId,
    minutes: Annotated[int, Query(ge=15, le=240)] = 60,
) -> list[datetime]:
    return proposed_for(_mentorship(request, mentorship), minutes, timezone.now())


@router.get("/{meeting_id}", response=MeetingOut, summary="One meeting (members)")
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return meeting_out(get_meeting_for(acting_person(request), meeting_id), True)


@router.patch("/{meeting_id}", response=MeetingOut, summary="Change (sends an update)")
def update(request: HttpRequest, meeting_id: int, payload: UpdateIn) -> dict[str, Any]:
    actor = acting_person(request)
    changes = payload.dict(exclude_unset=True)
    meeting = update_meeting(actor, get_meeting_for(actor, meeting_id), **_changes(changes))
    return meeting_out(meeting, True)


def _changes(changes: dict[str, Any]) -> dict[str, Any]:
    """A meeting always has a title, a start and a length; other fields may be emptied."""
    required = [f for f in ("title", "starts_at", "duration_minutes") if f in changes]
    if any(changes[f] is None for f in required):
        nulls: dict[str, list[str]] = {f: ["Cannot be null; leave it out."] for f in required}
        raise InvalidInput("A meeting always has a title, a start and a length.", nulls)
    return {k: ("" if v is None else v) for k, v in changes.items()}


@router.patch(
    "/{meeting_id}/series",
    response=list[MeetingOut],
    summary="Change this and following (one update)",
)
def update_series(
    request: HttpRequest, meeting_id: int, payload: SeriesUpdateIn
) -> list[dict[str, Any]]:
    actor = acting_person(request)
    meeting = get_meeting_for(actor, meeting_id)
    changes = _changes(payload.dict(exclude_unset=True, exclude={"scope"}))
    changed = edit_series(actor, series_of(meeting), changes, meeting)
    return [meeting_out(m, True) for m in changed]


@router.post(
    "/{meeting_id}/series/cancel",
    response=list[MeetingOut],
    summary="Cancel this and following (ends the series)",
)
def cancel_series(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    actor = acting_person(request)
    meeting = get_meeting_for(actor, meeting_id)
    return [meeting_out(m, True) for m in cancel_series_from(actor, series_of(meeting), meeting)]


@router.post("/{meeting_id}/cancel", response=MeetingOut, summary="Cancel (sends a CANCEL)")
def cancel(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    return meeting_out(cancel_meeting(actor, get_meeting_for(actor, meeting_id)), True)


@router.post("/{meeting_id}/held", response=MeetingOut, summary="Record that it happened")
def held(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    return meeting_out(mark_meeting_held(actor, get_meeting_for(actor, meeting_id)), True)


@router.get("/{meeting_id}/notes", response=list[NoteOut], summary="Shared and your private notes")
def list_notes(request: HttpRequest, meeting_id: int) -> list[MeetingNote]:
    actor = acting_person(request)
    return list(notes_for(actor, get_meeting_for(actor, meeting_id)))


@router.post("/{meeting_id}/notes", response={201: NoteOut}, summary="Add a note")
def add_note(request: HttpRequest, meeting_id: int, payload: NoteIn) -> Status[MeetingNote]:
    actor = acting_person(request)
    meeting = get_meeting_for(actor, meeting_id)
    return Status(201, add_meeting_note(actor, meeting, payload.body, payload.private))
