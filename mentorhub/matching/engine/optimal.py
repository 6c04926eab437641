"""The default method: the most people matched, then the highest total score."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.candidates import (
    Candidates,
    augment_to_maximum,
    top_candidates,
)
from mentorhub.matching.engine.conflicts import find_conflicts
from mentorhub.matching.engine.encode import Encoded, encode
from mentorhub.matching.engine.explain import full_reason, pair_reasons, unmatched_reasons
from mentorhub.matching.engine.pairs import PairScorer
from mentorhub.matching.engine.problem import Problem
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.solvers.flow import Assignment, Edges, max_matching, solve_flow
from mentorhub.matching.engine.text import TextModel

Progress = Callable[[str, float], None]
LIST_LENGTH = 24  # candidates kept per mentee on large problems
EXACT_PAIRS = 5_000_000  # up to this many pairs every eligible pair is kept: exact optimum


@dataclass
class Prepared:
    """A problem encoded once; match runs and suggestions reuse it."""

    problem: Problem
    encoded: Encoded
    scorer: PairScorer
    mentee_at: dict[str, int]
    mentor_at: dict[str, int]


def prepare(problem: Problem, text_model: TextModel | None = None) -> Prepared:
    encoded = encode(problem, text_model)
    scorer = PairScorer(problem, encoded, find_conflicts(problem))
    return Prepared(
        problem,
        encoded,
        scorer,
        {p.id: i for i, p in enumerate(problem.mentees)},
        {p.id: j for j, p in enumerate(problem.mentors)},
    )


PAIRS_PER_BLOCK = 2_000_000  # a block's working arrays stay around a hundred MB


def block_size(n_mentors: int) -> int:
    """Rows per block of mentees against every mentor."""
    return max(16, PAIRS_PER_BLOCK // max(n_mentors, 1))


def match_optimal(
    prepared: Prepared, progress: Progress | None = None, list_length: int | None = None
) -> MatchResult:
    timings: dict[str, float] = {}
    problem = prepared.problem
    n, m = len(problem.mentees), len(problem.mentors)
    locked = locked_pairs(prepared)
    capacity = prepared.encoded.mentors.capacity.copy()
    for _, j in locked:
        capacity[j] = max(capacity[j] - 1, 0)
    k = m if n * m <= EXACT_PAIRS else (list_length or LIST_LENGTH)
    started = time.perf_counter()
    candidates = top_candidates(prepared.scorer, n, k, PAIRS_PER_BLOCK, progress)
    timings["candidates"] = time.perf_counter() - started
    started = time.perf_counter()
    assignment, edges, rounds = _solve(prepared, candidates, capacity, locked)
    timings["solve"] = time.perf_counter() - started
    started = time.perf_counter()
    result = _result(prepared, assignment, edges, locked, candidates)
    timings["explain"] = time.perf_counter() - started
    result.timings = timings
    result.stats.update(candidates=float(len(edges)), rounds=float(rounds), list_length=float(k))
    return result


def locked_pairs(prepared: Prepared) -> list[tuple[int, int]]:
    """Manager-fixed pairs that exist in this problem; they keep their places."""
    return [
        (prepared.mentee_at[a], prepared.mentor_at[b])
        for a, b in sorted(prepared.problem.locked)
        if a in prepared.mentee_at and b in prepared.mentor_at
    ]


def _solve(
    prepared: Prepared,
    candidates: Candidates,
    capacity: NDArray[np.int64],
    locked: list[tuple[int, int]],
) -> tuple[Assignment, Edges, int]:
    """Solve on the candidate lists; make the number matched maximal over *all* eligible
    pairs with augmenting paths; if that added pairs, solve once more for the best score."""
    n = len(prepared.problem.mentees)
    fixed = np.array(sorted({i for i, _ in locked}), dtype=np.int64)
    usable = _usable(candidates, fixed)
    mentor_of = max_matching(n, capacity, usable)
    spare = capacity - np.bincount(mentor_of[mentor_of >= 0], minlength=len(capacity))
    added = augment_to_maximum(prepared.scorer, candidates, mentor_of, spare, PAIRS_PER_BLOCK)
    if added:
        usable = _usable(candidates, fixed)
    return solve_flow(n, capacity, usable), usable, 1 + int(added > 0)


def _usable(candidates: Candidates, fixed: NDArray[np.int64]) -> Edges:
    """The candidate pairs, less those of mentees a manager already placed by hand."""
    edges = candidates.pairs()
    keep = ~np.isin(edges.mentee, fixed)
    return Edges(edges.mentee[keep], edges.mentor[keep], edges.score[keep])


def _result(
    prepared: Prepared,
    assignment: Assignment,
    edges: Edges,
    locked: list[tuple[int, int]],
    candidates: Candidates,
) -> MatchResult:
    problem, encoded = prepared.problem, prepared.encoded
    weights = prepared.scorer.weights
    chosen = assignment.chosen
    mentees, mentors = edges.mentee[chosen], edges.mentor[chosen]
    parts = prepared.scorer.pair_parts(mentees, mentors)
    # Python lists: tens of thousands of pairs, and numpy scalars are slow one at a time.
    names = list(parts)  # "skills" at least
    values_of = zip(*(parts[name].tolist() for name in names), strict=True)
    pairs = []
    for i, j, score, row in zip(
        mentees.tolist(), mentors.tolist(), edges.score[chosen].tolist(), values_of, strict=True
    ):
        mentee, mentor = problem.mentees[i], problem.mentors[j]
        values = dict(zip(names, row, strict=True))
        reasons = pair_reasons(mentee, mentor, values, weights, encoded)
        pairs.append(Pair(mentee.id, mentor.id, score, reasons, values))
    pairs += locked_result(prepared, locked)
    matched = {p.mentee_id for p in pairs}
    return MatchResult(
        pairs, explain_unmatched(prepared, matched, candidates.eligible_count), "optimal"
    )


def explain_unmatched(
    prepared: Prepared, matched: set[str], eligible_count: NDArray[np.int64] | None = None
) -> dict[str, str]:
    """Why each mentee without a pair has none.

    Someone who had eligible mentors lost out to capacity: the maximum matching proves the
    seats could not all be given. Only people with no eligible mentor need their rules
    checked one by one, a block of them at a time, to say which rule left nobody.
    """
    problem = prepared.problem
    missing = [i for i, p in enumerate(problem.mentees) if p.id not in matched]
    reasons: dict[str, str] = {}
    if eligible_count is not None:
        for i in missing:
            if eligible_count[i] > 0:
                reasons[problem.mentees[i].id] = full_reason(int(eligible_count[i]))
        missing = [i for i in missing if eligible_count[i] == 0]
    left = np.array(missing, dtype=np.int64)
    step = block_size(len(problem.mentors))
    for begin in range(0, len(left), step):
        rows = left[begin : begin + step]
        people = [problem.mentees[i] for i in rows]
        block = prepared.scorer.rows(rows, parts=False)
        reasons.update(zip((p.id for p in people), unmatched_reasons(people, block), strict=True))
    return reasons


def locked_result(prepared: Prepared, locked: list[tuple[int, int]]) -> list[Pair]:
    problem = prepared.problem
    pairs = []
    for i, j in locked:
        block = prepared.scorer.rows(np.array([i]))
        values = {k: float(v[0, j]) for k, v in block.parts.items()}
        reasons = (
            "fixed by the program manager",
            *pair_reasons(
                problem.mentees[i],
                problem.mentors[j],
                values,
                prepared.scorer.weights,
                prepared.encoded,
                limit=3,
            ),
        )
        pairs.append(
            Pair(
                problem.mentees[i].id,
                problem.mentors[j].id,
                float(block.score[0, j]),
                reasons,
                values,
                locked=True,
            )
        )
    return pairs
