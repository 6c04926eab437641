"""Look up challenges a person may see; the challenge's words stay with the asker and helper.

The asker and the members of the challenge's mentorship see everything. The program's
managers and the org admins see that it exists, its title and its outcome (for reports),
never the description or the agreed terms. Anyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.flash.models import Challenge, OpenSlot
from mentorhub.people.models import Person
from mentorhub.programs.access import visible_programs


def visible_challenges(person: Person) -> QuerySet[Challenge]:
    challenges = Challenge.objects.filter(program__organization=person.organization)
    if person.is_org_admin:
        return challenges
    return challenges.filter(
        Q(asker=person) | Q(mentorship__members__person=person) | Q(program__managers=person)
    ).distinct()


def get_challenge_for(person: Person, challenge_id: int) -> Challenge:
    challenge = (
        visible_challenges(person)
        .select_related("program", "program__organization", "asker", "enrollment", "mentorship")
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None:
        raise Http404("No such challenge.")
    return challenge


def is_party(person: Person, challenge: Challenge) -> bool:
    """The asker, or a member of the mentorship helping with it: they read its words."""
    if challenge.asker_id == person.pk:
        return True
    mentorship = challenge.mentorship
    if mentorship is None:
        return False
    return any(m.person_id == person.pk for m in mentorship.members.all())


def get_slot_for(person: Person, slot_id: int) -> OpenSlot:
    """A slot of a program the person may see: open slots are offered to the whole program."""
    slot = (
        OpenSlot.objects.select_related("program", "program__organization", "mentor__person")
        .filter(pk=slot_id, program__in=visible_programs(person))
        .first()
    )
    if slot is None:
        raise Http404("No such slot.")
    return slot
