"""The demo's career mentoring: plans with target roles and gaps, gap goals, introductions.

Played after the stories through the career actions, for both Career Compass cohorts. The
first has finished, so each of its mentorships is held active while its story is played,
then dated back to its weeks in the cohort; the second is running, so its plans, gaps and
introductions are live. Each mentorship draws from its own generator.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from mentorhub.careers.models import CareerPlan, GoalSkill, Introduction
from mentorhub.careers.services import (
    add_gap_goal,
    answer_introduction,
    introduce,
    save_plan,
    set_target_skill,
)
from mentorhub.demo.timeline import Timeline
from mentorhub.errors import DomainError
from mentorhub.mentorships.models import Goal, Mentorship, Status
from mentorhub.people.models import Organization, Person, PersonSkill
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole

LATEST = timedelta(hours=1)
NEXT_ROLES = {
    "Engineering": ("Staff engineer", "Engineering manager", "Tech lead"),
    "Design": ("Design lead", "Principal designer"),
    "Sales": ("Account director", "Sales manager"),
    "People": ("People partner", "Head of talent"),
}
OTHER_ROLES = ("Team lead", "Product manager", "Senior specialist", "Program manager")
ROLE_SKILLS = ("Stakeholder management", "Coaching", "Public speaking", "Prioritization")
INTRO_NOTES = (
    "Made the same move two years ago; worth an hour over coffee.",
    "Runs the team you are curious about. Ask about how they plan quarters.",
    "Great at stakeholder maps. Bring your draft plan.",
    "Hiring for the kind of role you are aiming at next year.",
)


def play_careers(clock: Timeline, organization: Organization) -> None:
    mentorships = Mentorship.objects.filter(
        program__organization=organization,
        program__approach=ApproachKey.CAREER,
        status__in=(Status.COMPLETED, Status.CLOSED_EARLY, Status.ACTIVE),
    ).prefetch_related("members__person")
    people = list(Person.objects.filter(organization=organization, is_active=True, level__gte=5))
    # One introduction nobody has answered yet, for the introductions page: on a live
    # mentorship, so the live ones come first.
    pending_left = 1
    live_first = sorted(mentorships, key=lambda m: (m.status != Status.ACTIVE, m.pk))
    for mentorship in live_first:
        rng = random.Random(mentorship.pk * 7919)
        with _held_active(mentorship):
            _plan(clock, mentorship, rng)
            pending_left -= _introduce(clock, mentorship, people, rng, pending_left > 0)


@contextmanager
def _held_active(mentorship: Mentorship) -> Iterator[None]:
    """Play a finished mentorship's career work as if it were still live, then put it back."""
    before = Mentorship.objects.filter(pk=mentorship.pk).values("status", "last_activity_at")[0]
    mentorship.status = Status.ACTIVE
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Status.ACTIVE)
    try:
        yield
    finally:
        Mentorship.objects.filter(pk=mentorship.pk).update(**before)
        mentorship.status = before["status"]


def _live_span(clock: Timeline, mentorship: Mentorship) -> tuple[datetime, datetime]:
    start = mentorship.activated_at or mentorship.created_at
    end = mentorship.ended_at or clock.midnight - LATEST
    return start, max(start + timedelta(hours=2), end)


def _at(clock: Timeline, mentorship: Mentorship, share: float) -> datetime:
    """A moment `share` of the way through the mentorship's live weeks."""
    start, end = _live_span(clock, mentorship)
    return min(start + (end - start) * share, clock.midnight - LATEST)


def _days_ago(clock: Timeline, moment: datetime) -> float:
    return (clock.midnight - moment) / timedelta(days=1)


def _member(mentorship: Mentorship, role: str) -> Person:
    return next(m.person for m in mentorship.members.all() if m.role == role)


def _plan(clock: Timeline, mentorship: Mentorship, rng: random.Random) -> None:
    mentee = _member(mentorship, EnrollmentRole.MENTEE)
    role = rng.choice(NEXT_ROLES.get(mentee.department, OTHER_ROLES))
    plan = save_plan(mentee, mentorship, role, rng.choice((12, 18, 24, 36)))
    seeking = list(
        PersonSkill.objects.filter(person=mentee).select_related("skill").order_by("skill__name")
    )
    targets = [(s.skill.name, min(5, s.proficiency + rng.randint(1, 2))) for s in seeking[:3]]
    targets.append((rng.choice(ROLE_SKILLS), rng.randint(3, 4)))
    for name, wanted in targets:
        set_target_skill(mentee, plan, name, wanted)
    written = _at(clock, mentorship, rng.uniform(0.05, 0.15))
    CareerPlan.objects.filter(pk=plan.pk).update(updated_at=written)
    clock.settle(_days_ago(clock, written))
    gaps = list(plan.target_skills.select_related("skill").order_by("-wanted")[:2])
    for target in gaps:
        goal = add_gap_goal(mentee, plan, target.skill)
        Goal.objects.filter(pk=goal.pk).update(created_at=written + timedelta(days=1))
    clock.settle(_days_ago(clock, written + timedelta(days=1)))
    assert GoalSkill.objects.filter(goal__mentorship=mentorship).count() == len(gaps)


def _introduce(
    clock: Timeline,
    mentorship: Mentorship,
    people: list[Person],
    rng: random.Random,
    leave_pending: bool,
) -> int:
    """Two introductions, mostly accepted; returns 1 if one was left waiting."""
    mentor = _member(mentorship, EnrollmentRole.MENTOR)
    mentee = _member(mentorship, EnrollmentRole.MENTEE)
    members = {m.person_id for m in mentorship.members.all()}
    candidates = [p for p in people if p.pk not in members and p.department != mentee.department]
    left = 0
    for n, to_person in enumerate(rng.sample(candidates, min(2, len(candidates)))):
        made = _at(clock, mentorship, rng.uniform(0.3, 0.8))
        try:
            intro = introduce(mentor, mentorship, to_person, rng.choice(INTRO_NOTES))
        except DomainError:
            continue  # a declared conflict, or a pending one already: the mentor picks another
        Introduction.objects.filter(pk=intro.pk).update(created_at=made)
        clock.settle(_days_ago(clock, made))
        if leave_pending and n == 1:
            left += 1
            continue
        answer_introduction(to_person, intro, accept=rng.random() < 0.8)
        answered = min(made + timedelta(days=rng.uniform(0.5, 4)), clock.midnight - LATEST)
        Introduction.objects.filter(pk=intro.pk).update(answered_at=answered)
        clock.settle(_days_ago(clock, answered))
    return left
