"""The program structure written as one outline, and resources written as one line each.

    ## Orientation (2 weeks)
    > Get to know each other and agree how you will work.
    Agree on the mentoring plan
    - Agreement confirmed by both
    * Book the first three meetings
    Leadership handbook | https://example.org/handbook | guide

A "## Title (N weeks)" line starts a stage; "> " lines describe it; other lines are its goal
template (the goal template's own syntax: a goal, "- " a milestone, "* " a task) or, when
they hold a "|", its resources.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from mentorhub.mentorships.plan_forms import add_goal_line, goal_outline
from mentorhub.programs.models import ProgramStage, ResourceKind
from mentorhub.programs.services import Resource
from mentorhub.programs.stages import StagePlan, resource_problem

RESOURCE_SYNTAX = "Title | https://link | kind"
KINDS = ", ".join(ResourceKind.values)
HEADER = re.compile(r"^##\s*(?P<title>.*?)\s*\((?P<weeks>\d{1,3})\s*weeks?\)\s*$", re.IGNORECASE)


def parse_resource_line(line: str) -> Resource:
    """“Title | https://link | kind” (the kind may be left out: a reading); ValueError if not."""
    parts = [part.strip() for part in line.split("|")]
    kind = ResourceKind.READING.value
    if len(parts) >= 3 and parts[-1].lower() in ResourceKind.values:
        kind = parts.pop().lower()
    elif len(parts) >= 3 and "://" not in parts[-1]:
        raise ValueError(f"“{parts[-1]}” is not a kind of resource; use {KINDS}")
    if len(parts) < 2:
        raise ValueError(f"write “{RESOURCE_SYNTAX}” (kind: {KINDS})")
    resource = Resource(" | ".join(parts[:-1]), parts[-1], kind)
    problem = resource_problem(resource)
    if problem:
        raise ValueError(problem)
    return resource


def resource_line(resource: Any) -> str:
    return f"{resource.title} | {resource.url} | {resource.kind}"


def parse_resource_lines(text: str) -> list[Resource]:
    resources = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                resources.append(parse_resource_line(line))
            except ValueError as exc:
                raise forms.ValidationError(f"Line {number}: {exc}.") from None
    return resources


def _stage(header: re.Match[str]) -> tuple[StagePlan, list[str]]:
    return StagePlan(header["title"], int(header["weeks"])), []


def parse_structure(text: str) -> list[StagePlan]:
    """The stages an outline describes; a line that fits nowhere is refused by its number."""
    stages: list[tuple[StagePlan, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            header = HEADER.match(line)
            if header is None:
                raise forms.ValidationError(
                    f"Line {number}: write a stage as “## Title (N weeks)”, e.g. "
                    "“## Orientation (2 weeks)”."
                )
            stages.append(_stage(header))
        elif not stages:
            raise forms.ValidationError(
                f"Line {number}: start with a stage, e.g. “## Orientation (2 weeks)”."
            )
        else:
            _add_line(stages[-1], line, number)
    return [plan for plan, _ in stages]


def _add_line(stage: tuple[StagePlan, list[str]], line: str, number: int) -> None:
    plan, description = stage
    if line.startswith(">"):
        description.append(line[1:].strip())
        plan.description = "\n".join(description)
    elif "|" in line:
        try:
            plan.resources.append(parse_resource_line(line))
        except ValueError as exc:
            raise forms.ValidationError(f"Line {number}: {exc}.") from None
    elif not add_goal_line(plan.goal_template, line):
        raise forms.ValidationError(
            f"Line {number}: write a goal before its milestones (“- ”) and tasks (“* ”)."
        )


def structure_outline(stages: list[ProgramStage]) -> str:
    blocks = []
    for stage in stages:
        weeks = f"{stage.weeks} week{'s' if stage.weeks != 1 else ''}"
        lines = [f"## {stage.title} ({weeks})"]
        lines += [f"> {line}" for line in stage.description.splitlines()]
        if stage.goal_template:
            lines.append(goal_outline(stage.goal_template))
        lines += [resource_line(r) for r in stage.resources.all()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def keep_goal_descriptions(plans: list[StagePlan], stages: list[ProgramStage]) -> None:
    """The outline has no place for a goal's description (the API and CLI set them): a goal
    written again under the same title in the same stage keeps the one it had."""
    had = {
        (stage.title, goal["title"]): goal.get("description", "")
        for stage in stages
        for goal in stage.goal_template
    }
    for plan in plans:
        for goal in plan.goal_template:
            if not goal["description"]:
                goal["description"] = had.get((plan.title.strip(), goal["title"].strip()), "")


class StructureForm(forms.Form):
    stages = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        label="Stages",
        help_text=(
            "“## Title (N weeks)” starts a stage; “> ” describes it; then its goals (one per "
            "line, “- ” a milestone, “* ” a task) and resources (“"
            + RESOURCE_SYNTAX
            + f"”, kind: {KINDS}). Empty: no stages."
        ),
    )

    def clean_stages(self) -> list[StagePlan]:
        return parse_structure(self.cleaned_data["stages"])
