"""Domain actions on meetings: schedule (one-off or series), update, cancel, hold, notes, feed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.meetings import ical
from mentorhub.meetings.access import is_member
from mentorhub.meetings.models import (
    CalendarFeed,
    Frequency,
    Meeting,
    MeetingNote,
    MeetingSeries,
    MeetingStatus,
    hash_feed_token,
)
from mentorhub.meetings.tasks import queue_reminders
from mentorhub.meetings.times import occurrences
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.agreements import agreement_confirmed, agreement_required
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.notify import email_people, email_silenced
from mentorhub.people.models import Person

EDITABLE = ("title", "agenda", "starts_at", "duration_minutes", "location", "video_url")


@dataclass
class MeetingPlan:
    """What a person asks for when scheduling; `frequency` makes it a series."""

    title: str
    starts_at: datetime
    duration_minutes: int = 60
    agenda: str = ""
    location: str = ""
    video_url: str = ""
    generate_video: bool = False
    frequency: str = ""
    count: int | None = None
    until: date | None = None


def video_room_url() -> str:
    """A room on the configured Jitsi-compatible server; the slug is unguessable."""
    return f"{settings.VIDEO_BASE_URL.rstrip('/')}/mentorhub-{secrets.token_hex(12)}"


def _check_video_url(url: str) -> str:
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput(
            "The video link must be a full http(s) address, e.g. https://zoom.us/j/123.",
            {"video_url": ["Enter a full http:// or https:// address."]},
        ) from None
    return url


def _require_member(actor: Person, mentorship: Mentorship) -> None:
    if not is_member(actor, mentorship):
        raise NotAllowed("Only the mentorship's members can plan its meetings.")


def _check_plan(plan: MeetingPlan) -> None:
    if not plan.title.strip():
        raise InvalidInput("Give the meeting a title.", {"title": ["This field is required."]})
    if timezone.is_naive(plan.starts_at):
        raise InvalidInput("The start time needs a time zone.", {"starts_at": ["No zone."]})
    if not 5 <= plan.duration_minutes <= 24 * 60:
        raise InvalidInput(
            "A meeting lasts from 5 minutes to 24 hours.",
            {"duration_minutes": ["Between 5 and 1440 minutes."]},
        )
    if plan.frequency and plan.frequency not in Frequency.values:
        raise InvalidInput(f"Unknown frequency {plan.frequency!r}.", {"frequency": ["Unknown."]})
    if plan.frequency and not (plan.count or plan.until):
        raise InvalidInput(
            "A recurring meeting needs a number of meetings or an end date.",
            {"count": ["Give a count or an end date."]},
        )


def _invite(meetings: list[Meeting], method: str) -> None:
    """Email every member the .ics: REQUEST to add or update, CANCEL to remove.

    A series goes out as one email with every occurrence, not one email per meeting. The
    key names the sequence, so an update is a new email while a retry of the same is not.
    """
    if email_silenced():
        return  # nobody would get it (the demo): skip building the calendar
    first = meetings[0]
    members = [m.person for m in first.mentorship.members.all()]
    name = "meeting_cancelled" if method == "CANCEL" else "meeting_invitation"
    email_people(
        members,
        name,
        key=f"{name}:meeting={first.pk}:sequence={first.sequence}",
        attachments=[ical.attachment(meetings, method)],
        meeting=first,
        series=first.series if len(meetings) > 1 else None,
    )


@transaction.atomic
def schedule_meeting(actor: Person, mentorship: Mentorship, plan: MeetingPlan) -> list[Meeting]:
    _require_member(actor, mentorship)
    if mentorship.status != Status.ACTIVE:
        raise IllegalTransition("Meetings can be scheduled once the mentorship is active.")
    if agreement_required(mentorship) and not agreement_confirmed(mentorship):
        raise IllegalTransition(
            f"{mentorship.program.name} asks every member to confirm the agreement "
            "before the first meeting."
        )
    _check_plan(plan)
    video_url = video_room_url() if plan.generate_video else _check_video_url(plan.video_url)
    series, starts = None, [plan.starts_at]
    if plan.frequency:
        series = MeetingSeries.objects.create(
            mentorship=mentorship,
            frequency=plan.frequency,
            timezone=actor.timezone,
            count=plan.count,
            until=plan.until,
            created_by=actor,
        )
        starts = occurrences(plan.starts_at, actor.timezone, plan.frequency, plan.count, plan.until)
        if not starts:
            raise InvalidInput(
                "The end date is before the first meeting.", {"until": ["Too early."]}
            )
    meetings = [
        Meeting.objects.create(
            mentorship=mentorship,
            series=series,
            title=plan.title.strip(),
            agenda=plan.agenda,
            starts_at=start,
            duration_minutes=plan.duration_minutes,
            location=plan.location,
            # A series keeps one room, like a standing meeting link.
            video_url=video_url,
            created_by=actor,
        )
        for start in starts
    ]
    org = mentorship.program.organization
    record(actor, "meeting.scheduled", meetings[0], org, count=len(meetings))
    note_activity(mentorship.pk)
    _invite(meetings, "REQUEST")
    for meeting in meetings:
        queue_reminders(meeting)
    return meetings


def _require_changeable(actor: Person, meeting: Meeting) -> None:
    _require_member(actor, meeting.mentorship)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise IllegalTransition(f"This meeting is already {meeting.get_status_display().lower()}.")


@transaction.atomic
def update_meeting(actor: Person, meeting: Meeting, **changes: object) -> Meeting:
    _require_changeable(actor, meeting)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot change: {', '.join(sorted(unknown))}.")
    if "video_url" in changes:
        changes["video_url"] = _check_video_url(str(changes["video_url"] or ""))
    for field, value in changes.items():
        setattr(meeting, field, value)
    _check_plan(
        MeetingPlan(
            title=meeting.title,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes,
        )
    )
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    record(actor, "meeting.updated", meeting, meeting.mentorship.program.organization)
    _invite([meeting], "REQUEST")
    queue_reminders(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(actor: Person, meeting: Meeting) -> Meeting:
    _require_changeable(actor, meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    record(actor, "meeting.cancelled", meeting, meeting.mentorship.program.organization)
    _invite([meeting], "CANCEL")
    return meeting


@transaction.atomic
def mark_meeting_held(actor: Person, meeting: Meeting) -> Meeting:
    _require_changeable(actor, meeting)
    if meeting.starts_at > timezone.now() + timedelta(minutes=15):
        raise InvalidInput("A meeting can be recorded as held once it has started.")
    meeting.status = MeetingStatus.HELD
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "updated_at"])
    record(actor, "meeting.held", meeting, meeting.mentorship.program.organization)
    note_activity(meeting.mentorship_id)
    return meeting


@transaction.atomic
def add_meeting_note(actor: Person, meeting: Meeting, body: str, private: bool) -> MeetingNote:
    _require_member(actor, meeting.mentorship)
    if not body.strip():
        raise InvalidInput("The note is empty.", {"body": ["Write something first."]})
    note = MeetingNote.objects.create(
        meeting=meeting, author=actor, body=body.strip(), private=private
    )
    # The audit trail says a note was written, never what it says.
    org = meeting.mentorship.program.organization
    record(actor, "meeting.note_added", meeting, org, private=private)
    if not private:  # a shared note is the members talking; a private one is not
        note_activity(meeting.mentorship_id)
    return note


@transaction.atomic
def regenerate_calendar_feed(person: Person) -> str:
    """A new secret feed URL token; the old URL stops working at once."""
    token = CalendarFeed.new_token()
    CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"token_hash": hash_feed_token(token), "created_at": timezone.now()},
    )
    record(person, "calendar_feed.regenerated", person, person.organization)
    return token


@transaction.atomic
def revoke_calendar_feed(person: Person) -> bool:
    deleted, _ = CalendarFeed.objects.filter(person=person).delete()
    if deleted:
        record(person, "calendar_feed.revoked", person, person.organization)
    return bool(deleted)
