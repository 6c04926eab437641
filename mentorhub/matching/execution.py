"""Running the engine for a match run: progress while it works, pairs and reasons when done."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.matching.engine import (
    CIRCLE_METHODS,
    MatchResult,
    Prepared,
    Problem,
    match,
    prepare,
)
from mentorhub.matching.engine.solvers.peer_circles import SMALLEST_PEER_CIRCLE
from mentorhub.matching.models import (
    MatchRun,
    Method,
    PairOrigin,
    ProposedPair,
    RunStatus,
    UnmatchedEnrollment,
)
from mentorhub.matching.problem_builder import BuiltProblem, build_problem
from mentorhub.programs.models import Program

log = logging.getLogger(__name__)

Listener = Callable[[str, float], None]
SAVE_EVERY = 0.5  # seconds between progress writes: a poller sees it move, the run barely notices
ENGINE_SPAN = (0.15, 0.9)  # the share of the bar the engine's own phases fill
# A run still "running" this long after it started lost its worker; it may be taken again.
STALE_AFTER = timedelta(minutes=15)
BATCH = 2_000


class ProgressSaver:
    """The engine's progress callback: writes progress and phase at most every SAVE_EVERY s."""

    def __init__(self, run_id: int, listener: Listener | None = None):
        self.run_id = run_id
        self.listener = listener
        self.phase = ""
        self.value = 0.0
        self.saved_at = float("-inf")

    def report(self, phase: str, value: float) -> None:
        value = max(self.value, min(max(value, 0.0), 1.0))  # the bar never moves back
        now = time.monotonic()
        if phase != self.phase or now - self.saved_at >= SAVE_EVERY:
            MatchRun.objects.filter(pk=self.run_id).update(progress=value, phase=phase[:40])
            self.saved_at = now
        self.phase, self.value = phase, value
        if self.listener is not None:
            self.listener(phase, value)

    def engine(self, phase: str, fraction: float) -> None:
        low, high = ENGINE_SPAN
        self.report(phase, low + (high - low) * fraction)


def _claim(run_id: int) -> bool:
    """Take the run for this process; False when another has it or it is finished."""
    now = timezone.now()
    takeable = Q(status=RunStatus.QUEUED) | Q(
        status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = MatchRun.objects.filter(takeable, pk=run_id).update(
        status=RunStatus.RUNNING, started_at=now, progress=0.0, phase="loading", error=""
    )
    return claimed == 1


def execute_match_run(run_id: int, listener: Listener | None = None) -> bool:
    """Run the engine for a queued run and save its draft (idempotent: False if nothing to do)."""
    if not _claim(run_id):
        return False
    run = MatchRun.objects.select_related("program__organization").get(pk=run_id)
    try:
        _execute(run, ProgressSaver(run_id, listener))
    except Exception as exc:
        log.exception("match run %s failed", run_id)
        _fail(run, exc)
    return True


def circle_sizes_for(program: Program, method: str) -> tuple[int, int] | None:
    """The program's circle sizes as the method takes them; None for a method without circles
    (the engine refuses sizes it would ignore). Two peers are a pair: peer circles start at 3."""
    if method not in CIRCLE_METHODS:
        return None
    low = program.circle_min_size
    if method == Method.PEER_CIRCLES:
        low = max(low, SMALLEST_PEER_CIRCLE)
    return (low, program.circle_max_size)


def one_circle_per_seat(problem: Problem, program: Program) -> Problem:
    """A circle takes one seat of a mentor's capacity, whatever its size (as when formed by
    hand): a mentor with a seat left leads a circle of up to the program's largest size."""
    mentors = tuple(
        replace(m, capacity=program.circle_max_size if m.capacity > 0 else 0)
        for m in problem.mentors
    )
    return replace(problem, mentors=mentors)


def _solve(prepared: Prepared, run: MatchRun, saver: ProgressSaver) -> MatchResult:
    sizes = circle_sizes_for(run.program, run.method)
    return match(prepared, run.method, saver.engine, circle_sizes=sizes)


def _execute(run: MatchRun, saver: ProgressSaver) -> None:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    built = build_problem(run.program)
    if run.method == Method.CIRCLES:
        built = replace(built, problem=one_circle_per_seat(built.problem, run.program))
    timings["load"] = time.perf_counter() - started
    saver.report("preparing", 0.05)
    run.settings = settings_snapshot(run.program, run.method, built)
    MatchRun.objects.filter(pk=run.pk).update(settings=run.settings)
    step = time.perf_counter()
    prepared = prepare(built.problem)
    timings["prepare"] = time.perf_counter() - step
    step = time.perf_counter()
    result = _solve(prepared, run, saver)
    timings["engine"] = time.perf_counter() - step
    timings.update({f"engine.{k}": v for k, v in result.timings.items()})
    saver.report("saving", ENGINE_SPAN[1])
    step = time.perf_counter()
    _save(run, built, result, timings, started, step)


def settings_snapshot(program: Program, method: str, built: BuiltProblem) -> dict[str, Any]:
    rules = asdict(built.problem.rules)
    rules["reference_date"] = str(rules["reference_date"])
    return {
        "approach": program.approach,
        "matching_mode": program.matching_mode,
        "method": method,
        "rules": rules,
        "weights": built.problem.weights.as_dict(),
        "locks": len(built.problem.locked),
        "forbids": sum(1 for kind in built.pair_rules.values() if kind == "forbid"),
        "circle_sizes": [program.circle_min_size, program.circle_max_size],
    }


def _pairs(run: MatchRun, built: BuiltProblem, result: MatchResult) -> list[ProposedPair]:
    return [
        ProposedPair(
            run=run,
            mentee=built.enrollments[p.mentee_id],
            mentor=built.enrollments[p.mentor_id],
            score=min(max(float(p.score), 0.0), 1.0),
            reasons=list(p.reasons),
            parts={k: round(float(v), 4) for k, v in p.parts.items()},
            circle=p.circle or "",
            origin=PairOrigin.ENGINE,
            locked=p.locked,
        )
        for p in result.pairs
    ]


def _stats(built: BuiltProblem, result: MatchResult, timings: dict[str, float]) -> dict[str, Any]:
    problem = built.problem
    return {
        "mentees": len(problem.mentees),
        "mentors": len(problem.mentors),
        "seats": sum(p.capacity for p in problem.mentors),
        "already_paired": built.left_out,
        "not_acknowledged": len(built.unacknowledged),
        "pairs": len(result.pairs),
        "matched": result.matched,
        "unmatched": len(result.unmatched),
        "locked": sum(1 for p in result.pairs if p.locked),
        "mean_score": round(result.mean_score, 4),
        "timings": {k: round(v, 4) for k, v in timings.items()},
        "engine": {k: float(v) for k, v in result.stats.items()},
    }


@transaction.atomic
def _save(
    run: MatchRun,
    built: BuiltProblem,
    result: MatchResult,
    timings: dict[str, float],
    started: float,
    saving: float,
) -> None:
    current = MatchRun.objects.select_for_update().get(pk=run.pk)
    if current.status != RunStatus.RUNNING or current.started_at != run.started_at:
        log.warning("match run %s was taken over while it ran; keeping the other result", run.pk)
        return
    ProposedPair.objects.bulk_create(_pairs(run, built, result), batch_size=BATCH)
    UnmatchedEnrollment.objects.bulk_create(
        (
            UnmatchedEnrollment(run=run, enrollment=built.enrollments[pid], reason=reason)
            for pid, reason in result.unmatched.items()
        ),
        batch_size=BATCH,
    )
    timings["save"] = time.perf_counter() - saving
    timings["total"] = time.perf_counter() - started
    stats = _stats(built, result, timings)
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DRAFT, progress=1.0, phase="done", finished_at=timezone.now(), stats=stats
    )
    record(
        None,
        "match_run.drafted",
        run,
        run.program.organization,
        matched=stats["matched"],
        unmatched=stats["unmatched"],
    )


def _fail(run: MatchRun, exc: Exception) -> None:
    error = str(exc) or type(exc).__name__
    MatchRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, phase="failed", finished_at=timezone.now(), error=error[:2000]
    )
    record(None, "match_run.failed", run, run.program.organization, error=error[:500])
