"""Look up career plans and introductions a person may see; anything else is a 404.

A career plan is for the mentorship's members. An introduction is for its three people:
the mentor who made it, the mentee, and the person they were introduced to. Managers and
admins see counts on the program page, never an introduction itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.careers.models import Introduction
from mentorhub.mentorships.access import (
    get_membership_for,
)
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.approaches import ApproachKey


def get_career_mentorship_for(person: Person, mentorship_id: int) -> Mentorship:
    """A mentorship of a career program that `person` is a member of."""
    return get_membership_for(person, mentorship_id, ApproachKey.CAREER)


def introductions_for(person: Person) -> QuerySet[Introduction]:
    """Introductions `person` made, received, or is the mentee of."""
    return Introduction.objects.filter(
        Q(introduced_by=person) | Q(mentee=person) | Q(to_person=person),
        mentorship__program__organization=person.organization,
    ).select_related("introduced_by", "mentee", "to_person", "mentorship__program")


def get_introduction_for(person: Person, introduction_id: int) -> Introduction:
    found = introductions_for(person).filter(pk=introduction_id).first()
    if found is None:
        raise Http404("No such introduction.")
    return found
