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

from mentorhub.matching.engine.pairs import MentorColumns, PairScorer
from mentorhub.matching.engine.ranking import Ranked, best_per_group
from mentorhub.matching.engine.solvers.flow import Edges

Progress = Callable[[str, float], None]


@dataclass
class Candidates:
    """The pairs kept so far and their scores; the parts of a pair's score are worked out
    when asked for, as only a few of the millions kept are ever explained."""

    scorer: PairScorer
    # Per mentee: mentors passing every rule, summed over the blocks (skill by skill, a
    # mentor offering two of the skills sought counts twice).
    eligible_count: NDArray[np.int64]
    mentee: list[NDArray[np.int64]] = field(default_factory=list)
    mentor: list[NDArray[np.int64]] = field(default_factory=list)
    score: list[NDArray[np.float32]] = field(default_factory=list)

    def extend(
        self, rows: NDArray[np.int64], mentors: NDArray[np.int64], score: NDArray[np.float32]
    ) -> None:
        self.mentee.append(rows)
        self.mentor.append(mentors)
        self.score.append(score)

    def trim(self, k: int) -> None:
        """Keep each mentee's k best pairs, each pair once (skills can find a mentor twice);
        of equal scores, the lower mentor index stays."""
        mentee, score, mentor = best_per_group(
            np.concatenate(self.mentee), np.concatenate(self.score), np.concatenate(self.mentor), k
        )
        self.mentee, self.mentor, self.score = [mentee], [mentor], [score]

    def pairs(self) -> Edges:
        """All pairs kept so far. A pair kept twice is harmless: each mentee has one seat."""
        mentee = np.concatenate(self.mentee) if self.mentee else np.zeros(0, np.int64)
        mentor = np.concatenate(self.mentor) if self.mentor else np.zeros(0, np.int64)
        score = np.concatenate(self.score) if self.score else np.zeros(0, np.float32)
        return Edges(mentee, mentor, score.astype(np.float64))

    def edges(self) -> tuple[Edges, dict[str, NDArray[np.float32]]]:
        """All pairs kept so far, and the parts of each one's score."""
        edges = self.pairs()
        return edges, self.scorer.pair_parts(edges.mentee, edges.mentor)


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
    candidates = Candidates(scorer, np.zeros(n_mentees, dtype=np.int64))
    tasks = _tasks(scorer, n_mentees, k, pairs_per_block)
    view: MentorColumns | None = None
    for done, (rows, mentors, skill) in enumerate(tasks, start=1):
        # A skill's blocks come one after another and share its view of the mentors;
        # one view at a time keeps memory low.
        if mentors is None:
            view = None
        elif view is None or view.skill != skill:
            view = scorer.columns(mentors, skill)
        eligible_count, found = _best(scorer, rows, view, k)
        np.add.at(candidates.eligible_count, rows, eligible_count)
        candidates.extend(*found)
        if progress:
            progress("candidates", done / len(tasks))
    if k < len(scorer.e.mentors):
        # Skills can find a mentor twice, so a mentee can have more than k by now.
        candidates.trim(k)
    return candidates


# Mentees, and mentors (None: all of them) with the skill they all offer (under expertise).
Task = tuple[NDArray[np.int64], NDArray[np.int64] | None, int | None]


def _tasks(scorer: PairScorer, n_mentees: int, k: int, pairs_per_block: int) -> list[Task]:
    """Blocks of mentees against mentors: all mentors, or skill by skill under expertise."""
    n_mentors = len(scorer.e.mentors)

    def blocks(
        mentees: NDArray[np.int64], mentors: NDArray[np.int64] | None, skill: int | None
    ) -> list[Task]:
        width = len(mentors) if mentors is not None else n_mentors
        step = max(1, pairs_per_block // max(width, 1))
        return [(mentees[b : b + step], mentors, skill) for b in range(0, len(mentees), step)]

    if not scorer.rules.expertise or k >= n_mentors:
        return blocks(np.arange(n_mentees, dtype=np.int64), None, None)
    seeks = scorer.e.mentees.seeks
    tasks = blocks(np.flatnonzero(np.diff(seeks.indptr) == 0).astype(np.int64), None, None)
    by_skill = seeks.T.tocsr()
    offered_by = (scorer.e.mentors.offers > 0).T.tocsr()
    for skill in range(by_skill.shape[0]):
        mentees = by_skill.indices[by_skill.indptr[skill] : by_skill.indptr[skill + 1]]
        mentors = offered_by.indices[offered_by.indptr[skill] : offered_by.indptr[skill + 1]]
        if len(mentees) and len(mentors):
            tasks += blocks(mentees.astype(np.int64), mentors.astype(np.int64), skill)
    return tasks


Found = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]


def _best(
    scorer: PairScorer, rows: NDArray[np.int64], view: MentorColumns | None, k: int
) -> tuple[NDArray[np.int64], Found]:
    """Score one block; return its rows' eligible counts and the best pairs found."""
    block = scorer.rows(rows, view, parts=False)
    eligible = block.eligible
    counts = np.count_nonzero(eligible, axis=1)
    width = eligible.shape[1]
    if k < width:
        local, score, picked = best_in_rows(block.score, eligible, counts, k)
    else:
        # Positions in the flattened block: a flat gather is faster than a 2-D fancy index.
        at = np.flatnonzero(eligible)
        (local, picked), score = np.divmod(at, width), np.take(block.score, at)
    mentor_ids = view.index[picked] if view is not None else picked
    return counts, (rows[local], mentor_ids, score)


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
            block = self.scorer.rows(chunk, view, parts=False)
            ranked = np.where(block.eligible, block.score, np.float32(-1))
            best = ranked.argmax(axis=1)
            hit = ranked[np.arange(len(chunk)), best] >= 0
            local, cols = np.flatnonzero(hit), best[hit]
            mentees = chunk[local]
            self.via_mentor[mentees] = layer[cols]
            self.best_score[mentees] = block.score[local, cols]
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
        candidates.extend(at, np.array(cols, dtype=np.int64), self.best_score[at])
        return 1


SAMPLE_FACTOR = 8  # a row's threshold is estimated from about 8·k of its columns


def best_in_rows(
    score: NDArray[np.float32],
    eligible: NDArray[np.bool_],
    eligible_count: NDArray[np.int64],
    k: int,
) -> Ranked:
    """Each row's k best eligible scores as (row, score, column), row by row, best first;
    of equal scores the lower column stays.

    A threshold per row is estimated from a sample of its columns, low enough to keep a few
    more than k; one comparison then keeps everything at or above it. Whenever at least k
    pass, the k best are among them (the k-th best is at least the threshold), so the result
    is exact; rows where fewer pass are redone exactly. Sorting the few kept picks the k.
    """
    width = score.shape[1]
    stride = max(1, width // (SAMPLE_FACTOR * k))
    sample = np.where(eligible[:, ::stride], score[:, ::stride], np.float32(-1))
    rank = min(sample.shape[1], 2 * -(-k // stride) + 1)  # twice the expected share, +1
    threshold = np.partition(sample, sample.shape[1] - rank, axis=1)[:, sample.shape[1] - rank]
    keep = score >= np.maximum(threshold, 0)[:, None]
    keep &= eligible
    short = np.flatnonzero(np.count_nonzero(keep, axis=1) < np.minimum(k, eligible_count))
    if len(short):  # the sample overestimated these rows' k-th best: exact thresholds
        masked = np.where(eligible[short], score[short], np.float32(-1))
        exact = np.partition(masked, width - k, axis=1)[:, width - k]
        keep[short] = masked >= np.maximum(exact, 0)[:, None]
    at = np.flatnonzero(keep)
    row, column = np.divmod(at, width)
    return best_per_group(row, np.take(score, at), column, k, repeats=False)
