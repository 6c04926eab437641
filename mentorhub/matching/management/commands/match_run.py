"""`mentorhub match-run`: run the matching engine on a program, show the draft, publish it."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.matching.execution import execute_match_run
from mentorhub.matching.models import MatchRun, Method, RunStatus
from mentorhub.matching.services import publish_match_run, start_match_run
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.models import Program

SHOWN = 20  # pairs and reasons listed; the rest are counted
POLL = 0.5


class ProgressBar:
    def __init__(self, out: OutputWrapper, width: int = 30):
        self.out = out
        self.width = width

    def __call__(self, phase: str, value: float) -> None:
        done = round(value * self.width)
        bar = "#" * done + "-" * (self.width - done)
        self.out.write(f"\r[{bar}] {value:4.0%} {phase:<12}", ending="")
        self.out.flush()

    def close(self) -> None:
        self.out.write("")


class Command(BaseCommand):
    help = (
        "Run the matching engine on a program as one of its managers, print the draft's "
        "summary, and optionally publish it (proposals go to both sides)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_actor_arguments(parser)
        parser.add_argument("--program", type=int, required=True, metavar="ID")
        parser.add_argument(
            "--method",
            choices=Method.values,
            help="default: peers for a peer program, optimal otherwise",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the draft (implies --wait)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="wait for a large run (it runs here unless a worker took it already)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        program = lookup(get_managed_program_for, actor, options["program"])
        method = options["method"] or default_method(program)
        waiting = options["wait"] or options["publish"]
        with domain_errors():
            run = start_match_run(actor, program, method, inline=False if waiting else None)
        if not run.is_finished and not waiting:
            self.stdout.write(
                f"Match run #{run.pk} is queued; `mentorhub worker` (or `mentorhub run`) "
                "will run it. Add --wait to run it here."
            )
            return
        run = self._wait(run)
        self._summary(run)
        if options["publish"]:
            with domain_errors():
                published = publish_match_run(actor, run, inline=True)  # here, not queued
            self.stdout.write(f"Published: {len(published.proposed)} proposals sent.")
            for pair in published.skipped:
                self.stdout.write(
                    f"  skipped {pair.mentor.person} → {pair.mentee.person}: {pair.skipped_reason}"
                )

    def _wait(self, run: MatchRun) -> MatchRun:
        bar = ProgressBar(self.stdout) if self.stdout.isatty() else None
        if not run.is_finished and not execute_match_run(run.pk, bar):
            while not run.is_finished:  # a worker has it: follow its progress
                time.sleep(POLL)
                run.refresh_from_db()
                if bar:
                    bar(run.phase, run.progress)
        if bar:
            bar.close()
        run.refresh_from_db()
        if run.status == RunStatus.FAILED:
            raise CommandError(f"Match run #{run.pk} failed: {run.error}")
        return run

    def _summary(self, run: MatchRun) -> None:
        stats = run.stats
        took = stats.get("timings", {}).get("total", 0.0)
        self.stdout.write(
            f"Match run #{run.pk} of {run.program.name} ({run.method}): {run.status}. "
            f"Matched {stats.get('matched', 0)} of {stats.get('mentees', 0)} mentees, "
            f"mean score {stats.get('mean_score', 0):.2f}, in {took:.2f} s."
        )
        pairs = run.pairs.select_related("mentee__person", "mentor__person")
        for pair in pairs[:SHOWN]:
            reasons = "; ".join(pair.reasons[:2])
            self.stdout.write(
                f"  {pair.mentor.person} → {pair.mentee.person} ({pair.score:.2f}): {reasons}"
            )
        if len(pairs) > SHOWN:
            self.stdout.write(f"  … and {len(pairs) - SHOWN} more pairs.")
        left_out = stats.get("not_acknowledged", 0)
        if left_out:
            self.stdout.write(
                f"Left out: {left_out}, who have not acknowledged the program's current "
                "guidelines; once they do, a re-run includes them."
            )
        why = Counter(run.unmatched.values_list("reason", flat=True))
        if why:
            self.stdout.write(f"Unmatched: {sum(why.values())}, because:")
            for reason, count in why.most_common(SHOWN):
                self.stdout.write(f"  {count} × {reason}")


def default_method(program: Program) -> str:
    return Method.PEERS if program.approach_rules.is_mutual else Method.OPTIMAL
