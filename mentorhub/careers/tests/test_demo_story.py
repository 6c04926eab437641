"""The demo shows career plans and introductions, and a live personal-development program."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.db import transaction

from mentorhub.careers.models import CareerPlan, GoalSkill, Introduction, IntroStatus
from mentorhub.demo import DEMO_SEED
from mentorhub.demo.build import build_demo
from mentorhub.journal.models import JournalEntry, WellbeingAnswer
from mentorhub.mentorships.models import Goal, Mentorship, Status
from mentorhub.programs.models import Program

TODAY = date(2026, 3, 2)
MIDNIGHT = datetime.combine(TODAY, time.min, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org = build_demo(seed=DEMO_SEED, today=TODAY)
        yield org
        transaction.set_rollback(True)


def test_career_mentorships_have_plans_with_gaps_and_goals_tied_to_skills(demo):
    plans = CareerPlan.objects.filter(mentorship__program__organization=demo)
    assert plans.count() >= 5
    assert all(p.target_skills.count() >= 2 for p in plans)
    assert GoalSkill.objects.filter(goal__mentorship__program__organization=demo).count() >= 5
    for plan in plans.select_related("mentorship"):
        started, ended = plan.mentorship.activated_at, plan.mentorship.ended_at
        assert started and started <= plan.updated_at <= (ended or MIDNIGHT)


def test_career_introductions_are_mostly_accepted_with_one_waiting(demo):
    intros = Introduction.objects.filter(mentorship__program__organization=demo)
    statuses = set(intros.values_list("status", flat=True))
    assert {IntroStatus.ACCEPTED, IntroStatus.PENDING} <= statuses
    assert intros.filter(status=IntroStatus.PENDING).count() == 1
    assert all(i.created_at < MIDNIGHT for i in intros)
    assert all(
        i.answered_at and i.answered_at >= i.created_at for i in intros.exclude(status="pending")
    )


def test_finished_career_mentorships_are_still_finished(demo):
    statuses = set(
        Mentorship.objects.filter(
            program__organization=demo, program__approach="career"
        ).values_list("status", flat=True)
    )
    assert Status.ACTIVE not in statuses


def test_personal_program_is_live_with_reflections_and_wellbeing(demo):
    program = Program.objects.get(organization=demo, approach="personal")
    assert program.status == "running"
    assert program.plan.goal_template and "Self-awareness" in program.plan.goal_template[0]["title"]
    live = program.mentorships.filter(status=Status.ACTIVE)
    assert live.count() >= 3
    entries = JournalEntry.objects.filter(mentorship__program=program)
    assert (
        entries.filter(shared_at__isnull=True).exists()
        and entries.filter(shared_at__isnull=False).exists()
    )
    assert all(e.created_at < MIDNIGHT for e in entries)
    assert WellbeingAnswer.objects.filter(checkin__mentorship__program=program).exists()
    assert (
        Goal.objects.filter(mentorship__in=live, title__startswith="Wellbeing").count()
        == live.count()
    )
