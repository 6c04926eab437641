"""The demo's check-ins and closing surveys: mostly content, with a few expectation alerts.

Played after the stories, as of the demo's today, through the feedback actions; each
mentorship draws from its own generator so the story's other draws stay as they were.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from django.utils import timezone

from mentorhub.demo.timeline import Timeline
from mentorhub.feedback.models import CheckIn, CheckInAnswer, ClosingSurvey, ExpectationAlert
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import Answer, LookingBack, answer_checkin, answer_closing_survey
from mentorhub.mentorships.models import Member, Mentorship, Status
from mentorhub.people.models import Organization

QUIET = timedelta(days=21)
LATEST = timedelta(hours=1)  # nothing in the story happens after the hour before today
ANSWER_SHARE = 0.8  # most members answer a check-in; the rest show up in the response rate
STRUGGLING_SHARE = 0.2  # mentorships where one side is unhappy: the managers' alerts
CONTENT = Answer(4, "fortnightly", "fortnightly", 4, "yes", "Going well; we keep to our plan.")
HAPPY = Answer(5, "weekly", "weekly", 4, "yes", "")
STRUGGLING = Answer(2, "monthly", "weekly", 2, "no", "Hard to find time; we keep rescheduling.")
ACHIEVEMENTS = (
    "Led my first project review with confidence.",
    "A clear plan for the next role and two people to talk to.",
    "Got unstuck on the migration and shipped it.",
    "Learned to say no to work that is not mine.",
)


def play_feedback(clock: Timeline, organization: Organization) -> None:
    for checkin in open_due_checkins(now=clock.midnight, organization=organization):
        _answer(clock, checkin, random.Random(checkin.mentorship_id * 104729))
    _look_back(clock, organization)


def _answer(clock: Timeline, checkin: CheckIn, rng: random.Random) -> None:
    mentorship = Mentorship.objects.get(pk=checkin.mentorship_id)
    opened = checkin.due_at
    CheckIn.objects.filter(pk=checkin.pk).update(opened_at=opened)
    if mentorship.last_activity_at and opened - mentorship.last_activity_at > QUIET:
        return  # gone quiet: nobody answers, which the response rate shows
    # The demo's today can lie in the past (the tests pin one), where this check-in would
    # have closed by the real clock: it is held open while the answers are played.
    closes_at = checkin.closes_at
    CheckIn.objects.filter(pk=checkin.pk).update(closes_at=timezone.now() + timedelta(days=1))
    checkin.refresh_from_db()
    members = list(Member.objects.filter(mentorship=mentorship).select_related("person"))
    struggling = rng.random() < STRUGGLING_SHARE
    unhappy = rng.choice(members).person_id
    for member in members:
        if rng.random() > ANSWER_SHARE and not struggling:
            continue
        mood = (CONTENT, HAPPY)
        said = STRUGGLING if struggling and member.person_id == unhappy else rng.choice(mood)
        if mentorship.program.approach_rules.is_mutual:
            said = both_ways(said, rng, giving_only=said is STRUGGLING)
        answer_checkin(member.person, checkin, said)
    answered = min(opened + timedelta(days=rng.uniform(0.5, 5)), clock.midnight - LATEST)
    CheckIn.objects.filter(pk=checkin.pk).update(closes_at=closes_at)
    CheckInAnswer.objects.filter(checkin=checkin).update(answered_at=answered)
    ExpectationAlert.objects.filter(checkin=checkin).update(created_at=answered)
    # Answering is activity, as of when it happened in the story.
    last = max(filter(None, (mentorship.last_activity_at, answered)))
    Mentorship.objects.filter(pk=mentorship.pk).update(last_activity_at=last)
    clock.settle(_days_before(clock, answered))


def both_ways(said: Answer, rng: random.Random, giving_only: bool = False) -> Answer:
    """A peer's answer also says how much they got and gave; a struggling one mostly gives."""
    if giving_only:
        return replace(said, received=2, gave=5)
    return replace(said, received=rng.randint(3, 5), gave=rng.randint(3, 5))


def _days_before(clock: Timeline, moment: datetime) -> float:
    return (clock.midnight - min(moment, clock.midnight - LATEST)) / timedelta(days=1)


def _look_back(clock: Timeline, organization: Organization) -> None:
    ended = Mentorship.objects.filter(
        program__organization=organization, status__in=(Status.COMPLETED, Status.CLOSED_EARLY)
    ).prefetch_related("members__person")
    for mentorship in ended:
        rng = random.Random(mentorship.pk * 15485863)
        completed = mentorship.status == Status.COMPLETED
        for member in mentorship.members.all():
            if rng.random() > 0.7:
                continue
            survey = LookingBack(
                goals_met=rng.randint(3, 5) if completed else rng.randint(1, 3),
                would_again=completed or rng.random() < 0.4,
                achieved=rng.choice(ACHIEVEMENTS) if completed else "",
                share_with_program=rng.random() < 0.5,
            )
            answer_closing_survey(member.person, mentorship, survey)
        assert mentorship.ended_at is not None
        at = min(mentorship.ended_at + timedelta(days=rng.uniform(0.5, 3)), clock.midnight - LATEST)
        ClosingSurvey.objects.filter(mentorship=mentorship).update(answered_at=at)
        clock.settle(_days_before(clock, at))
