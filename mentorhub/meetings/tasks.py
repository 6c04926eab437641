"""Background work for meetings: reminders a day and an hour before each meeting."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.notify import email_people
from mentorhub.tasks.queue import enqueue, task

REMIND = "meetings.remind"
LEADS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}


def queue_reminders(meeting: Meeting) -> None:
    """Queue this version's reminders; a change raises the sequence and so retires them."""
    now = timezone.now()
    for lead, before in LEADS.items():
        at = meeting.starts_at - before
        if at > now:
            enqueue(
                REMIND, run_after=at, meeting_id=meeting.pk, lead=lead, sequence=meeting.sequence
            )


@task(REMIND)
def send_reminder(meeting_id: int, lead: str, sequence: int) -> None:
    meeting = (
        Meeting.objects.prefetch_related("mentorship__members__person")
        .filter(pk=meeting_id, status=MeetingStatus.SCHEDULED, sequence=sequence)
        .first()
    )
    # Cancelled, changed since (a newer reminder is queued) or already started: nothing to say.
    if meeting is None or meeting.starts_at <= timezone.now():
        return
    email_people(
        [m.person for m in meeting.mentorship.members.all()],
        "reminder_meeting",
        key=f"reminder_meeting:meeting={meeting.pk}:{lead}:sequence={sequence}",
        meeting=meeting,
        lead=lead,
    )
