"""Look up mentorships a person may see: its members, its program's managers, org admins."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person


def visible_mentorships(person: Person) -> QuerySet[Mentorship]:
    mentorships = Mentorship.objects.filter(program__organization=person.organization)
    if person.is_org_admin:
        return mentorships
    return mentorships.filter(Q(members__person=person) | Q(program__managers=person)).distinct()


def get_mentorship_for(person: Person, mentorship_id: int) -> Mentorship:
    mentorship = (
        visible_mentorships(person)
        .select_related("program", "program__organization")
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship
