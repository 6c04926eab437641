"""Stages of a structured program: setting them at once, and where a mentorship is in them.

A stage lasts whole weeks counted from each mentorship's start (the day it became active):
stage 1 covers weeks 1 to w1, stage 2 the next w2 weeks, and so on. A stage's last day is
its start plus its weeks, less one day; the goals of its template are due then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships.agreements import clean_goal_template
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT, validate_single_line
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import (
    MAX_STAGE_WEEKS,
    MAX_STAGES,
    Program,
    ProgramResource,
    ProgramStage,
    ResourceKind,
)
from mentorhub.programs.services import Resource

MAX_STAGE_RESOURCES = 20
TITLE_LENGTH, URL_LENGTH = 200, 500
WEB_LINK = URLValidator(schemes=["http", "https"])


@dataclass
class StagePlan:
    """What a manager writes for one stage; ProgramStage is what is stored."""

    title: str
    weeks: int
    description: str = ""
    goal_template: list[dict[str, Any]] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)


def resource_problem(resource: Resource) -> str | None:
    """Why a resource cannot be saved, in words for the person who wrote it; None if it can."""
    if not resource.title.strip() or len(resource.title) > TITLE_LENGTH:
        return f"give a title of 1 to {TITLE_LENGTH} characters"
    try:
        validate_single_line(resource.title)
    except ValidationError:
        return "write the title on one line, without control characters"
    try:
        WEB_LINK(resource.url)
    except ValidationError:
        return f"“{resource.url}” is not a web link (https://…)"
    if len(resource.url) > URL_LENGTH:
        return f"keep the link under {URL_LENGTH} characters"
    if resource.kind not in ResourceKind.values:
        return f"“{resource.kind}” is not a kind; use {', '.join(ResourceKind.values)}"
    return None


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={"stages": [message]})


def _clean_stage(number: int, plan: StagePlan) -> StagePlan:
    title = plan.title.strip()
    named = f"Stage {number}" + (f" (“{title}”)" if title else "")
    if not title or len(title) > TITLE_LENGTH or any(ord(ch) < 32 for ch in title):
        raise _refuse(f"{named}: give a one-line title of 1 to {TITLE_LENGTH} characters.")
    if not isinstance(plan.weeks, int) or not 1 <= plan.weeks <= MAX_STAGE_WEEKS:
        raise _refuse(f"{named}: a stage lasts 1 to {MAX_STAGE_WEEKS} weeks, not {plan.weeks}.")
    description = plan.description.strip()
    if len(description) > LONG_TEXT:
        raise _refuse(f"{named}: keep the description under {LONG_TEXT} characters.")
    try:
        goals = clean_goal_template(plan.goal_template)
    except InvalidInput as exc:
        raise _refuse(f"{named}: {exc.message}") from None
    if len(plan.resources) > MAX_STAGE_RESOURCES:
        raise _refuse(f"{named}: list at most {MAX_STAGE_RESOURCES} resources.")
    resources = []
    for index, resource in enumerate(plan.resources, start=1):
        resource = Resource(resource.title.strip(), resource.url.strip(), resource.kind)
        problem = resource_problem(resource)
        if problem:
            raise _refuse(f"{named}, resource {index}: {problem}.")
        resources.append(resource)
    return StagePlan(title, plan.weeks, description, goals, resources)


def clean_stages(plans: list[StagePlan]) -> list[StagePlan]:
    if len(plans) > MAX_STAGES:
        raise _refuse(f"A program has at most {MAX_STAGES} stages; this has {len(plans)}.")
    return [_clean_stage(number, plan) for number, plan in enumerate(plans, start=1)]


# A program's own resources (prefetched as `program.resources`); its stages' come with them.
PROGRAM_WIDE_RESOURCES = Prefetch(
    "resources", queryset=ProgramResource.objects.filter(stage=None).order_by("id")
)


def stages_of(program: Program) -> QuerySet[ProgramStage]:
    """The stages in order with their resources: two queries, however many there are."""
    resources = Prefetch("resources", queryset=ProgramResource.objects.order_by("id"))
    return (
        ProgramStage.objects.filter(program=program)
        .order_by("position")
        .prefetch_related(resources)
    )


def plan_of(stage: ProgramStage) -> StagePlan:
    resources = [Resource(r.title, r.url, r.kind) for r in stage.resources.all()]
    return StagePlan(stage.title, stage.weeks, stage.description, stage.goal_template, resources)


@transaction.atomic
def set_stages(actor: Person, program: Program, plans: list[StagePlan]) -> list[ProgramStage]:
    """Replace the program's stages (and their resources) with `plans`, all or nothing.

    Mentorships already running keep the goals they were given; new ones get these, and
    `mentorships.goals.apply_stages_to_running` adds the ones running lack.
    """
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can change its stages.")
    if not program.approach_rules.structured:
        raise InvalidInput(
            f"{program.get_approach_display()} programs do not run in stages; "
            "use the program's goal template instead."
        )
    cleaned = clean_stages(plans)
    program = Program.objects.select_for_update().get(pk=program.pk)
    current = list(stages_of(program))
    if [plan_of(s) for s in current] == cleaned:
        return current
    program.stages.all().delete()  # their resources go with them
    for position, plan in enumerate(cleaned, start=1):
        stage = ProgramStage.objects.create(
            program=program,
            position=position,
            title=plan.title,
            description=plan.description,
            weeks=plan.weeks,
            goal_template=plan.goal_template,
        )
        ProgramResource.objects.bulk_create(
            ProgramResource(program=program, stage=stage, title=r.title, url=r.url, kind=r.kind)
            for r in plan.resources
        )
    record(
        actor,
        "program.stages_set",
        program,
        program.organization,
        stages=len(cleaned),
        weeks=sum(p.weeks for p in cleaned),
    )
    return list(stages_of(program))


@dataclass(frozen=True)
class StageSpan:
    """One stage placed on a mentorship's calendar (or, without a start, in weeks only)."""

    stage: ProgramStage
    number: int
    first_week: int  # weeks of the mentorship, counted from 1
    last_week: int
    starts_on: date | None = None
    ends_on: date | None = None  # the stage's last day; its goals are due then


def stage_spans(stages: Iterable[ProgramStage], started_on: date | None = None) -> list[StageSpan]:
    spans, week = [], 0
    for number, stage in enumerate(stages, start=1):
        first, week = week + 1, week + stage.weeks
        starts = ends = None
        if started_on is not None:
            starts = started_on + timedelta(weeks=first - 1)
            ends = started_on + timedelta(weeks=week, days=-1)
        spans.append(StageSpan(stage, number, first, week, starts, ends))
    return spans


@dataclass(frozen=True)
class StageToday:
    """Where a mentorship is in its program's stages on one day."""

    spans: list[StageSpan]
    week: int  # the mentorship's week, counted from 1
    current: StageSpan | None  # None before the first stage or after the last

    @property
    def total(self) -> int:
        return len(self.spans)

    @property
    def finished(self) -> bool:
        return bool(self.spans) and self.current is None and self.week > self.spans[-1].last_week

    @property
    def ends_on(self) -> date | None:
        """The last day of the last stage."""
        return self.spans[-1].ends_on if self.spans else None

    @property
    def next(self) -> StageSpan | None:
        if self.current is None:
            return None if self.finished or not self.spans else self.spans[0]
        later = self.spans[self.current.number :]
        return later[0] if later else None


def stage_on(stages: Iterable[ProgramStage], started_on: date, today: date) -> StageToday:
    """Which stage a mentorship that started on `started_on` is in on `today`, and its week."""
    spans = stage_spans(stages, started_on)
    week = (today - started_on).days // 7 + 1
    current = next((s for s in spans if s.first_week <= week <= s.last_week), None)
    return StageToday(spans, week, current)


def started_on(activated_at: Any) -> date | None:
    """The day a mentorship started, in the site's calendar (TIME_ZONE), not the zone of
    whoever accepted or looks: its stage dates and goals' due dates are the same for all."""
    if not activated_at:
        return None
    return timezone.localdate(activated_at, timezone.get_default_timezone())


def stage_goals(
    program: Program, start: date, stages: Iterable[ProgramStage] | None = None
) -> list[tuple[dict[str, Any], date]]:
    """Each stage's goal entries with the day they are due, for a mentorship starting `start`
    (`stages`: the program's, in order, if already read)."""
    if stages is None:
        stages = ProgramStage.objects.filter(program=program).order_by("position")
    due = []
    for span in stage_spans(stages, start):
        assert span.ends_on is not None  # placed on a calendar: it has a start
        due += [(entry, span.ends_on) for entry in span.stage.goal_template]
    return due
