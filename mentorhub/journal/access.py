"""Look up journal entries and wellbeing check-ins; what a person may not see is a 404.

An entry is its author's alone; a shared one is also the other members'. Managers and
admins never see an entry, shared or not, and never a wellbeing answer.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.feedback.models import CheckIn
from mentorhub.journal.models import JournalEntry
from mentorhub.mentorships.access import get_membership_for, is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.approaches import ApproachKey


def get_personal_mentorship_for(person: Person, mentorship_id: int) -> Mentorship:
    """A personal-development mentorship that `person` is a member of."""
    return get_membership_for(person, mentorship_id, ApproachKey.PERSONAL)


def entries_for(viewer: Person, mentorship: Mentorship) -> QuerySet[JournalEntry]:
    """The viewer's own entries and the ones other members shared (members only)."""
    if not is_member(viewer, mentorship):
        return JournalEntry.objects.none()
    return (
        JournalEntry.objects.filter(mentorship=mentorship)
        .filter(Q(author=viewer) | Q(shared_at__isnull=False))
        .select_related("author")
    )


def get_own_entry_for(person: Person, entry_id: int) -> JournalEntry:
    """An entry its author may share or unshare: nobody else finds it."""
    entry = (
        JournalEntry.objects.select_related("mentorship__program__organization")
        .filter(pk=entry_id, author=person, mentorship__program__organization=person.organization)
        .first()
    )
    if entry is None:
        raise Http404("No such journal entry.")
    return entry


def get_wellbeing_checkin_for(person: Person, checkin_id: int) -> CheckIn:
    """A check-in of a personal-development mentorship `person` is a member of."""
    checkin = (
        CheckIn.objects.select_related("mentorship__program__organization")
        .filter(
            pk=checkin_id,
            mentorship__program__organization=person.organization,
            mentorship__program__approach=ApproachKey.PERSONAL,
            mentorship__members__person=person,
        )
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    return checkin
