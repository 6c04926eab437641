"""`mentorhub mentorship goal …` and `… agreement …` through the same domain actions."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mentorhub.mentorships import agreements
from mentorhub.mentorships.models import Task


def _as(person) -> list[str]:
    return ["--as", person.email, "--org", "acme"]


def test_add_a_goal_and_a_task_then_mark_it_done(scenario, active, capsys):
    call_command(
        "mentorship", "goal", "add", str(active.pk), "--title", "Learn", *_as(scenario.max)
    )
    goal = active.goals.get()
    call_command(
        "mentorship",
        "goal",
        "task",
        str(active.pk),
        "--goal",
        str(goal.pk),
        "--title",
        "Read",
        "--owner",
        scenario.mona.email,
        *_as(scenario.max),
    )
    task = Task.objects.get()
    call_command(
        "mentorship", "goal", "done", str(active.pk), "--task", str(task.pk), *_as(scenario.mona)
    )
    call_command("mentorship", "goal", "list", str(active.pk), *_as(scenario.pete))
    out = capsys.readouterr().out
    assert "Progress: 100%" in out
    assert "[x] task" in out
    assert Task.objects.get().owner == scenario.mona


def test_a_manager_cannot_add_goals_from_the_cli(scenario, active):
    with pytest.raises(CommandError, match="Only the members"):
        call_command(
            "mentorship", "goal", "add", str(active.pk), "--title", "X", *_as(scenario.pete)
        )


def test_a_task_owner_outside_the_mentorship_is_refused(scenario, active):
    call_command(
        "mentorship", "goal", "add", str(active.pk), "--title", "Learn", *_as(scenario.max)
    )
    goal = active.goals.get()
    with pytest.raises(CommandError, match="not a member"):
        call_command(
            "mentorship",
            "goal",
            "task",
            str(active.pk),
            "--goal",
            str(goal.pk),
            "--title",
            "Read",
            "--owner",
            scenario.pete.email,
            *_as(scenario.max),
        )


def test_confirm_the_agreement_from_the_cli(scenario, active, capsys):
    call_command("mentorship", "agreement", "confirm", str(active.pk), *_as(scenario.max))
    call_command("mentorship", "agreement", "confirm", str(active.pk), *_as(scenario.mona))
    assert agreements.agreement_confirmed(active)
    call_command("mentorship", "agreement", "status", str(active.pk), *_as(scenario.pete))
    assert "Agreement (optional): confirmed." in capsys.readouterr().out
