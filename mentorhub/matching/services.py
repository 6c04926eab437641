"""Domain actions on match runs: start, rerun, discard, publish, and standing pair rules.

Review actions on a draft (remove, swap, add, lock, forbid) live in `review`; suggestions
and preferences in `selfservice`; the engine run itself in `execution`.
"""

from __future__ import annotations

from django.db import transaction

from mentorhub.audit.services import record
from mentorhub.errors import CapacityFull, IllegalTransition, InvalidInput, NotAllowed
from mentorhub.matching.eligibility import check_sides, require_fit, seats_left
from mentorhub.matching.engine.solvers.peer_circles import SMALLEST_PEER_CIRCLE
from mentorhub.matching.execution import execute_match_run
from mentorhub.matching.models import (
    MatchRun,
    Method,
    PairRule,
    PairRuleKind,
    RunStatus,
)
from mentorhub.matching.publishing import INLINE_LIMIT as PUBLISH_INLINE_LIMIT
from mentorhub.matching.publishing import Published, execute_publish, outcome
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus
from mentorhub.tasks.queue import enqueue

# Up to this many active enrollments a run is quick (well under a second), so it runs in
# the request and the manager sees the draft at once; larger runs go to the worker.
INLINE_LIMIT = 2_000


def require_manager(actor: Person, program: Program) -> None:
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can do that.")


# Everyone is a peer: pairs or small circles of equals.
PEER_METHODS = (Method.PEERS, Method.PEER_CIRCLES)


def check_method(program: Program, method: str) -> None:
    if method not in Method.values:
        choices = ", ".join(Method.values)
        raise InvalidInput(
            f"“{method}” is not a matching method; use one of {choices}.",
            field_errors={"method": [f"Choose one of {choices}."]},
        )
    mutual = program.approach_rules.is_mutual
    if mutual != (method in PEER_METHODS):
        message = (
            "A peer program is matched with the peers or peer-circles method."
            if mutual
            else f"The {method} method is for peer programs; choose optimal, stable or circles."
        )
        raise InvalidInput(message, field_errors={"method": [message]})
    if method == Method.PEER_CIRCLES and program.circle_max_size < SMALLEST_PEER_CIRCLE:
        message = (
            f"Peer circles hold at least {SMALLEST_PEER_CIRCLE} people, but {program.name}'s "
            f"circles hold at most {program.circle_max_size}; raise the largest circle size "
            "under Matching settings, or match pairs with the peers method."
        )
        raise InvalidInput(message, field_errors={"method": [message]})


def is_small(program: Program) -> bool:
    return program.enrollments.filter(status=EnrollmentStatus.ACTIVE).count() <= INLINE_LIMIT


@transaction.atomic
def _queue_run(
    actor: Person, program: Program, method: str, replacing: MatchRun | None = None
) -> MatchRun:
    require_manager(actor, program)
    check_method(program, method)
    if program.status == ProgramStatus.FINISHED:
        raise IllegalTransition(f"{program.name} has finished; there is no one left to match.")
    if replacing is not None:
        _discard(actor, replacing)
    run = MatchRun.objects.create(program=program, method=method, created_by=actor)
    record(actor, "match_run.started", run, program.organization, method=method)
    enqueue("matching.run", run_id=run.pk)
    return run


def _run_now_if_small(run: MatchRun, inline: bool | None) -> MatchRun:
    if inline if inline is not None else is_small(run.program):
        execute_match_run(run.pk)
        run.refresh_from_db()
    return run


def start_match_run(
    actor: Person, program: Program, method: str = Method.OPTIMAL, *, inline: bool | None = None
) -> MatchRun:
    """Queue a run of the engine; a small program's run happens now (`inline` overrides).

    The queued task finds an inline run already finished and does nothing.
    """
    return _run_now_if_small(_queue_run(actor, program, method), inline)


def rerun_match_run(actor: Person, run: MatchRun, *, inline: bool | None = None) -> MatchRun:
    """A fresh run with the same method; locks and forbids carry over, the old draft goes."""
    return _run_now_if_small(_queue_run(actor, run.program, run.method, replacing=run), inline)


def _discard(actor: Person, run: MatchRun) -> None:
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    if run.status not in (RunStatus.DRAFT, RunStatus.FAILED):
        return
    run.status = RunStatus.DISCARDED
    run.save(update_fields=["status"])
    record(actor, "match_run.discarded", run, run.program.organization)


@transaction.atomic
def discard_match_run(actor: Person, run: MatchRun) -> MatchRun:
    """Set a draft (or a failed run) aside without publishing it."""
    require_manager(actor, run.program)
    if run.status not in (RunStatus.DRAFT, RunStatus.FAILED):
        raise IllegalTransition(
            f"Only a draft or a failed run can be discarded; this one is {run.status}."
        )
    _discard(actor, run)
    run.refresh_from_db()
    return run


def _locked_run(run: MatchRun) -> MatchRun:
    return MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)


@transaction.atomic
def publish_match_run(actor: Person, run: MatchRun, *, inline: bool | None = None) -> Published:
    """Propose every pair of a draft to both people; other drafts of the program go.

    Each pair goes through propose_mentorship, so the conflict-of-interest, capacity and
    status rules of the day apply and both people are told. A pair that fails them is
    skipped, with the reason kept on the pair, and the rest are still proposed. A draft of
    more than a few hundred pairs is published in the background (`inline` overrides).
    """
    require_manager(actor, run.program)
    run = _locked_run(run)
    if run.status != RunStatus.DRAFT:
        raise IllegalTransition(f"Only a draft can be published; this run is {run.status}.")
    run.status, run.published_by, run.progress = RunStatus.PUBLISHING, actor, 0.0
    run.phase = "publishing"
    run.save(update_fields=["status", "published_by", "progress", "phase"])
    others = MatchRun.objects.filter(program=run.program, status=RunStatus.DRAFT).exclude(pk=run.pk)
    discarded = list(others.values_list("pk", flat=True))
    others.update(status=RunStatus.DISCARDED)
    record(actor, "match_run.publishing", run, run.program.organization, discarded_runs=discarded)
    enqueue("matching.publish", run_id=run.pk)  # after commit; finds nothing to do if done here
    small = run.pairs.count() <= PUBLISH_INLINE_LIMIT
    if inline if inline is not None else small:
        execute_publish(run.pk)
    run.refresh_from_db()
    return outcome(run)


def _check_lock(program: Program, mentee: Enrollment, mentor: Enrollment) -> None:
    locks = PairRule.objects.filter(program=program, kind=PairRuleKind.LOCK)
    if locks.filter(mentee=mentee).exclude(mentor=mentor).exists():
        raise InvalidInput(
            f"{mentee.person} is already locked with another mentor; unlock that first."
        )
    held = locks.filter(mentor=mentor).exclude(mentee=mentee).count()
    if held >= seats_left(mentor):
        raise CapacityFull(f"{mentor.person} has no seat left for another locked pair.")


@transaction.atomic
def set_pair_rule(
    actor: Person, program: Program, mentee: Enrollment, mentor: Enrollment, kind: str
) -> PairRule:
    """Always (lock) or never (forbid) pair these two in the program's next runs."""
    require_manager(actor, program)
    if kind not in PairRuleKind.values:
        raise InvalidInput(
            "A pair rule is lock or forbid.", field_errors={"kind": ["lock or forbid"]}
        )
    check_sides(program, mentee, mentor)
    if kind == PairRuleKind.LOCK:
        # A forbid turned into a lock is replaced; if the lock is refused, it rolls back.
        PairRule.objects.filter(program=program, mentee=mentee, mentor=mentor).delete()
        _check_lock(program, mentee, mentor)
        require_fit(program, mentee, mentor)
    rule, _ = PairRule.objects.update_or_create(
        program=program, mentee=mentee, mentor=mentor, defaults={"kind": kind, "created_by": actor}
    )
    record(
        actor, f"pair_rule.{kind}", rule, program.organization, mentee=mentee.pk, mentor=mentor.pk
    )
    return rule


@transaction.atomic
def remove_pair_rule(actor: Person, rule: PairRule) -> None:
    require_manager(actor, rule.program)
    record(
        actor,
        "pair_rule.removed",
        rule,
        rule.program.organization,
        kind=rule.kind,
        mentee=rule.mentee_id,
        mentor=rule.mentor_id,
    )
    rule.delete()
