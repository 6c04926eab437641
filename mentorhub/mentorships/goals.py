"""Goals of a mentorship with their milestones and tasks: domain actions, lookups, progress.

Members write; whoever may see the mentorship (its program's managers too) reads the goals
and their progress.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed, validate_model
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.agreements import plan_for
from mentorhub.mentorships.models import (
    LIVE_STATUSES,
    Goal,
    GoalComment,
    GoalStatus,
    Mentorship,
    Milestone,
    Status,
    Task,
)
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Program, ProgramStage
from mentorhub.programs.stages import stage_goals, started_on

GOAL_FIELDS = ("title", "description", "due_on", "status")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def goal_progress(goal: Goal) -> Progress:
    """Done milestones and tasks over all of them; an achieved goal is complete."""
    steps = [m.done_at for m in goal.milestones.all()] + [t.done_at for t in goal.tasks.all()]
    if goal.status == GoalStatus.ACHIEVED:
        return Progress(len(steps) or 1, len(steps) or 1)
    return Progress(sum(1 for d in steps if d is not None), len(steps))


def overall_progress(goals: list[Goal]) -> Progress:
    counted = [goal_progress(g) for g in goals if g.status != GoalStatus.DROPPED]
    return Progress(sum(p.done for p in counted), sum(p.total for p in counted))


def goals_of(mentorship: Mentorship) -> QuerySet[Goal]:
    """The goals with their milestones, tasks, comments and owners in five queries.

    Shared goals come first, then each member's own, grouped by member.
    """
    tasks = Task.objects.select_related("owner")
    comments = GoalComment.objects.select_related("author")
    goals = Goal.objects.filter(mentorship=mentorship).select_related("owner")
    shared_first = F("owner__full_name").asc(nulls_first=True)
    return goals.order_by(shared_first, "owner_id", "created_at", "id").prefetch_related(
        "milestones", Prefetch("tasks", queryset=tasks), Prefetch("comments", queryset=comments)
    )


def get_goal_for(person: Person, mentorship_id: int, goal_id: int) -> Goal:
    mentorship = get_mentorship_for(person, mentorship_id)
    goal = Goal.objects.filter(mentorship=mentorship, pk=goal_id).first()
    if goal is None:
        raise Http404("No such goal in this mentorship.")
    goal.mentorship = mentorship
    return goal


def get_milestone_for(person: Person, mentorship_id: int, milestone_id: int) -> Milestone:
    mentorship = get_mentorship_for(person, mentorship_id)
    milestone = (
        Milestone.objects.select_related("goal")
        .filter(goal__mentorship=mentorship, pk=milestone_id)
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone in this mentorship.")
    milestone.goal.mentorship = mentorship
    return milestone


def get_task_for(person: Person, mentorship_id: int, task_id: int) -> Task:
    mentorship = get_mentorship_for(person, mentorship_id)
    task = Task.objects.select_related("goal").filter(goal__mentorship=mentorship, pk=task_id)
    found = task.first()
    if found is None:
        raise Http404("No such task in this mentorship.")
    found.goal.mentorship = mentorship
    return found


def _require_member(actor: Person, mentorship: Mentorship) -> None:
    if not mentorship.members.filter(person=actor).exists():
        raise NotAllowed("Only the members of this mentorship can change its goals.")
    if mentorship.status not in LIVE_STATUSES:
        raise IllegalTransition(
            f"This mentorship is {mentorship.get_status_display().lower()}; "
            "its goals are kept as they were."
        )


def _audit(actor: Person, verb: str, mentorship: Mentorship, **details: Any) -> None:
    record(actor, verb, mentorship, mentorship.program.organization, **details)


@transaction.atomic
def add_goal(
    actor: Person,
    mentorship: Mentorship,
    title: str,
    description: str = "",
    due_on: date | None = None,
    owner: Person | None = None,
) -> Goal:
    """Add a goal the mentorship shares, or (with `owner`, a member) that member's own."""
    _require_member(actor, mentorship)
    if owner is not None and not mentorship.members.filter(person=owner).exists():
        message = f"{owner.full_name} is not a member of this mentorship; own goals are members'."
        raise InvalidInput(message, field_errors={"owner": [message]})
    goal = Goal(
        mentorship=mentorship, title=title, description=description, due_on=due_on, owner=owner
    )
    validate_model(goal, exclude=["mentorship", "owner"])
    goal.save()
    _audit(actor, "goal.added", mentorship, goal=goal.pk, title=goal.title, owner=goal.owner_id)
    note_activity(mentorship.pk)
    return goal


@transaction.atomic
def update_goal(actor: Person, goal: Goal, changes: dict[str, Any]) -> Goal:
    _require_member(actor, goal.mentorship)
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown goal fields: {', '.join(sorted(unknown))}.")
    for key, value in changes.items():
        setattr(goal, key, value)
    validate_model(goal, exclude=["mentorship"])
    goal.save()
    _audit(actor, "goal.updated", goal.mentorship, goal=goal.pk, fields=sorted(changes))
    if changes.get("status") == GoalStatus.ACHIEVED:
        note_activity(goal.mentorship_id)
    return goal


@transaction.atomic
def remove_goal(actor: Person, goal: Goal) -> None:
    _require_member(actor, goal.mentorship)
    _audit(actor, "goal.removed", goal.mentorship, goal=goal.pk, title=goal.title)
    goal.delete()


MAX_COMMENT = 2000


@transaction.atomic
def comment_on_goal(actor: Person, goal: Goal, body: str) -> GoalComment:
    """A member says something about a goal's progress (in a circle: a peer's own goal too)."""
    _require_member(actor, goal.mentorship)
    body = body.strip()
    if not body or len(body) > MAX_COMMENT:
        message = f"Write a comment of 1 to {MAX_COMMENT:,} characters."
        raise InvalidInput(message, field_errors={"body": [message]})
    comment = GoalComment.objects.create(goal=goal, author=actor, body=body)
    # The audit names the comment, never its words.
    _audit(actor, "goal.commented", goal.mentorship, goal=goal.pk, comment=comment.pk)
    note_activity(goal.mentorship_id)
    return comment


@transaction.atomic
def add_milestone(actor: Person, goal: Goal, title: str, due_on: date | None = None) -> Milestone:
    _require_member(actor, goal.mentorship)
    milestone = Milestone(goal=goal, title=title, due_on=due_on)
    validate_model(milestone, exclude=["goal"])
    milestone.save()
    _audit(actor, "milestone.added", goal.mentorship, goal=goal.pk, milestone=milestone.pk)
    note_activity(goal.mentorship_id)
    return milestone


@transaction.atomic
def add_task(
    actor: Person,
    goal: Goal,
    title: str,
    owner: Person | None = None,
    due_on: date | None = None,
    milestone: Milestone | None = None,
) -> Task:
    """A task of a goal (optionally under one of its milestones), owned by one of the members."""
    mentorship = goal.mentorship
    _require_member(actor, mentorship)
    if owner is not None and not mentorship.members.filter(person=owner).exists():
        message = f"{owner.full_name} is not a member of this mentorship; tasks go to members."
        raise InvalidInput(message, field_errors={"owner": [message]})
    if milestone is not None and milestone.goal_id != goal.pk:
        message = "That milestone belongs to another goal."
        raise InvalidInput(message, field_errors={"milestone": [message]})
    task = Task(goal=goal, milestone=milestone, title=title, owner=owner, due_on=due_on)
    validate_model(task, exclude=["goal", "milestone", "owner"])
    task.save()
    _audit(actor, "task.added", mentorship, goal=goal.pk, task=task.pk)
    note_activity(mentorship.pk)
    return task


def _check_task_links(task: Task) -> None:
    mentorship = task.goal.mentorship
    if task.owner_id is not None and not mentorship.members.filter(person=task.owner_id).exists():
        message = "Tasks go to members of this mentorship; that person is not one."
        raise InvalidInput(message, field_errors={"owner": [message]})
    if task.milestone is not None and task.milestone.goal_id != task.goal_id:
        message = "That milestone belongs to another goal."
        raise InvalidInput(message, field_errors={"milestone": [message]})


@transaction.atomic
def update_task(actor: Person, task: Task, changes: dict[str, Any]) -> Task:
    """Change a task's title, due date, owner (a member, or nobody) or milestone."""
    _require_member(actor, task.goal.mentorship)
    unknown = set(changes) - {"title", "due_on", "owner", "milestone"}
    if unknown:
        raise InvalidInput(f"Unknown task fields: {', '.join(sorted(unknown))}.")
    for key, value in changes.items():
        setattr(task, key, value)
    _check_task_links(task)
    validate_model(task, exclude=["goal", "milestone", "owner"])
    task.save()
    _audit(actor, "task.updated", task.goal.mentorship, task=task.pk, fields=sorted(changes))
    return task


@transaction.atomic
def remove_task(actor: Person, task: Task) -> None:
    _require_member(actor, task.goal.mentorship)
    _audit(actor, "task.removed", task.goal.mentorship, task=task.pk, title=task.title)
    task.delete()


@transaction.atomic
def update_milestone(actor: Person, milestone: Milestone, changes: dict[str, Any]) -> Milestone:
    _require_member(actor, milestone.goal.mentorship)
    unknown = set(changes) - {"title", "due_on"}
    if unknown:
        raise InvalidInput(f"Unknown milestone fields: {', '.join(sorted(unknown))}.")
    for key, value in changes.items():
        setattr(milestone, key, value)
    validate_model(milestone, exclude=["goal"])
    milestone.save()
    mentorship = milestone.goal.mentorship
    _audit(actor, "milestone.updated", mentorship, milestone=milestone.pk, fields=sorted(changes))
    return milestone


@transaction.atomic
def remove_milestone(actor: Person, milestone: Milestone) -> None:
    """Remove a milestone; its tasks stay with the goal."""
    _require_member(actor, milestone.goal.mentorship)
    milestone.tasks.update(milestone=None)
    mentorship = milestone.goal.mentorship
    _audit(actor, "milestone.removed", mentorship, milestone=milestone.pk, title=milestone.title)
    milestone.delete()


@transaction.atomic
def set_task_done(actor: Person, task: Task, done: bool = True) -> Task:
    _require_member(actor, task.goal.mentorship)
    if (task.done_at is not None) != done:
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done_at"])
        verb = "task.done" if done else "task.reopened"
        _audit(actor, verb, task.goal.mentorship, task=task.pk)
        if done:
            note_activity(task.goal.mentorship_id)
    return task


@transaction.atomic
def set_milestone_done(actor: Person, milestone: Milestone, done: bool = True) -> Milestone:
    _require_member(actor, milestone.goal.mentorship)
    if (milestone.done_at is not None) != done:
        milestone.done_at = timezone.now() if done else None
        milestone.save(update_fields=["done_at"])
        verb = "milestone.done" if done else "milestone.reopened"
        _audit(actor, verb, milestone.goal.mentorship, milestone=milestone.pk)
        if done:
            note_activity(milestone.goal.mentorship_id)
    return milestone


def prefill_goals(actor: Person | None, mentorship: Mentorship) -> int:
    """Copy the program's goal structure into a mentorship that has no goals yet, where the
    approach asks for it (formal programs, personal development). Structured programs add
    each stage's goals, due on the stage's last day; the plan's own goals have no due date."""
    rules = mentorship.program.approach_rules
    if not rules.prefills_goals or mentorship.goals.exists():
        return 0
    template: list[tuple[dict[str, Any], date | None]] = [
        (entry, None) for entry in plan_for(mentorship.program).goal_template
    ]
    start = started_on(mentorship.activated_at)
    if rules.structured and start is not None:
        template += stage_goals(mentorship.program, start)
    _create_goals([(mentorship.pk, entry, due_on) for entry, due_on in template])
    if template:
        _audit_system(actor, mentorship, len(template))
    return len(template)


def _create_goals(rows: Sequence[tuple[int, dict[str, Any], date | None]]) -> None:
    """Goals from template entries (mentorship id, entry, due date) with their milestones and
    tasks: three queries however many (a large batch may be split by the database's limits)."""
    goals = Goal.objects.bulk_create(
        Goal(
            mentorship_id=mentorship_id,
            title=entry["title"],
            description=entry.get("description", ""),
            due_on=due_on,
        )
        for mentorship_id, entry, due_on in rows
    )
    entries = [entry for _, entry, _ in rows]
    Milestone.objects.bulk_create(
        Milestone(goal=goal, title=title)
        for goal, entry in zip(goals, entries, strict=True)
        for title in entry.get("milestones", [])
    )
    Task.objects.bulk_create(
        Task(goal=goal, title=title)
        for goal, entry in zip(goals, entries, strict=True)
        for title in entry.get("tasks", [])
    )


def _same_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def missing_stage_goals(
    program: Program, stages: list[ProgramStage] | None = None
) -> dict[int, list[tuple[dict[str, Any], date]]]:
    """For each active mentorship of the program lacking some of its stages' goals: those
    goals with their due dates (the stage's last day from the mentorship's start, as when it
    started). A goal counts as there when the mentorship has one of the same title (ignoring
    case and spacing), whoever wrote it; a title the stages give twice is looked for twice.
    Three queries (two with `stages`), however many mentorships."""
    if stages is None:
        stages = list(ProgramStage.objects.filter(program=program).order_by("position"))
    running = Mentorship.objects.filter(
        program=program, status=Status.ACTIVE, activated_at__isnull=False
    )
    starts = dict(running.order_by("pk").values_list("pk", "activated_at"))
    have: dict[int, Counter[str]] = defaultdict(Counter)
    titles = Goal.objects.filter(mentorship__in=running).values_list("mentorship_id", "title")
    for mentorship_id, title in titles:
        have[mentorship_id][_same_title(title)] += 1
    missing = {}
    for mentorship_id, activated_at in starts.items():
        start = started_on(activated_at)
        assert start is not None  # active since activated_at
        found, lacking = have[mentorship_id], []
        for entry, due_on in stage_goals(program, start, stages):
            title = _same_title(entry["title"])
            if found[title]:
                found[title] -= 1
            else:
                lacking.append((entry, due_on))
        if lacking:
            missing[mentorship_id] = lacking
    return missing


@transaction.atomic
class StageGoalsAdded(NamedTuple):
    goals: int
    mentorships: int


def apply_stages_to_running(actor: Person, program: Program) -> StageGoalsAdded:
    """Add to each active mentorship of a structured program the stage goals it does not
    have yet, due as if it had started with them; says how many, to how many mentorships.

    Goals already there (stage goals given earlier, or the members' own of the same title)
    are left as they are: none is changed, re-dated or removed. The members are not told
    and it is not their activity: nothing is emailed and `last_activity_at` stays."""
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can add its stage goals to mentorships.")
    if not program.approach_rules.structured:
        raise InvalidInput(f"{program.get_approach_display()} programs do not run in stages.")
    program = Program.objects.select_for_update().get(pk=program.pk)  # one at a time
    stages = list(ProgramStage.objects.filter(program=program).order_by("position"))
    if not stages:
        raise InvalidInput("This program has no stages yet: write them on its Structure page.")
    missing = missing_stage_goals(program, stages)
    rows = [(m, entry, due_on) for m, lacking in missing.items() for entry, due_on in lacking]
    _create_goals(rows)
    record(
        actor,
        "program.stage_goals_added",
        program,
        program.organization,
        goals=len(rows),
        mentorships=len(missing),
    )
    return StageGoalsAdded(len(rows), len(missing))


def _audit_system(actor: Person | None, mentorship: Mentorship, count: int) -> None:
    record(actor, "goals.prefilled", mentorship, mentorship.program.organization, goals=count)
