"""`mentorhub program-structure show|set|apply`: a structured program's stages as JSON, and
adding their goals to the mentorships already running.

`show` prints what `set` reads, so a manager can save it, edit it and set it again:
{"stages": [{"title", "weeks", "description", "goal_template": [{"title", "milestones",
"tasks"}], "resources": [{"title", "url", "kind"}]}]}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.mentorships.goals import apply_stages_to_running
from mentorhub.programs.access import get_managed_program_for, get_program_for
from mentorhub.programs.stages import set_stages, stages_of
from mentorhub.programs.stages_api import StructureIn, stage_plan


class Command(BaseCommand):
    help = (
        "Structured (formal) programs: show or set the stages, with goals and resources, or "
        "add the stage goals to the running mentorships that lack them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="print the stages as JSON")
        change = actions.add_parser("set", help="replace the stages with those of a JSON file")
        apply = actions.add_parser(
            "apply", help="add the stage goals to the running mentorships that lack them"
        )
        for action in (show, change, apply):
            add_actor_arguments(action)
            action.add_argument("--program", type=int, required=True, metavar="ID")
        change.add_argument("--file", required=True, help="the JSON file (- reads stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        if options["action"] == "show":
            program = lookup(get_program_for, actor, options["program"])
            self.stdout.write(json.dumps(_as_json(program), indent=2, ensure_ascii=False))
            return
        program = lookup(get_managed_program_for, actor, options["program"])
        if options["action"] == "apply":
            self._apply(actor, program)
            return
        structure = _read(options["file"])
        with domain_errors():
            stages = set_stages(actor, program, [stage_plan(s) for s in structure.stages])
        weeks = sum(s.weeks for s in stages)
        self.stdout.write(f"{program.name}: {len(stages)} stage(s), {weeks} weeks.")

    def _apply(self, actor: Any, program: Any) -> None:
        with domain_errors():
            added = apply_stages_to_running(actor, program)
        self.stdout.write(
            f"{program.name}: added {added.goals} stage goal(s) to {added.mentorships} "
            "running mentorship(s)."
        )


def _as_json(program: Any) -> dict[str, Any]:
    return {
        "stages": [
            {
                "title": stage.title,
                "weeks": stage.weeks,
                "description": stage.description,
                "goal_template": stage.goal_template,
                "resources": [
                    {"title": r.title, "url": r.url, "kind": r.kind} for r in stage.resources.all()
                ],
            }
            for stage in stages_of(program)
        ]
    }


def _read(name: str) -> StructureIn:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read {name}: {exc}") from exc
    try:
        return StructureIn.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise CommandError(f"{name} is not JSON: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise CommandError(f"{name} does not describe stages: {problems}") from exc
