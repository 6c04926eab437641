"""REST endpoints for a structured program's stages: read them (who sees the program), set them
and add their goals to the mentorships already running (its managers)."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from mentorhub.apitools import LONG_TEXT, MAX_ITEMS, SHORT_TEXT, InputSchema
from mentorhub.mentorships.goals import apply_stages_to_running
from mentorhub.mentorships.plans_api import GoalTemplateEntry
from mentorhub.people.access import acting_person
from mentorhub.programs.access import get_managed_program_for, get_program_for
from mentorhub.programs.api import ResourceSchema
from mentorhub.programs.models import MAX_STAGE_WEEKS, MAX_STAGES, Program
from mentorhub.programs.services import Resource
from mentorhub.programs.stages import (
    MAX_STAGE_RESOURCES,
    StagePlan,
    set_stages,
    stage_spans,
    stages_of,
)

router = Router(tags=["programs"])


class StageIn(InputSchema):
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    description: str = Field("", max_length=LONG_TEXT)
    weeks: int = Field(ge=1, le=MAX_STAGE_WEEKS, description="How long the stage lasts.")
    goal_template: list[GoalTemplateEntry] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Goals copied into each mentorship, due on the stage's last day.",
    )
    resources: list[ResourceSchema] = Field(default_factory=list, max_length=MAX_STAGE_RESOURCES)


class StructureIn(InputSchema):
    stages: list[StageIn] = Field(
        max_length=MAX_STAGES, description="In order; replaces all stages. [] removes them."
    )


class StageOut(Schema):
    number: int
    title: str
    description: str
    weeks: int
    first_week: int = Field(description="Weeks count from each mentorship's start, from 1.")
    last_week: int
    goal_template: list[dict[str, Any]]
    resources: list[ResourceSchema]


class StructureOut(Schema):
    program_id: int
    weeks: int = Field(description="All stages together.")
    stages: list[StageOut]


def _structure(program: Program) -> dict[str, Any]:
    spans = stage_spans(stages_of(program))
    stages = [
        {
            "number": span.number,
            "title": span.stage.title,
            "description": span.stage.description,
            "weeks": span.stage.weeks,
            "first_week": span.first_week,
            "last_week": span.last_week,
            "goal_template": span.stage.goal_template,
            "resources": list(span.stage.resources.all()),
        }
        for span in spans
    ]
    weeks = spans[-1].last_week if spans else 0
    return {"program_id": program.pk, "weeks": weeks, "stages": stages}


def stage_plan(stage: StageIn) -> StagePlan:
    return StagePlan(
        stage.title,
        stage.weeks,
        stage.description,
        [entry.model_dump() for entry in stage.goal_template],
        [Resource(r.title, r.url, r.kind) for r in stage.resources],
    )


@router.get(
    "/programs/{program_id}/structure",
    response=StructureOut,
    summary="A program's stages with their goals and resources",
)
def get_structure(request: HttpRequest, program_id: int) -> dict[str, Any]:
    return _structure(get_program_for(acting_person(request), program_id))


@router.put(
    "/programs/{program_id}/structure",
    response=StructureOut,
    summary="Replace a structured program's stages (managers)",
)
def put_structure(request: HttpRequest, program_id: int, payload: StructureIn) -> dict[str, Any]:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    set_stages(actor, program, [stage_plan(stage) for stage in payload.stages])
    return _structure(program)


class AppliedOut(Schema):
    program_id: int
    goals_added: int = Field(description="Stage goals added, with their milestones and tasks.")
    mentorships: int = Field(description="Running mentorships that lacked some and got them.")


@router.post(
    "/programs/{program_id}/structure/apply",
    response=AppliedOut,
    summary="Add the stage goals to the running mentorships that lack them (managers)",
)
def apply_structure(request: HttpRequest, program_id: int) -> dict[str, Any]:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    added = apply_stages_to_running(actor, program)
    return {"program_id": program.pk, "goals_added": added.goals, "mentorships": added.mentorships}
