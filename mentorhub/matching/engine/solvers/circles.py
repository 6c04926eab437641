"""Group mentoring: each mentor leads one circle of mentees who share a theme.

1. Every eligible mentor–mentee pair (each mentee's best candidates on large problems, with
   the same augmenting-path search as the optimal method so no one loses a seat to a short
   list) goes into the b-matching flow: capacities are the circle's maximum size, the most
   mentees seated first, then the highest total score.
2. Themes: a circle's theme is the skill (or interest) its mentor offers that most members
   seek. Each mentor starts with the offered topic most wanted by eligible mentees not yet
   covered by other mentors; a mentee seeking the circle's theme earns a bonus on that edge,
   and solving and re-reading the themes alternate a few rounds so seekers of one skill land
   together. The pairwise flow cannot see "members like each other", so this is a heuristic.
3. Minimum size: the smallest circle below the minimum is dissolved (its mentor leads no
   circle) and the rest re-solved, one at a time, until every open circle is big enough.
   Whether to open a circle is a yes/no choice, so the result is not a proven optimum.

Exact: for the seats each solve offers, the most mentees seated, then the best total of
score plus theme bonus. Heuristic: the themes, and which circles to dissolve. Hard rules
hold between a mentor and each member; members are not checked against each other.
Manager-fixed pairs stay, and their circle is never dissolved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.candidates import augment_to_maximum, top_candidates
from mentorhub.matching.engine.explain import pair_reasons, unmatched_reasons
from mentorhub.matching.engine.optimal import (
    EXACT_PAIRS,
    LIST_LENGTH,
    PAIRS_PER_BLOCK,
    Prepared,
    block_size,
)
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.solvers.flow import Assignment, Edges, max_matching, solve_flow

Progress = Callable[[str, float], None]
THEME_ROUNDS = 3  # solve, re-read the themes, solve again: settles in two or three rounds


@dataclass(frozen=True)
class CircleRules:
    """A program's circle sizes. `max_size` caps each mentor's own capacity; None: capacity."""

    min_size: int = 3
    max_size: int | None = 8
    theme_bonus: float = 0.2  # added to a pair's score (0..1) when the mentee seeks the theme


@dataclass(frozen=True)
class Theme:
    topic: str  # a skill or an interest
    is_skill: bool
    count: int  # members seeking the skill (or sharing the interest)
    size: int

    def reason(self) -> str:
        verb = "seek it" if self.is_skill else "share the interest"
        return f"circle theme: {self.topic} ({self.count} of {self.size} members {verb})"


def _resolve_rules(
    min_size: int | None, max_size: int | None, circle_rules: CircleRules | None
) -> CircleRules:
    """Keyword arguments win over `circle_rules`; without either: 3 up to the capacity."""
    base = circle_rules or CircleRules(max_size=None)
    rules = CircleRules(
        min_size if min_size is not None else base.min_size,
        max_size if max_size is not None else base.max_size,
        base.theme_bonus,
    )
    if rules.min_size < 1:
        raise ValueError(f"a circle needs at least 1 member, not {rules.min_size}")
    if rules.max_size is not None and rules.max_size < rules.min_size:
        raise ValueError(
            f"the largest circle ({rules.max_size}) is smaller than the smallest ({rules.min_size})"
        )
    return rules


def match_circles(
    prepared: Prepared,
    progress: Progress | None = None,
    *,
    min_size: int | None = None,
    max_size: int | None = None,
    circle_rules: CircleRules | None = None,
) -> MatchResult:
    """One circle per mentor, every circle between the minimum and maximum size, or none."""
    rules = _resolve_rules(min_size, max_size, circle_rules)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    solver = CircleSolver(prepared, rules, progress)
    timings["candidates"] = time.perf_counter() - started
    started = time.perf_counter()
    assignment, edges = solver.run()
    timings["solve"] = time.perf_counter() - started
    started = time.perf_counter()
    result = solver.result(assignment, edges)
    timings["explain"] = time.perf_counter() - started
    result.timings = timings
    return result


class CircleSolver:
    """The state of one circles run: the pairs kept, the seats and each mentor's theme."""

    def __init__(self, prepared: Prepared, rules: CircleRules, progress: Progress | None):
        self.prepared, self.rules, self.progress = prepared, rules, progress
        problem = prepared.problem
        self.n, self.m = len(problem.mentees), len(problem.mentors)
        self.fixed = {
            prepared.mentee_at[a]: prepared.mentor_at[b]
            for a, b in sorted(problem.locked)
            if a in prepared.mentee_at and b in prepared.mentor_at
        }
        self.fixed_count = np.bincount(
            np.array(list(self.fixed.values()), dtype=np.int64), minlength=self.m
        )
        capacity = prepared.encoded.mentors.capacity
        largest = capacity if rules.max_size is None else np.minimum(capacity, rules.max_size)
        # A mentor who cannot take the minimum leads no circle, unless a manager fixed one.
        can_lead = (largest >= rules.min_size) | (self.fixed_count > 0)
        self.seats = np.where(can_lead, np.maximum(largest - self.fixed_count, 0), 0)
        self.exact = self.n * self.m <= EXACT_PAIRS
        k = self.m if self.exact else LIST_LENGTH
        self.candidates = top_candidates(prepared.scorer, self.n, k, PAIRS_PER_BLOCK, progress)
        self.topics = Topics(prepared)
        self.theme = np.full(self.m, -1, dtype=np.int64)
        self.dissolved: list[int] = []
        self.solves = 0
        self._edges: tuple[Edges, dict[str, NDArray[np.float32]]] | None = None

    def run(self) -> tuple[Assignment, Edges]:
        self.reach_maximum()
        edges, _ = self.edges()
        self.theme = self.topics.first_themes(edges, self.seats)
        assignment, edges = self.solve()
        for _ in range(THEME_ROUNDS - 1):
            theme = self.topics.themes(self.members(assignment, edges))[0]
            if np.array_equal(theme, self.theme):
                break
            self.theme = theme
            assignment, edges = self.solve()
        while True:
            assignment, edges = self.dissolve_small(assignment, edges)
            if not self.reach_maximum():  # seats closed: maybe paths beyond the lists now
                return assignment, edges
            assignment, edges = self.solve()

    def dissolve_small(self, assignment: Assignment, edges: Edges) -> tuple[Assignment, Edges]:
        """Close the smallest circle below the minimum and re-solve, until none is left."""
        while True:
            sizes = self.sizes(assignment, edges)
            small = np.flatnonzero((sizes > 0) & (sizes < self.rules.min_size) & (self.seats > 0))
            small = small[self.fixed_count[small] == 0]  # a manager's circle stays
            if not len(small):
                return assignment, edges
            smallest = small[np.argmin(sizes[small])]
            self.seats[smallest] = 0
            self.dissolved.append(int(smallest))
            if self.progress:
                self.progress("circles", len(self.dissolved) / (len(self.dissolved) + len(small)))
            assignment, edges = self.solve()

    def edges(self) -> tuple[Edges, dict[str, NDArray[np.float32]]]:
        """The kept pairs, without mentees a manager already placed."""
        if self._edges is None:
            edges, parts = self.candidates.edges()
            free = ~np.isin(edges.mentee, np.array(list(self.fixed), dtype=np.int64))
            self._edges = (
                Edges(edges.mentee[free], edges.mentor[free], edges.score[free]),
                {k: v[free] for k, v in parts.items()},
            )
        return self._edges

    def solve(self) -> tuple[Assignment, Edges]:
        """Most mentees seated, then the best total of score plus theme bonus."""
        edges, _ = self.edges()
        bonus = self.rules.theme_bonus * self.topics.seeks_theme(edges, self.theme)
        boosted = Edges(edges.mentee, edges.mentor, edges.score + bonus)
        self.solves += 1
        return solve_flow(self.n, self.seats, boosted), edges

    def reach_maximum(self) -> int:
        """On candidate lists, add the pairs of every augmenting path over all eligible
        pairs, so no one misses a seat because their list was short. How many it added."""
        if self.exact:
            return 0
        edges, _ = self.edges()
        mentor_of = max_matching(self.n, self.seats, edges)
        spare = self.seats - np.bincount(mentor_of[mentor_of >= 0], minlength=self.m)
        for i, j in self.fixed.items():
            mentor_of[i] = j  # placed by hand: not the end of a path
        scorer = self.prepared.scorer
        added = augment_to_maximum(scorer, self.candidates, mentor_of, spare, PAIRS_PER_BLOCK)
        self._edges = None
        return added

    def members(self, assignment: Assignment, edges: Edges) -> sp.csr_matrix:
        """Mentors × mentees, 1 where the mentee is in the mentor's circle (fixed ones too)."""
        fixed_mentees, fixed_mentors = self._fixed_arrays()
        mentors = np.concatenate([edges.mentor[assignment.chosen], fixed_mentors])
        mentees = np.concatenate([edges.mentee[assignment.chosen], fixed_mentees])
        ones = np.ones(len(mentors), dtype=np.float32)
        return sp.csr_matrix((ones, (mentors, mentees)), shape=(self.m, self.n))

    def _fixed_arrays(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        mentees = np.array(list(self.fixed), dtype=np.int64)
        return mentees, np.array(list(self.fixed.values()), dtype=np.int64)

    def sizes(self, assignment: Assignment, edges: Edges) -> NDArray[np.int64]:
        return np.bincount(edges.mentor[assignment.chosen], minlength=self.m) + self.fixed_count

    def result(self, assignment: Assignment, edges: Edges) -> MatchResult:
        weights = self.prepared.scorer.weights
        themes = self.topics.describe(self.members(assignment, edges))
        _, parts = self.edges()
        pairs = []
        for e in assignment.chosen:
            i, j = int(edges.mentee[e]), int(edges.mentor[e])
            values = {k: float(v[e]) for k, v in parts.items()}
            pairs.append(self._pair(i, j, float(edges.score[e]), values, themes[j], weights))
        pairs += self._fixed_pairs(themes)
        seated = {p.mentee_id for p in pairs}
        open_circles = self.sizes(assignment, edges) >= self.rules.min_size
        open_circles |= self.fixed_count > 0
        result = MatchResult(pairs, self._unmatched(seated, open_circles), "circles")
        themed = [p for p in pairs if self._seeks(p, themes)]
        result.stats.update(
            circles=float(len({p.circle for p in pairs})),
            dissolved=float(len(self.dissolved)),
            solves=float(self.solves),
            themed_share=len(themed) / len(pairs) if pairs else 0.0,
            min_size=float(self.rules.min_size),
        )
        return result

    def _pair(
        self,
        i: int,
        j: int,
        score: float,
        values: dict[str, float],
        theme: Theme | None,
        weights: dict[str, float],
        locked: bool = False,
    ) -> Pair:
        problem = self.prepared.problem
        mentee, mentor = problem.mentees[i], problem.mentors[j]
        why = pair_reasons(mentee, mentor, values, weights, self.prepared.encoded, limit=3)
        reasons = ((theme.reason(),) if theme else ()) + why
        if locked:
            reasons = ("fixed by the program manager", *reasons)
        return Pair(mentee.id, mentor.id, score, reasons, values, locked=locked, circle=mentor.id)

    def _fixed_pairs(self, themes: list[Theme | None]) -> list[Pair]:
        if not self.fixed:
            return []
        rows = np.array(list(self.fixed), dtype=np.int64)
        block, weights = self.prepared.scorer.rows(rows), self.prepared.scorer.weights
        pairs = []
        for row, (i, j) in enumerate(self.fixed.items()):
            values = {k: float(v[row, j]) for k, v in block.parts.items()}
            score = float(block.score[row, j])
            pairs.append(self._pair(i, j, score, values, themes[j], weights, locked=True))
        return pairs

    def _seeks(self, pair: Pair, themes: list[Theme | None]) -> bool:
        theme = themes[self.prepared.mentor_at[pair.mentor_id]]
        if theme is None:
            return False
        mentee = self.prepared.problem.mentees[self.prepared.mentee_at[pair.mentee_id]]
        return theme.topic in (mentee.seeks if theme.is_skill else mentee.interests)

    def _unmatched(self, seated: set[str], open_circles: NDArray[np.bool_]) -> dict[str, str]:
        problem = self.prepared.problem
        left = np.array([i for i, p in enumerate(problem.mentees) if p.id not in seated], np.int64)
        reasons: dict[str, str] = {}
        step = block_size(self.m)
        for begin in range(0, len(left), step):
            rows = left[begin : begin + step]
            people = [problem.mentees[i] for i in rows]
            block = self.prepared.scorer.rows(rows)
            by_rule = unmatched_reasons(people, block)
            eligible = block.eligible.sum(axis=1)
            in_open = (block.eligible & open_circles[None, :]).sum(axis=1)
            for row, person in enumerate(people):
                if eligible[row]:
                    reasons[person.id] = self._reason(int(eligible[row]), int(in_open[row]))
                else:
                    reasons[person.id] = by_rule[row]  # a hard rule leaves no mentor at all
        return reasons

    def _reason(self, eligible: int, in_open: int) -> str:
        if in_open:
            circles = f"{in_open} open circle{'s' * (in_open != 1)}"
            return f"the {circles} they are eligible for {'are' if in_open != 1 else 'is'} full"
        mentors = f"{eligible} eligible mentor{'s' * (eligible != 1)}"
        return f"no circle reached the minimum size of {self.rules.min_size} among the {mentors}"


class Topics:
    """Skills and interests as one list of topics a circle can be about."""

    def __init__(self, prepared: Prepared):
        encoded = prepared.encoded
        self.names = [*encoded.skills.names, *encoded.interests.names]
        self.n_skills = len(encoded.skills)
        mentees, mentors = encoded.mentees, encoded.mentors
        # Widths are padded to at least 1 column even for an empty vocabulary.
        skills, interests = max(self.n_skills, 1), max(len(encoded.interests), 1)
        self.width = skills + interests
        self.wanted = _bool(sp.hstack([mentees.seeks, mentees.interests]).tocsr())
        self.offered = _bool(sp.hstack([mentors.offers, mentors.interests]).tocsr())
        self.is_skill = np.arange(self.width) < skills
        self.skill_width = skills
        coo = self.wanted.tocoo()
        self.wanted_keys = np.sort(coo.row.astype(np.int64) * self.width + coo.col)

    def seeks_theme(self, edges: Edges, theme: NDArray[np.int64]) -> NDArray[np.float64]:
        """1.0 on each edge whose mentee seeks (or shares) the theme of the edge's mentor."""
        if not len(self.wanted_keys):
            return np.zeros(len(edges), dtype=np.float64)
        topic = theme[edges.mentor]
        keys = edges.mentee * self.width + np.maximum(topic, 0)
        at = np.minimum(np.searchsorted(self.wanted_keys, keys), len(self.wanted_keys) - 1)
        return ((topic >= 0) & (self.wanted_keys[at] == keys)).astype(np.float64)

    def counts(self, members: sp.csr_matrix) -> sp.csr_matrix:
        """Mentors × topics: members (or candidates) wanting each topic the mentor offers."""
        return (members @ self.wanted).multiply(self.offered).tocsr()

    def themes(self, members: sp.csr_matrix) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each mentor's most wanted topic among its members (skills win ties), and its count."""
        counts = self.counts(members).tocoo()
        theme = np.full(members.shape[0], -1, dtype=np.int64)
        count = np.zeros(members.shape[0], dtype=np.int64)
        keep = counts.data > 0
        rows, cols, data = counts.row[keep], counts.col[keep], counts.data[keep]
        order = np.lexsort((cols, ~self.is_skill[cols], -data, rows))
        first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]] if len(order) else order
        theme[rows[first]], count[rows[first]] = cols[first], data[first].astype(np.int64)
        return theme, count

    def first_themes(self, edges: Edges, seats: NDArray[np.int64]) -> NDArray[np.int64]:
        """Spread the first themes: each mentor takes the offered topic with the most eligible
        mentees not yet covered by mentors who chose before (fewest options choose first)."""
        m = len(seats)
        ones = np.ones(len(edges), dtype=np.float32)
        shape = (m, self.wanted.shape[0])
        eligible = sp.csr_matrix((ones, (edges.mentor, edges.mentee)), shape=shape)
        counts = self.counts(eligible)
        demand = np.asarray(self.wanted[np.unique(edges.mentee)].sum(axis=0)).ravel()
        theme = np.full(m, -1, dtype=np.int64)
        options = np.diff(counts.indptr)
        for j in np.lexsort((np.arange(m), options)):
            row = slice(counts.indptr[j], counts.indptr[j + 1])
            cols, wanted = counts.indices[row], counts.data[row]
            if seats[j] <= 0 or not len(cols):
                continue
            value = np.minimum(wanted, np.maximum(demand[cols], 0))
            best = np.lexsort((cols, ~self.is_skill[cols], -wanted, -value))[0]
            theme[j] = cols[best]
            demand[cols[best]] -= seats[j]
        return theme

    def describe(self, members: sp.csr_matrix) -> list[Theme | None]:
        theme, count = self.themes(members)
        sizes = np.diff(members.indptr)
        return [
            Theme(self._name(int(t)), bool(self.is_skill[t]), int(c), int(s)) if t >= 0 else None
            for t, c, s in zip(theme, count, sizes, strict=True)
        ]

    def _name(self, topic: int) -> str:
        if topic < self.skill_width:
            return self.names[topic]
        return self.names[self.n_skills + topic - self.skill_width]


def _bool(matrix: sp.csr_matrix) -> sp.csr_matrix:
    result = (matrix > 0).astype(np.float32).tocsr()
    result.eliminate_zeros()
    return result
