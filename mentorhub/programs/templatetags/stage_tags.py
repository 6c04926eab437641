"""Template tags of the stage panels: a program's structure, and where a mentorship is in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from mentorhub.mentorships.goals import missing_stage_goals
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.access import acting_person
from mentorhub.programs.access import can_manage
from mentorhub.programs.applications import site_today
from mentorhub.programs.models import Program
from mentorhub.programs.stages import (
    StageSpan,
    StageToday,
    stage_on,
    stage_spans,
    stages_of,
    started_on,
)

register = template.Library()


@dataclass(frozen=True)
class Structure:
    spans: list[StageSpan]
    managing: bool
    lacking: int = 0  # for managers: running mentorships without some of the stage goals

    @property
    def weeks(self) -> int:
        return self.spans[-1].last_week if self.spans else 0


@register.simple_tag(takes_context=True)
def program_structure(context: Any, program: Program) -> Structure:
    managing = context.get("managing")
    if managing is None:
        managing = can_manage(acting_person(context["request"]), program)
    stages = list(stages_of(program))
    lacking = len(missing_stage_goals(program, stages)) if managing and stages else 0
    return Structure(stage_spans(stages), bool(managing), lacking)


@register.simple_tag
def mentorship_stage(mentorship: Mentorship) -> StageToday | None:
    """None unless the mentorship is under way in a program with stages."""
    start = started_on(mentorship.activated_at)
    if start is None or mentorship.status != Status.ACTIVE:
        return None
    where = stage_on(stages_of(mentorship.program), start, site_today())
    return where if where.spans else None
