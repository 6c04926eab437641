"""Bringing a structured program's stages to the mentorships already running: each active
mentorship gets the stage goals it lacks, due by its own start; nothing it has is touched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships.goals import (
    apply_stages_to_running,
    missing_stage_goals,
    set_task_done,
    update_goal,
)
from mentorhub.mentorships.models import Goal, Mentorship, Milestone, Task
from mentorhub.mentorships.services import accept_mentorship, close_mentorship, propose_mentorship
from mentorhub.programs.services import Resource, enroll
from mentorhub.programs.stages import StagePlan, set_stages
from mentorhub.programs.tests.formal_helpers import admit, formal_program

GOAL = {"title": "Agree the plan", "milestones": ["Agreement confirmed"], "tasks": ["Book"]}
STARTED = datetime(2026, 5, 4, 9, tzinfo=UTC)  # a Monday


def _plans() -> list[StagePlan]:
    return [
        StagePlan("Getting started", 2, "Meet.", [GOAL], [Resource("H", "https://example.org")]),
        StagePlan("Feedback", 4, goal_template=[{"title": "Give feedback", "tasks": ["Ask"]}]),
    ]


@pytest.fixture
def formal(scenario):
    """GIVEN a formal program Pete manages, with Mona admitted as a mentor (3 seats)."""
    s = scenario
    s.program = formal_program(s)
    s.mentor = admit(s.pete, enroll(s.mona, s.program, "mentor", "Lead", capacity=3))
    return s


def _start(s, person, when: datetime = STARTED) -> Mentorship:
    """`person` is admitted as a mentee, paired with Mona, and both accept on `when`."""
    mentee = admit(s.pete, enroll(person, s.program, "mentee", "Learn"))
    with time_machine.travel(when, tick=False):
        mentorship = propose_mentorship(s.pete, s.program, s.mentor, mentee)
        accept_mentorship(person, mentorship)
        accept_mentorship(s.mona, mentorship)
    mentorship.refresh_from_db()
    return mentorship


def _titles(mentorship: Mentorship) -> list[tuple[str, date | None]]:
    return sorted(mentorship.goals.values_list("title", "due_on"))


@pytest.fixture
def running(formal):
    """AND Max's mentorship started on 4 May, before the program had stages; then Pete
    writes them."""
    formal.mentorship = _start(formal, formal.max)
    set_stages(formal.pete, formal.program, _plans())
    return formal


# The service


def test_a_running_mentorship_gets_each_stage_goal_due_by_its_own_start(running):
    s = running
    before = Mentorship.objects.get(pk=s.mentorship.pk).last_activity_at
    mail.outbox.clear()
    assert apply_stages_to_running(s.pete, s.program).goals == 2
    assert _titles(s.mentorship) == [
        ("Agree the plan", date(2026, 5, 17)),  # the last day of weeks 1–2
        ("Give feedback", date(2026, 6, 14)),  # … of weeks 3–6
    ]
    agree = Goal.objects.get(mentorship=s.mentorship, title="Agree the plan")
    assert [m.title for m in agree.milestones.all()] == ["Agreement confirmed"]
    assert [t.title for t in agree.tasks.all()] == ["Book"]
    assert Task.objects.filter(goal__title="Give feedback").count() == 1
    event = AuditEvent.objects.get(verb="program.stage_goals_added")
    assert (event.actor, event.details) == (s.pete, {"goals": 2, "mentorships": 1})
    # Not the members' doing: no email, and the mentorship's last activity stays.
    assert mail.outbox == []
    assert Mentorship.objects.get(pk=s.mentorship.pk).last_activity_at == before


def test_goals_already_there_are_kept_as_they_are_and_a_second_run_adds_nothing(running):
    s = running
    apply_stages_to_running(s.pete, s.program)
    agree = Goal.objects.get(mentorship=s.mentorship, title="Agree the plan")
    update_goal(s.max, agree, {"due_on": date(2026, 7, 1), "status": "achieved"})
    set_task_done(s.max, agree.tasks.get())
    goals_before = list(Goal.objects.order_by("pk").values_list("pk", "due_on", "status"))
    set_stages(s.pete, s.program, [*_plans(), StagePlan("Wrap up", 1, goal_template=[GOAL])])
    set_stages(
        s.pete,
        s.program,
        [*_plans(), StagePlan("Wrap up", 1, goal_template=[{"title": "Present the project"}])],
    )
    assert apply_stages_to_running(s.pete, s.program).goals == 1
    assert Goal.objects.get(title="Present the project").due_on == date(2026, 6, 21)
    assert list(Goal.objects.order_by("pk").values_list("pk", "due_on", "status"))[:2] == (
        goals_before
    )
    assert agree.tasks.get().done_at is not None
    assert apply_stages_to_running(s.pete, s.program).goals == 0
    assert Goal.objects.filter(mentorship=s.mentorship).count() == 3
    counts = AuditEvent.objects.filter(verb="program.stage_goals_added").order_by("pk")
    assert [e.details["goals"] for e in counts] == [2, 1, 0]


def test_a_goal_of_the_same_title_counts_as_there_whatever_its_case_or_owner(running):
    s = running
    Goal.objects.create(mentorship=s.mentorship, title="agree  THE plan", owner=s.max)
    assert apply_stages_to_running(s.pete, s.program).goals == 1
    assert [t for t, _ in _titles(s.mentorship)] == ["Give feedback", "agree  THE plan"]


def test_a_title_the_stages_give_twice_is_looked_for_twice(running):
    s = running
    twice = [*_plans(), StagePlan("Again", 1, goal_template=[{"title": "Give feedback"}])]
    set_stages(s.pete, s.program, twice)
    assert apply_stages_to_running(s.pete, s.program).goals == 3
    assert apply_stages_to_running(s.pete, s.program).goals == 0
    assert [d for t, d in _titles(s.mentorship) if t == "Give feedback"] == [
        date(2026, 6, 14),
        date(2026, 6, 21),
    ]


def test_a_mentorship_that_started_with_the_stages_already_has_them(formal):
    s = formal
    set_stages(s.pete, s.program, _plans())
    mentorship = _start(s, s.max)
    assert len(_titles(mentorship)) == 2  # from the start
    assert missing_stage_goals(s.program) == {}
    assert apply_stages_to_running(s.pete, s.program).goals == 0
    assert len(_titles(mentorship)) == 2


def test_only_active_mentorships_get_the_goals(formal):
    s = formal
    _start(s, s.max)
    closed = _start(s, make_person(s.org, "Cleo Closed"))
    close_mentorship(s.pete, closed, "admin", "Moved on")
    pat = admit(s.pete, enroll(make_person(s.org, "Pat Proposed"), s.program, "mentee", "Go"))
    proposed = propose_mentorship(s.pete, s.program, s.mentor, pat)
    set_stages(s.pete, s.program, _plans())
    assert apply_stages_to_running(s.pete, s.program).goals == 2
    assert not Goal.objects.filter(mentorship__in=[closed, proposed]).exists()


def test_org_admin_may_and_members_may_not(running):
    s = running
    with pytest.raises(NotAllowed):
        apply_stages_to_running(s.mona, s.program)
    with pytest.raises(NotAllowed):
        apply_stages_to_running(s.charlie, s.program)
    assert not Goal.objects.exists()
    assert apply_stages_to_running(s.alice, s.program).goals == 2


def test_refused_without_stages_and_for_programs_that_are_not_structured(formal):
    s = formal
    _start(s, s.max)
    with pytest.raises(InvalidInput, match="no stages yet"):
        apply_stages_to_running(s.pete, s.program)
    with pytest.raises(InvalidInput, match="do not run in stages"):
        apply_stages_to_running(s.pete, s.org.programs.get(approach="traditional"))
    assert not AuditEvent.objects.filter(verb="program.stage_goals_added").exists()


def test_the_queries_do_not_grow_with_the_mentorships(running, django_assert_max_num_queries):
    s = running
    with django_assert_max_num_queries(12):  # one running mentorship
        assert apply_stages_to_running(s.pete, s.program).goals == 2
    for i in range(2):
        _start(s, make_person(s.org, f"Mentee {i}"))  # they start with the two stages' goals
    set_stages(s.pete, s.program, [*_plans(), StagePlan("Three", 1, goal_template=[GOAL])])
    with django_assert_max_num_queries(12):  # three: the same
        assert apply_stages_to_running(s.pete, s.program).goals == 3
    assert Milestone.objects.filter(goal__title="Agree the plan").count() == 6
    assert Task.objects.filter(goal__title="Agree the plan").count() == 6


# Web, API and CLI


def test_manager_adds_them_from_the_program_page_and_is_told_how_many(running):
    s = running
    page = reverse("program_detail", args=[s.program.pk])
    button = "Add the stage goals to the 1 running mentorship"
    assert button in s.client_for(s.pete).get(page).content.decode()
    assert button not in s.client_for(s.mona).get(page).content.decode()
    url = reverse("program_structure_apply", args=[s.program.pk])
    assert (
        button
        in s.client_for(s.pete)
        .get(reverse("program_structure", args=[s.program.pk]))
        .content.decode()
    )
    answer = s.client_for(s.pete).post(url, follow=True)
    assert "Added 2 stage goals to 1 running mentorship" in answer.content.decode()
    assert button not in s.client_for(s.pete).get(page).content.decode()
    again = s.client_for(s.pete).post(url, follow=True).content.decode()
    assert "No running mentorship lacks any of the stage goals" in again
    assert s.client_for(s.mona).post(url).status_code == 403
    informal = s.org.programs.get(approach="traditional")
    informal_url = reverse("program_structure_apply", args=[informal.pk])
    assert s.client_for(s.pete).post(informal_url).status_code == 404


def test_web_refusal_without_stages_is_flashed(formal):
    s = formal
    url = reverse("program_structure_apply", args=[s.program.pk])
    answer = s.client_for(s.pete).post(url, follow=True)
    assert "no stages yet" in answer.content.decode()


def test_api_adds_them_for_managers(running):
    s = running
    path = f"/api/programs/{s.program.pk}/structure/apply"
    assert s.client_for(s.mona).post(path).status_code == 403
    assert s.client_for(s.charlie).post(path).status_code == 404
    answer = s.client_for(s.pete).post(path)
    assert answer.status_code == 200
    assert answer.json() == {"program_id": s.program.pk, "goals_added": 2, "mentorships": 1}
    assert s.client_for(s.pete).post(path).json()["goals_added"] == 0
    informal = s.org.programs.get(approach="traditional")
    refused = s.client_for(s.pete).post(f"/api/programs/{informal.pk}/structure/apply")
    assert refused.status_code == 422 and "do not run in stages" in refused.json()["detail"]


def test_cli_adds_them(running, capsys):
    s = running
    who = ("--program", str(s.program.pk), "--org", "acme")
    call_command("program_structure", "apply", *who, "--as", s.pete.email)
    assert "added 2 stage goal(s) to 1 running mentorship(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="managers"):
        call_command("program_structure", "apply", *who, "--as", s.mona.email)
    assert Goal.objects.filter(mentorship=s.mentorship).count() == 2


def test_the_button_counts_the_running_mentorships_that_lack_some(formal):
    s = formal
    for i in range(3):
        _start(s, make_person(s.org, f"Mentee {i}"), STARTED + timedelta(days=i))
    set_stages(s.pete, s.program, _plans())
    assert len(missing_stage_goals(s.program)) == 3
    page = s.client_for(s.pete).get(reverse("program_detail", args=[s.program.pk]))
    assert "Add the stage goals to the 3 running mentorships" in page.content.decode()
