"""Candidate lists: each mentee's best eligible mentors, and the search that extends them.

Scoring every pair is cheap in blocks; handing 10⁹ pairs to a flow solver is not. Each
mentee keeps its K best eligible mentors. Short lists must never cost anyone a match, so
after solving, `extend_for_augmenting_paths` searches the *full* eligibility graph for a way
to match one more person (an augmenting path) and adds the pairs it walked; the solver runs
again until no such path exists. The number matched is then the maximum over all pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.pairs import Block, MentorColumns, PairScorer
from mentorhub.matching.engine.solvers.flow import Edges

Progress = Callable[[str, float], None]


@dataclass
class Candidates:
    mentee: list[NDArray[np.int64]] = field(default_factory=list)
    mentor: list[NDArray[np.int64]] = field(default_factory=list)
    score: list[NDArray[np.float32]] = field(default_factory=list)
    parts: dict[str, list[NDArray[np.float32]]] = field(default_factory=dict)
    eligible_count: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))

    def add(
        self,
        rows: NDArray[np.int64],
        mentors: NDArray[np.int64],
        block: Block,
        local: NDArray[np.int64],
        local_cols: NDArray[np.int64] | None = None,
    ) -> None:
        """Keep pairs (rows[k], mentors[k]); `local`, `local_cols` are their block positions."""
        at = local_cols if local_cols is not None else mentors
        self.mentee.append(rows)
        self.mentor.append(mentors)
        self.score.append(block.score[local, at])
        for name, values in block.parts.items():
            self.parts.setdefault(name, []).append(values[local, at])

    def extend(
        self,
        rows: NDArray[np.int64],
        mentors: NDArray[np.int64],
        score: NDArray[np.float32],
        parts: dict[str, NDArray[np.float32]],
    ) -> None:
        self.mentee.append(rows)
        self.mentor.append(mentors)
        self.score.append(score)
        for name, values in parts.items():
            self.parts.setdefault(name, []).append(values)

    def trim(self, k: int) -> None:
        """Keep each mentee's k best pairs, each pair once (skills can find a mentor twice)."""
        mentee, mentor = np.concatenate(self.mentee), np.concatenate(self.mentor)
        score = np.concatenate(self.score)
        order = np.argsort(mentee + (1.0 - score.astype(np.float64)) * 0.5)
        # The same pair found twice has the same score, so its copies sit side by side.
        repeat = (mentee[order][1:] == mentee[order][:-1]) & (
            mentor[order][1:] == mentor[order][:-1]
        )
        order = order[np.concatenate([[True], ~repeat])]
        keep = order[_places(mentee[order]) < k]
        self.mentee, self.mentor, self.score = [mentee[keep]], [mentor[keep]], [score[keep]]
        self.parts = {name: [np.concatenate(values)[keep]] for name, values in self.parts.items()}

    def edges(self) -> tuple[Edges, dict[str, NDArray[np.float32]]]:
        """All pairs kept so far. A pair kept twice is harmless: each mentee has one seat."""
        mentee = np.concatenate(self.mentee) if self.mentee else np.zeros(0, np.int64)
        mentor = np.concatenate(self.mentor) if self.mentor else np.zeros(0, np.int64)
        score = np.concatenate(self.score) if self.score else np.zeros(0, np.float32)
        parts = {k: np.concatenate(v) for k, v in self.parts.items() if v}
        return Edges(mentee, mentor, score.astype(np.float64)), parts


def _places(groups: NDArray[np.int64]) -> NDArray[np.int64]:
    """For a sorted array of group ids: each element's place within its group (0, 1, …)."""
    positions = np.arange(len(groups))
    first = np.concatenate([[True], groups[1:] != groups[:-1]])
    return positions - np.maximum.accumulate(np.where(first, positions, 0))


def top_candidates(
    scorer: PairScorer,
    n_mentees: int,
    k: int,
    pairs_per_block: int,
    progress: Progress | None = None,
) -> Candidates:
    """Each mentee's k best eligible mentors (all of them when k covers every mentor).

    When the program requires expertise, only mentors offering a skill the mentee seeks
    can qualify, so the work goes skill by skill: the mentees seeking a skill against the
    mentors offering it. That skips the pairs the rule would refuse anyway (most of them).
    """
    candidates = Candidates(eligible_count=np.zeros(n_mentees, dtype=np.int64))
    tasks = _tasks(scorer, n_mentees, k, pairs_per_block)
    for done, task in enumerate(tasks, start=1):
        rows, eligible_count, found = _best(scorer, task, k)
        np.add.at(candidates.eligible_count, rows, eligible_count)
        candidates.extend(*found)
        if progress:
            progress("candidates", done / len(tasks))
    if k < len(scorer.e.mentors):
        # Blocks keep a few more than k per mentee (and skills can find a mentor twice).
        candidates.trim(k)
    return candidates


Task = tuple[NDArray[np.int64], MentorColumns | None, int]


def _tasks(scorer: PairScorer, n_mentees: int, k: int, pairs_per_block: int) -> list[Task]:
    """Blocks of (mentees, mentor view): all mentors, or skill by skill under expertise."""
    n_mentors = len(scorer.e.mentors)

    def blocks(mentees: NDArray[np.int64], view: MentorColumns | None) -> list[Task]:
        width = view.n if view is not None else n_mentors
        step = max(1, pairs_per_block // max(width, 1))
        return [(mentees[b : b + step], view, width) for b in range(0, len(mentees), step)]

    if not scorer.rules.expertise or k >= n_mentors:
        return blocks(np.arange(n_mentees, dtype=np.int64), None)
    seeks = scorer.e.mentees.seeks
    tasks = blocks(np.flatnonzero(np.diff(seeks.indptr) == 0).astype(np.int64), None)
    by_skill = seeks.T.tocsr()
    offered_by = (scorer.e.mentors.offers > 0).T.tocsr()
    for skill in range(by_skill.shape[0]):
        mentees = by_skill.indices[by_skill.indptr[skill] : by_skill.indptr[skill + 1]]
        mentors = offered_by.indices[offered_by.indptr[skill] : offered_by.indptr[skill + 1]]
        if len(mentees) and len(mentors):
            view = scorer.columns(mentors.astype(np.int64))
            tasks += blocks(mentees.astype(np.int64), view)
    return tasks


Found = tuple[
    NDArray[np.int64], NDArray[np.int64], NDArray[np.float32], dict[str, NDArray[np.float32]]
]


def _best(
    scorer: PairScorer, task: Task, k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], Found]:
    """Score one block; return its rows, their eligible counts and the best pairs found."""
    rows, view, width = task
    block = scorer.rows(rows, view)
    eligible = block.eligible
    if k >= width:
        local, picked = (a.astype(np.int64) for a in np.nonzero(eligible))
    else:
        local, picked = best_in_rows(block.score, eligible, k)
    mentor_ids = view.index[picked] if view is not None else picked.astype(np.int64)
    values = {name: part[local, picked] for name, part in block.parts.items()}
    found = (rows[local], mentor_ids, block.score[local, picked], values)
    return rows, eligible.sum(axis=1), found


def augment_to_maximum(
    scorer: PairScorer,
    candidates: Candidates,
    mentor_of: NDArray[np.int64],
    spare: NDArray[np.int64],
    pairs_per_block: int,
) -> int:
    """Match more people along augmenting paths of the full eligibility graph, in place.

    An augmenting path runs from a mentor with room, to a mentee who could take that seat,
    to the mentor that mentee would leave, … until it reaches an unmatched mentee. Each
    search goes breadth-first from the mentors with room over every eligible pair (not just
    the candidate lists); the paths found are applied to `mentor_of` and their pairs added
    to `candidates`. It ends when a search finds no path, which proves that no assignment
    matches more people. Returns how many more were matched.
    """
    gained = 0
    while True:
        search = _PathSearch(scorer, mentor_of, spare, pairs_per_block)
        ends = search.run()
        more = sum(search.apply_path(candidates, int(u), mentor_of, spare) for u in ends)
        if more == 0:
            return gained
        gained += more


class _PathSearch:
    """Breadth-first search from mentors with room, layer by layer, over all mentees."""

    def __init__(
        self,
        scorer: PairScorer,
        mentor_of: NDArray[np.int64],
        spare: NDArray[np.int64],
        pairs_per_block: int,
    ):
        self.scorer, self.mentor_of = scorer, mentor_of
        self.pairs_per_block = pairs_per_block
        n, m = len(mentor_of), len(spare)
        self.free = spare > 0
        self.seen_mentee = np.zeros(n, dtype=np.bool_)
        self.seen_mentor = self.free.copy()
        self.via_mentor = np.full(n, -1, dtype=np.int64)  # edge mentee -> mentor on the path
        self.via_mentee = np.full(m, -1, dtype=np.int64)  # who would leave that mentor
        self.best_score = np.zeros(n, dtype=np.float32)
        self.best_parts: dict[str, NDArray[np.float32]] = {}
        self.offers_any = (scorer.e.mentors.offers > 0).astype(np.float32).tocsc()

    def run(self) -> NDArray[np.int64]:
        """Unmatched mentees reached (the ends of augmenting paths), maybe none."""
        layer = np.flatnonzero(self.free).astype(np.int64)
        # Every unmatched mentee who reaches a free seat ends a path; collecting them all
        # lets one more solve fill every seat it can (re-solving is the expensive part).
        unmatched = self.mentor_of < 0
        while len(layer):
            ends = self._reach(layer, unmatched, None)
            if len(ends):
                return ends
            reached = self._reach(layer, ~unmatched, None)
            self.seen_mentee[reached] = True
            leaving = self.mentor_of[reached]
            fresh = ~self.seen_mentor[leaving]
            self.via_mentee[leaving[fresh]] = reached[fresh]
            layer = np.unique(leaving[fresh])
            self.seen_mentor[layer] = True
        return np.zeros(0, dtype=np.int64)

    def _reach(
        self, layer: NDArray[np.int64], among: NDArray[np.bool_], enough: int | None
    ) -> NDArray[np.int64]:
        """Mentees (of `among`, not yet seen) who could take a seat with a mentor of this
        layer; stops once `enough` are found."""
        rows = np.flatnonzero(among & ~self.seen_mentee & self._may_fit(layer)).astype(np.int64)
        view = self.scorer.columns(layer)
        step = max(1, self.pairs_per_block // max(len(layer), 1))
        reached = []
        for begin in range(0, len(rows), step):
            chunk = rows[begin : begin + step]
            block = self.scorer.rows(chunk, view)
            ranked = np.where(block.eligible, block.score, np.float32(-1))
            best = ranked.argmax(axis=1)
            hit = ranked[np.arange(len(chunk)), best] >= 0
            local, cols = np.flatnonzero(hit), best[hit]
            mentees = chunk[local]
            self.via_mentor[mentees] = layer[cols]
            self.best_score[mentees] = block.score[local, cols]
            for name, values in block.parts.items():
                store = self.best_parts.setdefault(name, np.zeros(len(self.mentor_of), np.float32))
                store[mentees] = values[local, cols]
            reached.append(mentees)
            if enough is not None and sum(len(r) for r in reached) >= enough:
                break
        return np.concatenate(reached) if reached else np.zeros(0, dtype=np.int64)

    def _may_fit(self, layer: NDArray[np.int64]) -> NDArray[np.bool_]:
        """A cheap superset: under the expertise rule, only seekers of a skill offered here."""
        if not self.scorer.rules.expertise:
            return np.ones(len(self.mentor_of), dtype=np.bool_)
        offered = np.asarray(self.offers_any[layer].sum(axis=0)).ravel() > 0
        seeks = self.scorer.e.mentees.seeks
        return (np.diff(seeks.indptr) == 0) | (seeks @ offered.astype(np.float32) > 0)

    def apply_path(
        self,
        candidates: Candidates,
        mentee: int,
        mentor_of: NDArray[np.int64],
        spare: NDArray[np.int64],
    ) -> int:
        """Shift people along the path ending at this unmatched mentee, if it still holds
        (paths found together can share people); add its pairs. 1 if it matched one more."""
        rows, cols = [mentee], [int(self.via_mentor[mentee])]
        while not self.free[cols[-1]]:
            leaving = int(self.via_mentee[cols[-1]])
            if mentor_of[leaving] != cols[-1]:
                return 0  # someone on this path already moved for another path
            rows.append(leaving)
            cols.append(int(self.via_mentor[leaving]))
        if spare[cols[-1]] <= 0 or mentor_of[mentee] >= 0:
            return 0
        spare[cols[-1]] -= 1
        mentor_of[rows] = cols
        at = np.array(rows, dtype=np.int64)
        parts = {name: values[at] for name, values in self.best_parts.items()}
        candidates.extend(at, np.array(cols, dtype=np.int64), self.best_score[at], parts)
        return 1


SAMPLE_FACTOR = 8  # a row's threshold is estimated from about 8·k of its columns


def best_in_rows(
    score: NDArray[np.float32], eligible: NDArray[np.bool_], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions of each row's k best eligible scores (ties at the edge kept), unordered.

    A threshold per row is estimated from a sample of its columns, low enough to keep a few
    more than k; one comparison then keeps everything at or above it. Whenever at least k
    pass, the k best are among them (the k-th best is at least the threshold), so the result
    is exact; rows where fewer pass are redone exactly.
    """
    width = score.shape[1]
    masked = np.where(eligible, score, np.float32(-1))
    stride = max(1, width // (SAMPLE_FACTOR * k))
    sample = masked[:, ::stride]
    rank = min(sample.shape[1], 2 * -(-k // stride) + 1)  # twice the expected share, +1
    threshold = np.partition(sample, sample.shape[1] - rank, axis=1)[:, sample.shape[1] - rank]
    keep = masked >= np.maximum(threshold, 0)[:, None]  # never below eligibility (−1)
    short = np.flatnonzero(keep.sum(axis=1) < np.minimum(k, eligible.sum(axis=1)))
    if len(short):  # the sample overestimated these rows' k-th best: exact thresholds
        exact = np.partition(masked[short], width - k, axis=1)[:, width - k]
        keep[short] = masked[short] >= np.maximum(exact, 0)[:, None]
    at_rows, at_cols = np.nonzero(keep)
    return at_rows.astype(np.int64), at_cols.astype(np.int64)
