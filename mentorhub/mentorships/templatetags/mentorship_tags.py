"""Template filters for showing mentorships from one person's point of view."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from mentorhub.mentorships.models import Member, Mentorship
from mentorhub.mentorships.nudges import Health
from mentorhub.mentorships.nudges import health as health_of
from mentorhub.people.models import Person

register = template.Library()


@register.filter
def without(members: Iterable[Member], person: Person) -> list[Member]:
    """The other members of a mentorship: who it is *with*, for `person`."""
    return [m for m in members if m.person_id != person.pk]


@register.filter
def health(mentorship: Mentorship) -> Health | None:
    """How long an active mentorship has been quiet, for the "quiet" and "at risk" badges."""
    return health_of(mentorship)
