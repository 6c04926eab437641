"""`mentorhub mentorship goal …` and `… agreement …`: the plan of a mentorship from a terminal."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import OutputWrapper

from mentorhub.clitools import add_actor_arguments
from mentorhub.errors import InvalidInput
from mentorhub.mentorships import agreements, goals
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.people.models import Person


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-31") from None


def add_plan_parsers(actions: Any) -> None:
    goal = actions.add_parser("goal", help="goals, milestones and tasks of a mentorship")
    steps = goal.add_subparsers(dest="goal_action", required=True)
    listing = steps.add_parser("list", help="goals with their milestones, tasks and progress")
    add = steps.add_parser("add", help="add a goal")
    task = steps.add_parser("task", help="add a task to a goal")
    done = steps.add_parser("done", help="mark a task done")
    for parser in (listing, add, task, done):
        add_actor_arguments(parser)
        parser.add_argument("id", type=int, help="the mentorship")
    add.add_argument("--title", required=True)
    add.add_argument("--description", default="")
    add.add_argument("--due", type=_date, metavar="YYYY-MM-DD")
    task.add_argument("--goal", type=int, required=True, metavar="ID")
    task.add_argument("--title", required=True)
    task.add_argument("--owner", metavar="EMAIL", help="one of the members")
    task.add_argument("--due", type=_date, metavar="YYYY-MM-DD")
    done.add_argument("--task", type=int, required=True, metavar="ID")
    done.add_argument("--undo", action="store_true", help="mark it not done again")
    agreement = actions.add_parser("agreement", help="confirm a mentorship's agreement")
    agreement.add_argument("agreement_action", choices=["confirm", "status"])
    add_actor_arguments(agreement)
    agreement.add_argument("id", type=int, help="the mentorship")


def run_goal(actor: Person, options: dict[str, Any], out: OutputWrapper) -> None:
    action, mentorship_id = options["goal_action"], options["id"]
    if action == "list":
        _list(actor, mentorship_id, out)
    elif action == "add":
        mentorship = get_mentorship_for(actor, mentorship_id)
        goal = goals.add_goal(
            actor, mentorship, options["title"], options["description"], options["due"]
        )
        out.write(f"Goal #{goal.pk} added: {goal.title}")
    elif action == "task":
        goal = goals.get_goal_for(actor, mentorship_id, options["goal"])
        owner = _member(goal.mentorship, options["owner"])
        task = goals.add_task(actor, goal, options["title"], owner, options["due"])
        out.write(f"Task #{task.pk} added to goal #{goal.pk}: {task.title}")
    else:
        task = goals.get_task_for(actor, mentorship_id, options["task"])
        goals.set_task_done(actor, task, not options["undo"])
        out.write(f"Task #{task.pk} is {'not done' if options['undo'] else 'done'}.")


def _member(mentorship: Any, email: str | None) -> Person | None:
    if not email:
        return None
    member = mentorship.members.select_related("person").filter(person__email__iexact=email)
    found = member.first()
    if found is None:
        raise InvalidInput(f"{email} is not a member of mentorship #{mentorship.pk}.")
    return found.person


def _list(actor: Person, mentorship_id: int, out: OutputWrapper) -> None:
    mentorship = get_mentorship_for(actor, mentorship_id)
    goal_list = list(goals.goals_of(mentorship))
    out.write(f"Progress: {goals.overall_progress(goal_list).percent}%")
    for goal in goal_list:
        out.write(f"#{goal.pk}\t{goal.status}\t{goals.goal_progress(goal).percent}%\t{goal.title}")
        for milestone in goal.milestones.all():
            mark = "x" if milestone.done_at else " "
            out.write(f"  [{mark}] milestone #{milestone.pk}\t{milestone.title}")
        for task in goal.tasks.all():
            mark = "x" if task.done_at else " "
            owner = f"\t{task.owner.full_name}" if task.owner else ""
            out.write(f"  [{mark}] task #{task.pk}\t{task.title}{owner}")


def run_agreement(actor: Person, options: dict[str, Any], out: OutputWrapper) -> None:
    if options["agreement_action"] == "status":
        mentorship = get_mentorship_for(actor, options["id"])
        confirmed = agreements.agreement_confirmed(mentorship)
        required = "required" if agreements.agreement_required(mentorship) else "optional"
        out.write(f"Agreement ({required}): {'confirmed' if confirmed else 'not confirmed'}.")
        return
    mentorship = agreements.get_agreement_mentorship_for(actor, options["id"])
    agreement = agreements.confirm_agreement(actor, mentorship)
    out.write(f"Confirmed version {agreement.version} of the agreement.")
