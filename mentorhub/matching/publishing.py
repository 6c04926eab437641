"""Publishing a draft: every pair becomes a proposal to both people, in batches.

In a group or peer program a circle's rows (the same `circle` label) become ONE proposal
to everyone in the circle instead, and its rows all point at it.

A large run's thousands of proposals (each one checks the rules of the day, takes its
row locks and queues two emails) are published by the task queue, a batch per
transaction, so the manager's request returns at once and a page shows the progress. A
crash or a retry starts again from the pairs not yet proposed: a pair's proposal and the
record of it on the pair commit together, so none is proposed twice and none is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from mentorhub.audit.services import record
from mentorhub.errors import DomainError
from mentorhub.matching.models import MatchRun, ProposedPair, RunStatus
from mentorhub.mentorships.circles import propose_circle
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import propose_mentorship
from mentorhub.people.models import Person
from mentorhub.programs.models import Program

log = logging.getLogger(__name__)

BATCH = 100  # pairs per transaction: short row locks, steady progress
INLINE_LIMIT = 200  # pairs published within the request (about 8 ms each)
AUDITED_SKIPS = 100  # skipped pairs named in the audit event; the run keeps them all


@dataclass
class Published:
    run: MatchRun
    proposed: list[Mentorship]
    skipped: list[ProposedPair]  # each with its skipped_reason

    @property
    def in_background(self) -> bool:
        return self.run.status == RunStatus.PUBLISHING


def outcome(run: MatchRun) -> Published:
    """What publishing has done so far: the proposals made and the pairs skipped, with why."""
    pairs = run.pairs.select_related("mentee__person", "mentor__person", "mentorship")
    done = list(pairs.filter(Q(mentorship__isnull=False) | ~Q(skipped_reason="")))
    # A circle's rows share one mentorship: count it once.
    proposed = list({p.mentorship.pk: p.mentorship for p in done if p.mentorship}.values())
    return Published(run, proposed, [p for p in done if p.mentorship is None])


def _waiting(run: MatchRun) -> QuerySet[ProposedPair]:
    """Pairs not yet proposed nor skipped, best first: where mentors run short of seats,
    locked pairs and the better fits are the ones proposed."""
    pairs = run.pairs.filter(mentorship__isnull=True, skipped_reason="")
    return pairs.select_related("mentee__person", "mentor__person").order_by(
        "-locked", "-score", "id"
    )


def _propose(actor: Person, program: Program, pair: ProposedPair) -> None:
    """Propose one pair; a pair that now breaks a rule is kept with the reason instead."""
    try:
        with transaction.atomic():
            pair.mentorship = propose_mentorship(actor, program, pair.mentor, pair.mentee)
    except DomainError as exc:
        pair.skipped_reason = exc.message


def _circle_rows(run: MatchRun, pair: ProposedPair) -> list[ProposedPair]:
    """The circle's rows still waiting; locked, so a second worker waits, then skips them."""
    rows = _waiting(run).filter(circle=pair.circle).order_by("id")
    if connection.features.has_select_for_update_of:
        rows = rows.select_for_update(of=("self",))
    return list(rows)


def _propose_circle(actor: Person, program: Program, rows: list[ProposedPair]) -> None:
    """Propose a circle's rows as one mentorship; if it breaks a rule, every row says why.

    A peer circle's members are its rows' peers (one row each; the other side only names a
    partner, who may have been taken out in review); a group circle's are both sides."""
    mutual = program.approach_rules.is_mutual
    sides = [(row.mentee,) if mutual else (row.mentor, row.mentee) for row in rows]
    people = {e.pk: e for side in sides for e in side}
    try:
        with transaction.atomic():
            mentorship = propose_circle(actor, program, list(people.values()))
    except DomainError as exc:
        for row in rows:
            row.skipped_reason = exc.message
    else:
        for row in rows:
            row.mentorship = mentorship


def _publish_batch(run: MatchRun, actor: Person) -> int:
    """Propose the next batch of waiting pairs in one transaction; how many there were."""
    program = run.program
    with transaction.atomic():
        waiting = _waiting(run)
        if connection.features.has_select_for_update_skip_locked:
            # Two workers on one run (a reclaimed task) split the pairs instead of waiting.
            waiting = waiting.select_for_update(skip_locked=True, of=("self",))
        handled: dict[int, ProposedPair] = {}
        for pair in waiting[:BATCH]:
            if pair.pk in handled:
                continue
            if pair.circle and program.approach_rules.forms_circles:
                rows = _circle_rows(run, pair)
                _propose_circle(actor, program, rows)
                handled.update((row.pk, row) for row in rows)
            else:
                _propose(actor, program, pair)
                handled[pair.pk] = pair
        ProposedPair.objects.bulk_update(handled.values(), ["mentorship", "skipped_reason"])
        return len(handled)


def _report(run: MatchRun, total: int) -> None:
    left = _waiting(run).count()
    done = total - left
    MatchRun.objects.filter(pk=run.pk, status=RunStatus.PUBLISHING).update(
        progress=done / total if total else 1.0,
        phase=f"publishing: {done:,} of {total:,} pairs",
    )


def execute_publish(run_id: int) -> bool:
    """Publish a run marked for publishing (idempotent: False when there is nothing to do)."""
    run = MatchRun.objects.select_related("program__organization", "published_by").get(pk=run_id)
    if run.status != RunStatus.PUBLISHING:
        return False
    actor = run.published_by
    if actor is None:  # the publisher left the organization since; their run still counts
        actor = run.created_by
    assert actor is not None, "a publishing run always has a publisher"
    total = run.pairs.count()
    while _publish_batch(run, actor):
        _report(run, total)
    _finish(run, actor)
    return True


@transaction.atomic
def _finish(run: MatchRun, actor: Person) -> None:
    finished = MatchRun.objects.filter(pk=run.pk, status=RunStatus.PUBLISHING).update(
        status=RunStatus.PUBLISHED, progress=1.0, phase=""
    )
    if not finished:
        return  # another worker finished it first
    result = outcome(run)
    run.refresh_from_db()
    run.stats = {**run.stats, "proposed": len(result.proposed), "skipped": len(result.skipped)}
    run.save(update_fields=["stats"])
    record(
        actor,
        "match_run.published",
        run,
        run.program.organization,
        proposed=len(result.proposed),
        skipped=[
            {"pair": p.pk, "reason": p.skipped_reason} for p in result.skipped[:AUDITED_SKIPS]
        ],
    )
    log.info("match run %s published: %s proposed", run.pk, len(result.proposed))
