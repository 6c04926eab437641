"""Look up a mentorship's conversation: its members only (403 for managers, 404 for others)."""

from __future__ import annotations

from django.db.models import QuerySet

from mentorhub.errors import NotAllowed
from mentorhub.mentorships.access import MEMBERS, get_mentorship_for
from mentorhub.mentorships.access import is_member as is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.messaging.models import Message
from mentorhub.people.models import Person


def get_conversation_for(person: Person, mentorship_id: int) -> Mentorship:
    """The mentorship whose messages `person` may read, with its members.

    Who may not see the mentorship gets a 404; its managers and org admins see that it
    exists, but its messages are for the members only, so they get a 403 (NotAllowed).
    """
    found = get_mentorship_for(person, mentorship_id)
    mentorship = (
        Mentorship.objects.select_related("program", "program__organization")
        .prefetch_related(MEMBERS)
        .get(pk=found.pk)
    )
    if not is_member(person, mentorship):
        raise NotAllowed("Only the members of this mentorship can read its messages.")
    return mentorship


def messages_of(mentorship: Mentorship) -> QuerySet[Message]:
    return Message.objects.filter(mentorship=mentorship).select_related("author")


def page_of(
    mentorship: Mentorship, limit: int, before_id: int | None = None, after_id: int | None = None
) -> tuple[list[Message], bool]:
    """Up to `limit` messages, oldest first, and whether there are more beyond them.

    Without a cursor: the latest. `before_id`: the ones just before it (scrolling back);
    `after_id`: the ones just after it (catching up). One query whatever the history.
    """
    messages = messages_of(mentorship)
    if after_id is not None:
        found = list(messages.filter(id__gt=after_id).order_by("id")[: limit + 1])
        return found[:limit], len(found) > limit
    if before_id is not None:
        messages = messages.filter(id__lt=before_id)
    found = list(messages.order_by("-id")[: limit + 1])
    return found[:limit][::-1], len(found) > limit
