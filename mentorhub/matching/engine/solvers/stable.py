"""The stable method: the mentee-optimal stable matching with capacities (hospitals/residents).

Mentees propose in the order of their own ranking; a mentor holds on to the mentees it ranks
best, up to its capacity, and lets go of the worst one when a better one proposes
(Gale–Shapley deferred acceptance, Roth's hospitals/residents version). A pair is acceptable
only if each lists the other. The result has no blocking pair — no mentee and mentor who
would both rather be together than with whom they got — and among all stable matchings
every mentee gets the best mentor they can get in any of them.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import add

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.candidates import top_candidates
from mentorhub.matching.engine.explain import pair_reasons
from mentorhub.matching.engine.optimal import (
    EXACT_PAIRS,
    PAIRS_PER_BLOCK,
    Prepared,
    block_size,
    explain_unmatched,
    locked_pairs,
    locked_result,
)
from mentorhub.matching.engine.result import MatchResult, Pair

Progress = Callable[[str, float], None]
MentorRanks = Sequence[Sequence[int] | Mapping[int, int]]
STABLE_REASON = "stable: no pair would both rather be together"
DERIVED_LIST_LENGTH = 50  # on large problems, a person who gave no ranking lists this many


def stable_assignment(
    mentee_prefs: Sequence[Sequence[int]],
    mentor_prefs: MentorRanks,
    capacities: Sequence[int] | NDArray[np.int64],
) -> NDArray[np.int64]:
    """Each mentee's mentor (−1: none) in the mentee-optimal stable matching.

    `mentee_prefs[i]` lists mentor indices, first choice first. `mentor_prefs[j]` is either
    the list of mentee indices in the mentor's order, or a mapping mentee → whole-number rank
    (lower is better; equal ranks go to the lower mentee index). Pairs either side leaves out
    are not acceptable.
    """
    n = len(mentee_prefs)
    capacity = [int(c) for c in capacities]
    if len(mentor_prefs) != len(capacity):
        raise ValueError("mentor_prefs and capacities must have one entry per mentor")
    _check_indices(mentee_prefs, len(capacity), "mentor")
    # A full mentor's list is empty: nobody is acceptable to them.
    rank = [
        _rank_of(prefs, n) if c > 0 else {} for prefs, c in zip(mentor_prefs, capacity, strict=True)
    ]
    _check_indices(rank, n, "mentee")
    # held[j] is a max-heap (keys negated) of rank * n + mentee: the worst held mentee on top.
    held: list[list[int]] = [[] for _ in capacity]
    cursor = [0] * n  # the next place on each mentee's list to propose to
    free = list(range(n - 1, -1, -1))
    pop, push = free.pop, free.append
    heappush, heapreplace = heapq.heappush, heapq.heapreplace
    while free:
        i = pop()
        prefs = mentee_prefs[i]
        for k in range(cursor[i], len(prefs)):
            j = prefs[k]
            key = rank[j].get(i)
            if key is None:
                continue
            heap = held[j]
            if len(heap) < capacity[j]:
                heappush(heap, -key)
            elif key < -heap[0]:
                push(-heapreplace(heap, -key) % n)  # the mentor lets their worst one go
            else:
                continue
            cursor[i] = k + 1
            break
    mentor_of = np.full(n, -1, dtype=np.int64)
    for j, heap in enumerate(held):
        for key in heap:
            mentor_of[-key % n] = j
    return mentor_of


def _check_indices(
    lists: Sequence[Sequence[int] | Mapping[int, int]], size: int, what: str
) -> None:
    """Refuse an index outside 0..size−1: it would silently stand for someone else."""
    given = [items for items in lists if items]
    if given and (min(map(min, given)) < 0 or max(map(max, given)) >= size):
        raise ValueError(f"a list names a {what} index outside 0..{size - 1}")


def _rank_of(prefs: Sequence[int] | Mapping[int, int], n: int) -> dict[int, int]:
    """A mentor's order as mentee → key, keys unique so the heap never compares ties."""
    if isinstance(prefs, Mapping):
        return {i: r * n + i for i, r in prefs.items()}
    # rank * n + mentee for each place, without a Python-level loop
    return dict(zip(prefs, map(add, range(0, len(prefs) * n, n), prefs), strict=True))


def blocking_pairs(
    mentor_of: Sequence[int] | NDArray[np.int64],
    mentee_prefs: Sequence[Sequence[int]],
    mentor_prefs: MentorRanks,
    capacities: Sequence[int] | NDArray[np.int64],
) -> list[tuple[int, int]]:
    """Every acceptable (mentee, mentor) who would both rather be together than as assigned."""
    n = len(mentee_prefs)
    rank = [_rank_of(prefs, n) for prefs in mentor_prefs]
    worst: list[int | None] = [None] * len(rank)  # the key of each mentor's worst mentee
    load = [0] * len(rank)
    for i, j in enumerate(int(j) for j in mentor_of):
        if j >= 0:
            load[j] += 1
            key = rank[j].get(i)
            current = worst[j]
            if key is not None and (current is None or key > current):
                worst[j] = key
    found = []
    for i, prefs in enumerate(mentee_prefs):
        mine = int(mentor_of[i])
        for j in prefs:
            if j == mine:
                break  # the rest are worse than what mentee i has
            key = rank[j].get(i)
            if key is None or capacities[j] == 0:
                continue
            current = worst[j]
            if load[j] < capacities[j] or (current is not None and key < current):
                found.append((i, j))
    return found


# --- the stable method on a prepared problem -------------------------------------------------


@dataclass
class Acceptable:
    """Pairs both sides allow, one entry per pair, with each side's preference key."""

    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.float32]
    parts: dict[str, NDArray[np.float32]]
    mentee_key: NDArray[np.float64]  # lower is better
    mentor_key: NDArray[np.float64]

    def take(self, keep: NDArray[np.bool_] | NDArray[np.int64]) -> Acceptable:
        return Acceptable(
            self.mentee[keep],
            self.mentor[keep],
            self.score[keep],
            {k: v[keep] for k, v in self.parts.items()},
            self.mentee_key[keep],
            self.mentor_key[keep],
        )


@dataclass
class Listed:
    """Per mentee: how many mentors their list names, and how many of those pass the rules."""

    named: NDArray[np.int64]
    eligible: NDArray[np.int64]
    mutual: NDArray[np.int64]


def match_stable(prepared: Prepared, progress: Progress | None = None) -> MatchResult:
    """The mentee-optimal stable matching, from the participants' own rankings.

    Rankings come from `Participant.ranking`; pairs that break a hard rule are dropped from
    them. Someone who gave no ranking ranks the other side by the engine's score.
    """
    timings: dict[str, float] = {}
    problem = prepared.problem
    n, m = len(problem.mentees), len(problem.mentors)
    locked = locked_pairs(prepared)
    capacity = prepared.encoded.mentors.capacity.copy()
    for _, j in locked:
        capacity[j] = max(capacity[j] - 1, 0)
    fixed = {i for i, _ in locked}
    started = time.perf_counter()
    pairs, listed = _acceptable_pairs(prepared, fixed, progress)
    mentee_prefs, mentor_prefs = _preference_lists(pairs, n, m)
    timings["rankings"] = time.perf_counter() - started
    started = time.perf_counter()
    mentor_of = stable_assignment(mentee_prefs, mentor_prefs, capacity)
    if progress:
        progress("solve", 1.0)
    timings["solve"] = time.perf_counter() - started
    started = time.perf_counter()
    result = _result(prepared, pairs, listed, mentor_of, locked)
    timings["explain"] = time.perf_counter() - started
    result.timings = timings
    result.stats.update(candidates=float(len(pairs.mentee)))
    return result


def _acceptable_pairs(
    prepared: Prepared, fixed: set[int], progress: Progress | None
) -> tuple[Acceptable, Listed]:
    """Every pair both sides list and the rules allow."""
    problem = prepared.problem
    n, m = len(problem.mentees), len(problem.mentors)
    ranked = _mentee_rankings(prepared)
    listed = Listed(*(np.zeros(n, dtype=np.int64) for _ in range(3)))
    own = np.array([i for i in range(n) if i not in fixed and ranked[i] is not None], np.int64)
    chunks = []
    step = block_size(m)
    for begin in range(0, len(own), step):
        chunks.append(_ranked_pairs(prepared, own[begin : begin + step], ranked, listed))
        if progress:
            progress("rankings", min(1.0, (begin + step) / len(own)))
    derived = np.array([i not in fixed and ranked[i] is None for i in range(n)], np.bool_)
    if derived.any():
        chunks.append(_derived_pairs(prepared, derived, listed, progress))
    pairs = _concat(chunks)
    pairs.mentor_key = _mentor_keys(pairs, _mentor_rankings(prepared))
    mutual = ~np.isnan(pairs.mentor_key)
    np.add.at(listed.mutual, pairs.mentee[mutual], 1)
    return pairs.take(mutual), listed


def _mentee_rankings(prepared: Prepared) -> list[list[int] | None]:
    """Each mentee's ranking as mentor indices (None: gave none), unknown ids dropped."""
    rankings: list[list[int] | None] = []
    for mentee in prepared.problem.mentees:
        if not mentee.ranking:
            rankings.append(None)
            continue
        known = (prepared.mentor_at.get(x) for x in mentee.ranking)
        rankings.append(list(dict.fromkeys(j for j in known if j is not None)))
    return rankings


def _mentor_rankings(prepared: Prepared) -> list[dict[int, int] | None]:
    """Each mentor's ranking as mentee index → place (None: gave none)."""
    rankings: list[dict[int, int] | None] = []
    for mentor in prepared.problem.mentors:
        if not mentor.ranking:
            rankings.append(None)
            continue
        places: dict[int, int] = {}
        for place, other in enumerate(mentor.ranking):
            i = prepared.mentee_at.get(other)
            if i is not None:
                places.setdefault(i, place)
        rankings.append(places)
    return rankings


def _ranked_pairs(
    prepared: Prepared,
    rows: NDArray[np.int64],
    ranked: list[list[int] | None],
    listed: Listed,
) -> Acceptable:
    """The pairs a block of mentees ranked that the rules allow, keyed by their place."""
    block = prepared.scorer.rows(rows)
    lists = [ranked[i] or [] for i in rows.tolist()]
    local = np.array([k for k, own in enumerate(lists) for _ in own], dtype=np.int64)
    cols = np.array([j for own in lists for j in own], dtype=np.int64)
    place = np.array([p for own in lists for p in range(len(own))], dtype=np.float64)
    np.add.at(listed.named, rows[local], 1)
    ok = block.eligible[local, cols]
    local, cols, place = local[ok], cols[ok], place[ok]
    np.add.at(listed.eligible, rows[local], 1)
    return Acceptable(
        rows[local],
        cols,
        block.score[local, cols],
        {name: values[local, cols] for name, values in block.parts.items()},
        place,
        np.zeros(len(cols)),
    )


def _derived_pairs(
    prepared: Prepared, derived: NDArray[np.bool_], listed: Listed, progress: Progress | None
) -> Acceptable:
    """For mentees who gave no ranking: their best-scoring eligible mentors, best first
    (every eligible mentor on problems small enough to keep every pair)."""
    n, m = len(derived), len(prepared.problem.mentors)
    length = m if n * m <= EXACT_PAIRS else DERIVED_LIST_LENGTH
    found = top_candidates(prepared.scorer, n, length, PAIRS_PER_BLOCK, progress)
    edges, parts = found.edges()
    keep = derived[edges.mentee]
    mentee, mentor = edges.mentee[keep], edges.mentor[keep]
    score = edges.score[keep].astype(np.float32)
    place = _places(mentee, score)
    short = place < length
    np.add.at(listed.named, mentee[short], 1)
    np.add.at(listed.eligible, mentee[short], 1)
    return Acceptable(
        mentee[short],
        mentor[short],
        score[short],
        {name: values[keep][short] for name, values in parts.items()},
        place[short].astype(np.float64),
        np.zeros(int(short.sum())),
    )


def _places(owner: NDArray[np.int64], score: NDArray[np.float32]) -> NDArray[np.int64]:
    """Each entry's place (0 = best score) among the entries of the same owner."""
    order = np.lexsort((-score, owner))
    places = np.empty(len(owner), dtype=np.int64)
    sorted_owner = owner[order]
    starts = np.searchsorted(sorted_owner, sorted_owner, side="left")
    places[order] = np.arange(len(owner)) - starts
    return places


def _concat(chunks: list[Acceptable]) -> Acceptable:
    if not chunks:
        empty = np.zeros(0, np.int64)
        return Acceptable(empty, empty, np.zeros(0, np.float32), {}, np.zeros(0), np.zeros(0))
    return Acceptable(
        np.concatenate([c.mentee for c in chunks]),
        np.concatenate([c.mentor for c in chunks]),
        np.concatenate([c.score for c in chunks]),
        {k: np.concatenate([c.parts[k] for c in chunks]) for k in chunks[0].parts},
        np.concatenate([c.mentee_key for c in chunks]),
        np.concatenate([c.mentor_key for c in chunks]),
    )


def _mentor_keys(pairs: Acceptable, ranks: list[dict[int, int] | None]) -> NDArray[np.float64]:
    """The mentor's key for each pair: its place in their ranking, or minus the score when
    they gave none; NaN where their ranking leaves the mentee out."""
    keys = -pairs.score.astype(np.float64)
    m = len(ranks)
    given = np.array([r is not None for r in ranks], dtype=np.bool_)
    if not given.any():
        return keys
    listed = np.array([i * m + j for j, r in enumerate(ranks) for i in r or ()], dtype=np.int64)
    places = np.array([p for r in ranks for p in (r or {}).values()], dtype=np.float64)
    order = np.argsort(listed)
    listed, places = listed[order], places[order]
    wanted = pairs.mentee * m + pairs.mentor
    at = np.minimum(np.searchsorted(listed, wanted), max(len(listed) - 1, 0))
    found = listed[at] == wanted if len(listed) else np.zeros(len(wanted), dtype=np.bool_)
    by_ranking = given[pairs.mentor]
    keys[by_ranking] = np.where(found, places[at] if len(listed) else np.nan, np.nan)[by_ranking]
    return keys


def _preference_lists(pairs: Acceptable, n: int, m: int) -> tuple[list[list[int]], list[list[int]]]:
    """Both sides' lists in order."""
    mentee_prefs = ordered_lists(pairs.mentee, pairs.mentor, pairs.mentee_key, n)
    mentor_prefs = ordered_lists(pairs.mentor, pairs.mentee, pairs.mentor_key, m)
    return mentee_prefs, mentor_prefs


def ordered_lists(
    owner: NDArray[np.int64], other: NDArray[np.int64], key: NDArray[np.float64], size: int
) -> list[list[int]]:
    """Preference lists from pairs: for each owner 0..size−1, the others by ascending key,
    ties broken by the other's index."""
    order = np.lexsort((other, key, owner))
    bounds = np.searchsorted(owner[order], np.arange(size + 1))
    values = other[order].tolist()
    return [values[bounds[k] : bounds[k + 1]] for k in range(size)]


def _result(
    prepared: Prepared,
    pairs: Acceptable,
    listed: Listed,
    mentor_of: NDArray[np.int64],
    locked: list[tuple[int, int]],
) -> MatchResult:
    problem, m = prepared.problem, len(prepared.problem.mentors)
    key = pairs.mentee * m + pairs.mentor
    order = np.argsort(key, kind="stable")
    matched = np.flatnonzero(mentor_of >= 0)
    at = order[np.searchsorted(key[order], matched * m + mentor_of[matched])]
    weights = prepared.scorer.weights
    result_pairs = []
    for e in at.tolist():
        mentee, mentor = problem.mentees[pairs.mentee[e]], problem.mentors[pairs.mentor[e]]
        values = {k: float(v[e]) for k, v in pairs.parts.items()}
        reasons = pair_reasons(mentee, mentor, values, weights, prepared.encoded, limit=3)
        result_pairs.append(
            Pair(mentee.id, mentor.id, float(pairs.score[e]), (*reasons, STABLE_REASON), values)
        )
    result_pairs += locked_result(prepared, locked)
    done = {p.mentee_id for p in result_pairs}
    return MatchResult(result_pairs, _unmatched(prepared, listed, done), "stable")


def _unmatched(prepared: Prepared, listed: Listed, matched: set[str]) -> dict[str, str]:
    """Why each mentee without a mentor has none, in the terms of the rankings."""
    mentees = prepared.problem.mentees
    reasons: dict[str, str] = {}
    for i, mentee in enumerate(mentees):
        if mentee.id not in matched:
            counts = (int(listed.named[i]), int(listed.eligible[i]), int(listed.mutual[i]))
            reasons[mentee.id] = _why_unmatched(bool(mentee.ranking), *counts)
    by_rules = {pid for pid, reason in reasons.items() if not reason}
    if by_rules:  # nobody eligible at all: the rule that leaves nobody says why
        reasons.update(explain_unmatched(prepared, {p.id for p in mentees} - by_rules))
    return reasons


def _why_unmatched(ranked: bool, named: int, eligible: int, mutual: int) -> str:
    """The reason for one mentee ("" when the rules alone leave them nobody)."""
    if ranked and named == 0:
        return "none of the mentors they ranked takes part in this program"
    if eligible == 0:
        if not ranked:
            return ""
        if named == 1:
            return "the mentor they ranked is not allowed by the program's rules"
        return f"none of the {named} mentors they ranked is allowed by the program's rules"
    if mutual == 0:
        if ranked and eligible < named:
            allowed = f"{eligible} of the {named} mentors they ranked"
            if eligible == 1:
                return f"{allowed} passes the program's rules, and it did not rank them"
            return f"{allowed} pass the program's rules, and none of those ranked them"
        if ranked:
            if eligible == 1:
                return "the mentor they ranked did not rank them"
            return f"none of the {eligible} mentors they ranked ranked them in turn"
        if eligible == 1:
            return "the one eligible mentor did not rank them"
        return f"none of the {eligible} eligible mentors ranked them"
    if ranked:
        return "every mentor they ranked filled up with mentees those mentors ranked higher"
    return "every eligible mentor filled up with mentees those mentors prefer"
