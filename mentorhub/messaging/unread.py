"""What a member has not read yet: messages after their read mark, written by someone else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mentorhub.mentorships.models import Member
from mentorhub.messaging.models import Message, ReadMark
from mentorhub.people.models import Person


def _read_up_to(person: Person) -> Coalesce:
    mark = ReadMark.objects.filter(person=person, mentorship=OuterRef("mentorship_id"))
    return Coalesce(Subquery(mark.values("last_read_id")[:1]), 0)


def unread_messages(person: Person, mentorship_id: int) -> QuerySet[Message]:
    return (
        Message.objects.filter(mentorship_id=mentorship_id, id__gt=_read_up_to(person))
        .exclude(author=person)
        .order_by("id")
    )


def unread_counts(person: Person, mentorship_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Unread messages per mentorship (only those with some), in one query.

    Without `mentorship_ids`: every mentorship the person is a member of.
    """
    ids: Any = mentorship_ids
    if ids is None:  # a subquery, so still one query
        ids = Member.objects.filter(person=person).values("mentorship_id")
    rows = (
        Message.objects.filter(mentorship_id__in=ids, id__gt=_read_up_to(person))
        .exclude(author=person)
        .values("mentorship_id")
        .annotate(unread=Count("id"))
        .order_by()
    )
    return {row["mentorship_id"]: row["unread"] for row in rows}


def unread_count(person: Person, mentorship_id: int) -> int:
    return unread_counts(person, [mentorship_id]).get(mentorship_id, 0)
