"""REST endpoints for personal development: the reflection journal and wellbeing answers."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from mentorhub.apitools import MAX_ID, InputSchema, ObjectId
from mentorhub.journal import services
from mentorhub.journal.access import (
    entries_for,
    get_own_entry_for,
    get_personal_mentorship_for,
    get_wellbeing_checkin_for,
)
from mentorhub.journal.models import MAX_ENTRY, JournalEntry, WellbeingAnswer
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef

router = Router(tags=["journal"])
MAX_LISTED = 500
MentorshipId = Annotated[int, Query(ge=1, le=MAX_ID, description="The mentorship's id.")]
Score = Field(ge=1, le=5)


class EntryOut(Schema):
    id: int
    mentorship_id: int
    author: PersonRef
    body: str
    created_at: datetime
    shared_at: datetime | None


class EntryIn(InputSchema):
    mentorship: ObjectId
    body: str = Field(min_length=1, max_length=MAX_ENTRY)


class WellbeingIn(InputSchema):
    energy: int = Score
    stress: int = Score
    balance: int = Score


class WellbeingOut(Schema):
    checkin_id: int
    energy: int
    stress: int
    balance: int
    answered_at: datetime


@router.get(
    "/journal",
    response=list[EntryOut],
    summary="Your reflections and the ones shared with you (members)",
)
def list_entries(request: HttpRequest, mentorship: MentorshipId) -> list[JournalEntry]:
    viewer = acting_person(request)
    found = get_personal_mentorship_for(viewer, mentorship)
    return list(entries_for(viewer, found)[:MAX_LISTED])


@router.post("/journal", response={201: EntryOut}, summary="Write a private reflection (mentee)")
def write(request: HttpRequest, payload: EntryIn) -> Status[JournalEntry]:
    viewer = acting_person(request)
    mentorship = get_personal_mentorship_for(viewer, payload.mentorship)
    return Status(201, services.write_entry(viewer, mentorship, payload.body))


@router.post("/journal/{entry_id}/share", response=EntryOut, summary="Share (author)")
def share(request: HttpRequest, entry_id: int) -> JournalEntry:
    viewer = acting_person(request)
    return services.share_entry(viewer, get_own_entry_for(viewer, entry_id))


@router.post("/journal/{entry_id}/unshare", response=EntryOut, summary="Make private (author)")
def unshare(request: HttpRequest, entry_id: int) -> JournalEntry:
    viewer = acting_person(request)
    return services.unshare_entry(viewer, get_own_entry_for(viewer, entry_id))


@router.put(
    "/checkins/{checkin_id}/wellbeing",
    response=WellbeingOut,
    summary="Answer a check-in's wellbeing questions (members, personal development)",
)
def wellbeing(request: HttpRequest, checkin_id: int, payload: WellbeingIn) -> WellbeingAnswer:
    viewer = acting_person(request)
    checkin = get_wellbeing_checkin_for(viewer, checkin_id)
    return services.answer_wellbeing(
        viewer, checkin, payload.energy, payload.stress, payload.balance
    )
