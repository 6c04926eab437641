"""Proposed meeting times for a mentorship, from its members' weekly availability."""

from __future__ import annotations

from datetime import datetime, time

from mentorhub.meetings.times import Weekly, proposed_times, weekly_windows
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import AvailabilitySlot, Person

PROPOSALS = 5


def member_windows(mentorship: Mentorship) -> list[tuple[Person, Weekly]]:
    """Each member with their weekly free windows (in their own zone); one query.

    The members must be prefetched with their people (`members__person`).
    """
    people = [m.person for m in mentorship.members.all()]
    slots: dict[int, list[tuple[int, time, time]]] = {p.pk: [] for p in people}
    rows = AvailabilitySlot.objects.filter(person__in=people).values_list(
        "person_id", "weekday", "start", "end"
    )
    for person_id, weekday, start, end in rows:
        slots[person_id].append((weekday, start, end))
    return [(p, weekly_windows(slots[p.pk])) for p in people]


def proposed_for(
    mentorship: Mentorship, minutes: int, now: datetime, limit: int = PROPOSALS
) -> list[datetime]:
    """Start times (UTC) in the next 3 weeks when every member is free; one query."""
    members = [(p.timezone, weekly) for p, weekly in member_windows(mentorship)]
    return proposed_times(members, minutes, now, limit=limit)
