"""REST endpoints for messages: a mentorship's thread, posting, read marks, unread counts."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from mentorhub.apitools import MAX_ID, InputSchema, ObjectId
from mentorhub.messaging.access import get_conversation_for, page_of
from mentorhub.messaging.models import MAX_BODY, Message
from mentorhub.messaging.services import mark_read, post_message
from mentorhub.messaging.unread import unread_count, unread_counts
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef

router = Router(tags=["messaging"])
MAX_LISTED = 200
Cursor = Annotated[int | None, Query(ge=1, le=MAX_ID)]


class MessageOut(Schema):
    """`body` is the plain text as written: render it escaped, never as HTML."""

    id: int
    mentorship_id: int
    author: PersonRef
    body: str
    created_at: datetime


class MessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=MAX_BODY)


class ReadIn(InputSchema):
    up_to_id: ObjectId = Field(description="The newest message you have read.")


class ReadOut(Schema):
    mentorship_id: int
    last_read_id: int
    unread: int


class UnreadOut(Schema):
    mentorship_id: int
    unread: int


class UnreadTotalOut(Schema):
    total: int
    mentorships: list[UnreadOut]


@router.get(
    "/mentorships/{mentorship_id}/messages",
    response=list[MessageOut],
    summary="A mentorship's messages, oldest first (members)",
)
def list_messages(
    request: HttpRequest,
    mentorship_id: int,
    before_id: Cursor = None,
    after_id: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED)] = 50,
) -> list[Message]:
    """The latest `limit`; `before_id` pages back, `after_id` catches up from a message."""
    mentorship = get_conversation_for(acting_person(request), mentorship_id)
    messages, _more = page_of(mentorship, limit, before_id=before_id, after_id=after_id)
    return messages


@router.post(
    "/mentorships/{mentorship_id}/messages",
    response={201: MessageOut},
    summary="Post a message (members, while active)",
)
def post(request: HttpRequest, mentorship_id: int, payload: MessageIn) -> Status[Message]:
    actor = acting_person(request)
    mentorship = get_conversation_for(actor, mentorship_id)
    return Status(201, post_message(actor, mentorship, payload.body))


@router.post(
    "/mentorships/{mentorship_id}/messages/read",
    response=ReadOut,
    summary="Mark messages read up to one",
)
def read(request: HttpRequest, mentorship_id: int, payload: ReadIn) -> dict[str, Any]:
    actor = acting_person(request)
    mentorship = get_conversation_for(actor, mentorship_id)
    last = mark_read(actor, mentorship, payload.up_to_id)
    return {
        "mentorship_id": mentorship.pk,
        "last_read_id": last,
        "unread": unread_count(actor, mentorship.pk),
    }


@router.get("/messages/unread", response=UnreadTotalOut, summary="Your unread messages")
def unread(request: HttpRequest) -> dict[str, Any]:
    counts = unread_counts(acting_person(request))
    return {
        "total": sum(counts.values()),
        "mentorships": [{"mentorship_id": k, "unread": v} for k, v in sorted(counts.items())],
    }
