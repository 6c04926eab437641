"""The demo's personal development: a goal template, private reflections, wellbeing answers.

Played after the check-ins through the journal actions, then dated back into each live
mentorship's weeks; each mentorship draws from its own generator.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mentorhub.demo.timeline import Timeline
from mentorhub.feedback.models import CheckIn
from mentorhub.journal.models import JournalEntry, WellbeingAnswer
from mentorhub.journal.services import answer_wellbeing, share_entry, write_entry
from mentorhub.mentorships.agreements import save_program_plan
from mentorhub.mentorships.goals import add_goal, add_milestone, add_task
from mentorhub.mentorships.models import Goal, Mentorship, Status
from mentorhub.people.models import Organization, Person
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole
from mentorhub.programs.models import Program

LATEST = timedelta(hours=1)
SHARE_SHARE = 0.4  # most reflections stay private; some are brought to the mentor
GOAL_TEMPLATE: list[dict[str, Any]] = [
    {
        "title": "Self-awareness: know what drains and what energizes me",
        "milestones": ["Keep an energy log for two weeks", "Name my three recurring triggers"],
    },
    {
        "title": "Interpersonal skills: give feedback I would like to receive",
        "milestones": ["Practice one hard conversation with my mentor", "Ask a peer for feedback"],
    },
    {
        "title": "Wellbeing: protect time to recover",
        "tasks": ["Block two no-meeting afternoons a month", "Take the full holiday"],
    },
]
REFLECTIONS = (
    "Noticed I say yes to every request before checking my week. Tried pausing once today.",
    "The retro went better than I feared. I was calm because I had written my points down.",
    "Felt defensive when my lead questioned the estimate. Want to understand why.",
    "Three evenings in a row working late. Energy log says Tuesdays are the worst.",
    "Asked a peer for feedback on my presentation. Hard to hear, useful to know.",
    "I keep comparing myself with the senior people on the team. Is that fair to me?",
    "Took a proper lunch break every day this week. Afternoons felt different.",
    "Said no to a side project, kindly. Nothing bad happened.",
)


def play_journal(clock: Timeline, organization: Organization) -> None:
    for program in Program.objects.filter(organization=organization, approach=ApproachKey.PERSONAL):
        _set_goal_template(program)
        live = program.mentorships.filter(status=Status.ACTIVE).prefetch_related("members__person")
        for mentorship in live.order_by("pk"):
            rng = random.Random(mentorship.pk * 6151)
            mentee = next(
                m.person for m in mentorship.members.all() if m.role == EnrollmentRole.MENTEE
            )
            _goals_from_template(clock, mentorship, mentee)
            shared = _reflect(clock, mentorship, mentee, rng)
            _wellbeing(clock, mentorship, rng)
            # Activity as of when it happened in the story, not as of today.
            Mentorship.objects.filter(pk=mentorship.pk).update(
                last_activity_at=max(filter(None, (mentorship.last_activity_at, shared)))
            )


def _set_goal_template(program: Program) -> None:
    manager = program.managers.first()
    if manager is not None:
        save_program_plan(manager, program, {}, goal_template=GOAL_TEMPLATE)


def _span(clock: Timeline, mentorship: Mentorship) -> tuple[datetime, datetime]:
    start = mentorship.activated_at or mentorship.created_at
    return start, max(start + timedelta(hours=2), clock.midnight - LATEST)


def _days_ago(clock: Timeline, moment: datetime) -> float:
    return (clock.midnight - moment) / timedelta(days=1)


def _goals_from_template(clock: Timeline, mentorship: Mentorship, mentee: Person) -> None:
    """The pair start from the program's template: self-awareness, people, wellbeing."""
    start, _ = _span(clock, mentorship)
    at = start + timedelta(hours=1)
    for entry in GOAL_TEMPLATE:
        goal = add_goal(mentee, mentorship, str(entry["title"]))
        for title in entry.get("milestones", []):
            add_milestone(mentee, goal, title)
        for title in entry.get("tasks", []):
            add_task(mentee, goal, title, owner=mentee)
        Goal.objects.filter(pk=goal.pk).update(created_at=at)
    clock.settle(_days_ago(clock, at))


def _reflect(
    clock: Timeline, mentorship: Mentorship, mentee: Person, rng: random.Random
) -> datetime | None:
    """A few reflections over the weeks; returns when the last shared one was shared."""
    start, end = _span(clock, mentorship)
    last_shared = None
    count = rng.randint(2, 5)
    for n, body in enumerate(rng.sample(REFLECTIONS, count)):
        written = start + (end - start) * (n + rng.uniform(0.2, 0.9)) / count
        entry = write_entry(mentee, mentorship, body)
        shared = rng.random() < SHARE_SHARE or n == 0  # each has at least one shared entry
        if shared:
            share_entry(mentee, entry)
        shared_at = min(written + timedelta(days=rng.uniform(0.1, 3)), end) if shared else None
        JournalEntry.objects.filter(pk=entry.pk).update(created_at=written, shared_at=shared_at)
        clock.settle(_days_ago(clock, shared_at or written))
        last_shared = shared_at or last_shared
    return last_shared


def _wellbeing(clock: Timeline, mentorship: Mentorship, rng: random.Random) -> None:
    """Who answered a check-in also answered its wellbeing questions, most of the time."""
    for checkin in CheckIn.objects.filter(mentorship=mentorship).prefetch_related("answers"):
        closes_at = checkin.closes_at
        # Held open while played, as the check-ins themselves were (see demo/feedback.py).
        CheckIn.objects.filter(pk=checkin.pk).update(closes_at=timezone.now() + timedelta(days=1))
        checkin.closes_at = timezone.now() + timedelta(days=1)
        checkin.mentorship = mentorship
        for answer in checkin.answers.all():
            if rng.random() < 0.85:
                person = Person.objects.get(pk=answer.person_id)
                energy = rng.randint(2, 5)
                answer_wellbeing(person, checkin, energy, rng.randint(1, 4), rng.randint(2, 5))
                WellbeingAnswer.objects.filter(checkin=checkin, person=person).update(
                    answered_at=answer.answered_at
                )
        CheckIn.objects.filter(pk=checkin.pk).update(closes_at=closes_at)
        clock.settle(_days_ago(clock, min(checkin.opened_at, clock.midnight - LATEST)))
