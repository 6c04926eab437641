"""Background sweeps for feedback: open due check-ins, ask for meeting feedback and the
closing survey. Each is idempotent: a person is emailed once per check-in, meeting or
mentorship (the email key), however often the sweep runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from mentorhub.feedback.models import ClosingSurvey, MeetingFeedback
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import ENDED
from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.mentorships.access import MEMBERS
from mentorhub.mentorships.models import Mentorship
from mentorhub.notifications.models import SentEmail
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.tasks.queue import periodic

CLOSING_SURVEY = "checkin_closing_survey"
MEETING_FEEDBACK = "meeting_feedback"
# How far back a sweep looks: long enough to survive a day of stopped workers, short
# enough that nobody is asked about a meeting or an ending from weeks ago.
LOOK_BACK = timedelta(days=2)


@periodic("feedback.open_checkins", every=timedelta(hours=1))
def open_checkins() -> None:
    open_due_checkins()


def _already_emailed(name: str, keys: list[str]) -> set[str]:
    return set(SentEmail.objects.filter(name=name, key__in=keys).values_list("key", flat=True))


def _ask(name: str, about: dict[str, list[Person]], context_of: dict[str, dict]) -> int:
    """Email each person listed under a key prefix once; keys already queued are skipped."""
    keys = [f"{prefix}:{p.pk}" for prefix, people in about.items() for p in people]
    done = _already_emailed(name, keys)
    asked = 0
    for prefix, people in about.items():
        todo = [p for p in people if f"{prefix}:{p.pk}" not in done]
        if todo:
            email_people(todo, name, key=prefix, **context_of[prefix])
            asked += len(todo)
    return asked


@periodic("feedback.ask_closing_surveys", every=timedelta(hours=1))
def closing_survey_sweep() -> None:
    ask_closing_surveys()


@periodic("feedback.ask_meeting_feedback", every=timedelta(hours=1))
def meeting_feedback_sweep() -> None:
    ask_meeting_feedback()


def ask_closing_surveys(now: datetime | None = None) -> int:
    """Ask each member of a mentorship that just ended for the closing survey, once."""
    now = now or timezone.now()
    ended = Mentorship.objects.filter(status__in=ENDED, ended_at__gte=now - LOOK_BACK)
    answered = set(
        ClosingSurvey.objects.filter(mentorship__in=ended).values_list("mentorship", "person")
    )
    about, context = {}, {}
    for mentorship in ended.prefetch_related(MEMBERS):
        key = f"{CLOSING_SURVEY}:mentorship={mentorship.pk}"
        members = mentorship.members.all()
        about[key] = [m.person for m in members if (mentorship.pk, m.person_id) not in answered]
        context[key] = {"mentorship": mentorship}
    return _ask(CLOSING_SURVEY, about, context)


def ask_meeting_feedback(now: datetime | None = None) -> int:
    """After a meeting ends, ask its members how it was (one click), once per meeting."""
    now = now or timezone.now()
    recent = Meeting.objects.filter(starts_at__gte=now - LOOK_BACK, starts_at__lte=now).exclude(
        status=MeetingStatus.CANCELLED
    )
    rated = set(MeetingFeedback.objects.filter(meeting__in=recent).values_list("meeting", "person"))
    about, context = {}, {}
    for meeting in recent.prefetch_related(Prefetch("mentorship__members", MEMBERS.queryset)):
        if meeting.ends_at > now:
            continue
        key = f"{MEETING_FEEDBACK}:meeting={meeting.pk}"
        members = meeting.mentorship.members.all()
        about[key] = [m.person for m in members if (meeting.pk, m.person_id) not in rated]
        context[key] = {"meeting": meeting}
    return _ask(MEETING_FEEDBACK, about, context)
