"""Look up meetings and notes a person may see: meeting details are for members only."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.meetings.models import Meeting, MeetingNote
from mentorhub.mentorships.access import is_member as is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person


def meetings_of(mentorship: Mentorship) -> QuerySet[Meeting]:
    return Meeting.objects.filter(mentorship=mentorship).select_related("created_by", "series")


def get_meeting_for(person: Person, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "mentorship", "mentorship__program", "mentorship__program__organization", "created_by"
        )
        .prefetch_related("mentorship__members__person")
        .filter(
            pk=meeting_id,
            mentorship__program__organization=person.organization,
            mentorship__members__person=person,
        )
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def visible_notes(person: Person) -> Q:
    """Shared notes, and the person's own private ones."""
    return Q(private=False) | Q(author=person)


def notes_for(person: Person, meeting: Meeting) -> QuerySet[MeetingNote]:
    return meeting.notes.filter(visible_notes(person)).select_related("author")
