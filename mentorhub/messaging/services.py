"""Domain actions on a mentorship's conversation: post a message, mark the thread read."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.messaging.access import is_member
from mentorhub.messaging.models import MAX_BODY, Message, ReadMark
from mentorhub.messaging.rendering import ThreadItem
from mentorhub.messaging.tasks import queue_unread_emails
from mentorhub.people.models import Person

POSTED = "message.posted"  # the channel-layer event; consumers handle it as message_posted


def group_name(mentorship_id: int) -> str:
    """The channel-layer group of a mentorship's open tabs."""
    return f"mentorship-{mentorship_id}"


def _require_member(actor: Person, mentorship: Mentorship, what: str) -> None:
    if not is_member(actor, mentorship):
        raise NotAllowed(f"Only the members of this mentorship can {what}.")


def _require_active(mentorship: Mentorship) -> None:
    if mentorship.status == Status.ACTIVE:
        return
    if mentorship.is_open:
        raise IllegalTransition("Messages can be written once everyone has accepted.")
    raise IllegalTransition(
        f"This mentorship is {mentorship.get_status_display().lower()}; its messages can "
        "still be read, but no new ones written."
    )


def clean_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise InvalidInput("The message is empty.", {"body": ["Write something first."]})
    if len(text) > MAX_BODY:
        message = f"A message can be at most {MAX_BODY:,} characters; this one has {len(text):,}."
        raise InvalidInput(message, {"body": [message]})
    return text


@transaction.atomic
def post_message(actor: Person, mentorship: Mentorship, body: str) -> Message:
    """Write a message; after commit, open tabs get it at once and absent members by email."""
    _require_member(actor, mentorship, "write in its conversation")
    _require_active(mentorship)
    message = Message.objects.create(mentorship=mentorship, author=actor, body=clean_body(body))
    _move_read_mark(actor, mentorship, message.pk)  # your own message is never unread
    note_activity(mentorship.pk, message.created_at)
    # The audit trail says a message was written, never what it says.
    record(actor, "message.posted", message, mentorship.program.organization)
    item = ThreadItem.of(message)
    transaction.on_commit(lambda: broadcast(mentorship.pk, item), robust=True)
    others = [m.person_id for m in mentorship.members.all() if m.person_id != actor.pk]
    queue_unread_emails(message, others)
    return message


def broadcast(mentorship_id: int, item: ThreadItem) -> None:
    """Push the message to the mentorship's open tabs (any process, through the layer)."""
    layer = get_channel_layer()
    if layer is not None:
        event = {"type": POSTED, "message": item.as_event()}
        async_to_sync(layer.group_send)(group_name(mentorship_id), event)


@transaction.atomic
def mark_read(person: Person, mentorship: Mentorship, up_to_id: int) -> int:
    """Everything up to `up_to_id` is read; returns the person's read mark (never moves back).

    The mark is clamped to a message of this mentorship, so a too-large id cannot mark
    messages that have not been written yet as read. Reading is bookkeeping: no audit row.
    """
    _require_member(person, mentorship, "read its messages")
    latest = Message.objects.filter(mentorship=mentorship, id__lte=up_to_id).aggregate(
        latest=Max("id")
    )["latest"]
    return _move_read_mark(person, mentorship, latest or 0)


def _move_read_mark(person: Person, mentorship: Mentorship, message_id: int) -> int:
    mark, created = ReadMark.objects.get_or_create(
        person=person, mentorship=mentorship, defaults={"last_read_id": message_id}
    )
    if created or mark.last_read_id >= message_id:
        return mark.last_read_id
    # Conditional: two tabs marking at once can only move it forward.
    ReadMark.objects.filter(pk=mark.pk, last_read_id__lt=message_id).update(
        last_read_id=message_id, last_read_at=timezone.now()
    )
    return message_id
