"""Look up mentorships a person may see: its members, its program's managers, org admins."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from mentorhub.mentorships.models import Member, Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.approaches import APPROACHES


def visible_mentorships(person: Person) -> QuerySet[Mentorship]:
    mentorships = Mentorship.objects.filter(program__organization=person.organization)
    # In approaches whose participants are private (crisis), only the members see one.
    private = [a.key for a in APPROACHES.values() if a.private_participants]
    overseen = ~Q(program__approach__in=private)
    if person.is_org_admin:
        return mentorships.filter(overseen | Q(members__person=person)).distinct()
    managed = Q(program__managers=person) & overseen
    return mentorships.filter(Q(members__person=person) | managed).distinct()


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


# A mentorship's members with their people, for the checks below without a query per member.
MEMBERS = Prefetch("members", queryset=Member.objects.select_related("person"))


def is_member(person: Person, mentorship: Mentorship) -> bool:
    """Whether `person` is one of the members (prefetch MEMBERS to avoid a query)."""
    return any(m.person_id == person.pk for m in mentorship.members.all())


def member_with_role(mentorship: Mentorship, role: str) -> Person | None:
    return next((m.person for m in mentorship.members.all() if m.role == role), None)


def get_membership_for(
    person: Person, mentorship_id: int, approach: str | None = None
) -> Mentorship:
    """A mentorship `person` is a member of (in a program of `approach`, when given), with its
    program and members; anything else is a 404, managers and admins included."""
    found = Mentorship.objects.select_related("program", "program__organization").prefetch_related(
        MEMBERS
    )
    if approach is not None:
        found = found.filter(program__approach=approach)
    mentorship = found.filter(
        pk=mentorship_id, program__organization=person.organization, members__person=person
    ).first()
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship
