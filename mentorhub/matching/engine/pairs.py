"""Mentees against mentors, a block at a time: the hard rules and the parts of the score.

A block is dense (some mentees × some mentors), so checking and scoring 10⁸ pairs is a
few thousand large numpy operations rather than 10⁸ Python steps. Parts of the score no
participant gave data for (no questionnaire, no rankings, …) are never computed. The score
itself takes no array per part: the parts that are sums over names both sides list are
one sparse product, the goals one dense product; the parts, for explaining, are separate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.conflicts import Conflicts
from mentorhub.matching.engine.encode import Encoded, Side
from mentorhub.matching.engine.problem import Problem
from mentorhub.matching.engine.rules import allowed_pairs
from mentorhub.matching.engine.sparse import pair_sums, pair_values, take_rows
from mentorhub.matching.engine.sparse import row_counts as _row_counts
from mentorhub.matching.engine.timeplace import SLOT_MINUTES

FULL_OVERLAP_MINUTES = 180  # three shared free hours a week count as a perfect overlap
COMPONENTS = (
    "goals",
    "skills",
    "interests",
    "questionnaire",
    "availability",
    "diversity",
    "rankings",
)
# The hard rules in the order unmatched people are told about them.
RULES = ("expertise", "language", "seniority", "time", "screening", "capacity", "chain", "declared")

Matrix = NDArray[np.float32]
Mask = NDArray[np.bool_]
Index = slice | NDArray[np.int64]


def _dense(matrix: sp.spmatrix) -> Matrix:
    return np.asarray(matrix.toarray(), dtype=np.float32)


def _columns(matrix: sp.csr_matrix, scale: float = 1.0) -> Matrix:
    """A sparse people × names matrix as dense names × people, for sparse @ dense products."""
    return np.asarray(matrix.T.toarray(), dtype=np.float32) * np.float32(scale)


def _row_dots(
    left: Matrix, rows: NDArray[np.int64], right: Matrix, cols: NDArray[np.int64]
) -> Matrix:
    """left[rows[k]] · right[cols[k]] for each k, a chunk of pairs at a time."""
    dots = np.empty(len(rows), dtype=np.float32)
    step = 65_536
    for begin in range(0, len(rows), step):
        at = slice(begin, begin + step)
        dots[at] = np.einsum("ij,ij->i", left[rows[at]], right[cols[at]])
    return dots


def _scale_rows(matrix: sp.csr_matrix, factors: NDArray[np.floating]) -> sp.csr_matrix:
    """Each row of the matrix times its factor."""
    return sp.csr_matrix(sp.diags(factors.astype(np.float32)) @ matrix, dtype=np.float32)


@dataclass
class Block:
    rules: dict[str, Mask]  # rule name -> pairs it allows (only rules that can refuse)
    parts: dict[str, Matrix]  # score component -> value in [0, 1] (active ones, if asked)
    score: Matrix  # weighted score in [0, 1]

    @cached_property
    def eligible(self) -> Mask:
        allowed = np.ones(self.score.shape, dtype=np.bool_)
        for mask in self.rules.values():
            allowed &= mask
        return allowed

    def rule(self, name: str) -> Mask:
        return self.rules.get(name, np.ones(self.score.shape, dtype=np.bool_))

    def part(self, name: str) -> Matrix:
        return self.parts.get(name, np.zeros(self.score.shape, dtype=np.float32))


class MentorColumns:
    """The mentor side as dense columns, for all mentors or a chosen subset."""

    def __init__(
        self,
        side: Side,
        expert_level: int,
        cols: Index | None = None,
        full: MentorColumns | None = None,
        skill: int | None = None,
    ):
        self.skill = skill  # a skill every mentor here offers, when the view was made so
        if full is not None and cols is not None:
            self._take(full, side, cols)
            return
        self.index = np.arange(len(side), dtype=np.int64)
        self.n = len(side)
        self.linear = np.zeros((0, self.n), dtype=np.float32)  # set by the scorer
        self.level = side.level.astype(np.int32)[None, :]
        self.tz = side.tz_offset[None, :]
        self.department = side.department[None, :]
        self.capacity = side.capacity[None, :]
        self.screened = side.screened[None, :]
        self.text = side.text
        self.offers = _columns(side.offers, 1 / 5)
        self.offers_any = _columns(side.offers > 0)
        self.offers_expert = _columns(side.offers >= expert_level)
        self.seeks = _columns(side.seeks)
        self.languages = _columns(side.languages)
        self.interests = _columns(side.interests)
        self.answers = _columns(side.answers)
        self.availability = side.availability.T.tocsc()
        self.free = (_row_counts(side.availability) > 0)[None, :]
        self._counts()

    def _take(self, full: MentorColumns, side: Side, cols: Index) -> None:
        self.index = full.index[cols]
        self.n = len(self.index)
        for name in (
            "level",
            "tz",
            "department",
            "capacity",
            "screened",
            "offers",
            "offers_any",
            "offers_expert",
            "seeks",
            "languages",
            "interests",
            "answers",
            "free",
            "linear",
        ):
            setattr(self, name, getattr(full, name)[:, cols])
        self.text = full.text[cols]
        self.availability = full.availability[:, cols]
        self._counts()

    def _counts(self) -> None:
        self.speaks = self.languages.sum(axis=0)[None, :] > 0
        self.interest_norm = 1 / np.sqrt(np.maximum(self.interests.sum(axis=0), 1))[None, :]
        self.answer_norm = 1 / np.sqrt(np.maximum(self.answers.sum(axis=0), 1))[None, :]
        self.all_levels = bool((self.level >= 0).all())
        self.all_departments = bool((self.department >= 0).all())
        self.all_speak = bool(self.speaks.all())

    def column_of(self, n_mentors: int) -> NDArray[np.int64]:
        """Each mentor's column in this view (−1 when not in it)."""
        where = np.full(n_mentors, -1, dtype=np.int64)
        where[self.index] = np.arange(self.n, dtype=np.int64)
        return where


class PairScorer:
    """Checks the rules and scores the pairs of a block of mentees against mentors."""

    def __init__(self, problem: Problem, encoded: Encoded, conflicts: Conflicts):
        self.rules = problem.rules
        self.e = encoded
        self.barred = {
            "chain": conflicts.chain if self.rules.management_chain else None,
            "declared": (conflicts.declared + conflicts.same_person).tocsr(),
        }
        self.rankings = self._rankings(problem)
        self.weights = self._active_weights(problem)
        total = sum(self.weights.values())
        self.share = {name: weight / total for name, weight in self.weights.items()}
        self.all_mentors = MentorColumns(self.e.mentors, self.rules.reverse_min_proficiency)
        self.all_columns = self.all_mentors.column_of(len(self.e.mentors))
        self.linear, self.all_mentors.linear = self._bilinear()
        # The goals' share of the weight goes into the mentees' side of their product.
        self.goal_text = (
            self.e.mentees.text * np.float32(self.share["goals"]) if "goals" in self.share else None
        )
        self._free: Matrix | None = None

    def columns(self, cols: Index, skill: int | None = None) -> MentorColumns:
        """A view of some mentors; `skill` when every one of them offers that skill."""
        return MentorColumns(
            self.e.mentors,
            self.rules.reverse_min_proficiency,
            cols,
            full=self.all_mentors,
            skill=skill,
        )

    def _bilinear(self) -> tuple[sp.csr_matrix, Matrix]:
        """The parts of the score that are sums over names both sides list (skills,
        interests, questionnaire answers, departments), each times its share of the weight,
        as mentees × names and names × mentors: one sparse product then gives their
        weighted sum for a whole block, with no array per part."""
        e, full, share = self.e, self.all_mentors, self.share
        lefts: list[sp.csr_matrix] = []
        rights: list[Matrix] = []
        if "skills" in share:
            seekers = np.maximum(_row_counts(e.mentees.seeks), 1)
            lefts.append(_scale_rows(e.mentees.seeks, share["skills"] / seekers))
            rights.append(full.offers)
        for name, side, columns, norm in (
            ("interests", e.mentees.interests, full.interests, full.interest_norm),
            ("questionnaire", e.mentees.answers, full.answers, full.answer_norm),
        ):
            if name in share:
                counts = np.maximum(_row_counts(side), 1)
                lefts.append(_scale_rows(side, share[name] / np.sqrt(counts)))
                rights.append(columns * norm)
        if "diversity" in share:
            left, right = self._other_department(share["diversity"])
            lefts.append(left)
            rights.append(right)
        n, m = len(e.mentees), len(e.mentors)
        if not lefts:
            return sp.csr_matrix((n, 0), dtype=np.float32), np.zeros((0, m), dtype=np.float32)
        left = sp.hstack(lefts, format="csr", dtype=np.float32)
        return left, np.ascontiguousarray(np.vstack(rights), dtype=np.float32)

    def _other_department(self, share: float) -> tuple[sp.csr_matrix, Matrix]:
        """Diversity as names: a mentee's department × whether each mentor is in another
        one (people with no department given are never counted as different)."""
        mine, theirs = self.e.mentees.department, self.e.mentors.department
        width = int(max(mine.max(initial=-1), theirs.max(initial=-1))) + 1
        known = np.flatnonzero(mine >= 0)
        data = np.full(len(known), share, dtype=np.float32)
        left = sp.csr_matrix((data, (known, mine[known])), shape=(len(mine), width))
        other = (theirs[None, :] >= 0) & (theirs[None, :] != np.arange(width)[:, None])
        return left, other.astype(np.float32)

    def _rankings(self, problem: Problem) -> sp.csr_matrix | None:
        """Mentees' and mentors' own choices as a bonus in [0, 1] (first choice = 1)."""
        mentee_at = {p.id: i for i, p in enumerate(problem.mentees)}
        mentor_at = {p.id: j for j, p in enumerate(problem.mentors)}
        rows, cols, vals = [], [], []
        for i, p in enumerate(problem.mentees):
            for rank, other in enumerate(p.ranking):
                if other in mentor_at:
                    rows.append(i)
                    cols.append(mentor_at[other])
                    vals.append(1 - rank / len(p.ranking))
        for j, p in enumerate(problem.mentors):
            for rank, other in enumerate(p.ranking):
                if other in mentee_at:
                    rows.append(mentee_at[other])
                    cols.append(j)
                    vals.append(1 - rank / len(p.ranking))
        if not rows:
            return None
        shape = (len(problem.mentees), len(problem.mentors))
        # Each side's choice counts half, so a pair who chose each other first scores 1.
        return sp.csr_matrix((np.array(vals) / 2, (rows, cols)), shape=shape, dtype=np.float32)

    def _active_weights(self, problem: Problem) -> dict[str, float]:
        mentees, mentors = self.e.mentees, self.e.mentors
        present = {
            "goals": mentees.text.shape[1] > 0,
            "questionnaire": mentees.answers.nnz > 0 and mentors.answers.nnz > 0,
            "availability": mentees.availability.nnz > 0 and mentors.availability.nnz > 0,
            "rankings": self.rankings is not None,
            "interests": mentees.interests.nnz > 0 and mentors.interests.nnz > 0,
            "diversity": (mentees.department >= 0).any() and (mentors.department >= 0).any(),
        }
        weights = problem.weights.as_dict()
        active = {k: w for k, w in weights.items() if w > 0 and present.get(k, True)}
        return active or {"skills": 1.0}

    def block(self, start: int, stop: int) -> Block:
        return self.rows(slice(start, stop))

    def rows(self, rows: Index, cols: MentorColumns | None = None, parts: bool = True) -> Block:
        """Some mentees against all mentors, or against the mentors of the view `cols`;
        without the parts of the score when only the score and the rules are wanted."""
        mentors = cols or self.all_mentors
        seeks = take_rows(self.e.mentees.seeks, rows)
        n_seek = _row_counts(seeks)[:, None]
        need_minutes = "availability" in self.weights or self.rules.min_overlap_minutes
        minutes = self._overlap_minutes(rows, mentors) if need_minutes else None
        score = self._score(rows, mentors, minutes)
        found = self._parts(rows, mentors, seeks, n_seek, minutes, self.weights) if parts else {}
        return Block(allowed_pairs(self, rows, mentors, seeks, n_seek, minutes), found, score)

    def _score(self, rows: Index, mentors: MentorColumns, minutes: Matrix | None) -> Matrix:
        """The weighted mean of the active parts: a sparse product for the sums over shared
        names, a dense one for the goals, and a pass for each other part there is."""
        score = np.asarray(take_rows(self.linear, rows) @ mentors.linear, dtype=np.float32)
        if self.goal_text is not None:
            goals = self.goal_text[rows] @ mentors.text.T
            score += np.maximum(goals, 0, out=goals)
        share = self.share
        if "availability" in share and minutes is not None:
            most = np.float32(share["availability"])
            score += np.minimum(minutes * (most / FULL_OVERLAP_MINUTES), most)
        if "rankings" in share and self.rankings is not None:
            ranked = take_rows(self.rankings, rows)[:, mentors.index].tocoo()
            score[ranked.row, ranked.col] += ranked.data * np.float32(share["rankings"])
        return score

    def _parts(
        self,
        rows: Index,
        mentors: MentorColumns,
        seeks: sp.csr_matrix,
        n_seek: Matrix,
        minutes: Matrix | None,
        active: dict[str, float],
    ) -> dict[str, Matrix]:
        mentees = self.e.mentees
        skills = np.asarray(seeks @ mentors.offers, dtype=np.float32)
        skills *= 1 / np.maximum(n_seek, 1)
        parts: dict[str, Matrix] = {"skills": skills}
        if "goals" in active:
            goals = mentees.text[rows] @ mentors.text.T
            parts["goals"] = np.maximum(goals, 0, out=goals)
        if "interests" in active:
            parts["interests"] = self._overlap(
                take_rows(mentees.interests, rows), mentors.interests, mentors.interest_norm
            )
        if "questionnaire" in active:
            parts["questionnaire"] = self._overlap(
                take_rows(mentees.answers, rows), mentors.answers, mentors.answer_norm
            )
        if "availability" in active and minutes is not None:
            parts["availability"] = np.minimum(minutes * (1 / FULL_OVERLAP_MINUTES), 1)
        if "diversity" in active:
            mine = mentees.department[rows][:, None]
            theirs = mentors.department
            differ = mine != theirs
            if not (mentors.all_departments and (mine >= 0).all()):
                differ &= (mine >= 0) & (theirs >= 0)
            parts["diversity"] = differ.astype(np.float32)
        if "rankings" in active and self.rankings is not None:
            parts["rankings"] = _dense(take_rows(self.rankings, rows)[:, mentors.index])
        return parts

    def pair_parts(
        self, mentees: NDArray[np.int64], mentors: NDArray[np.int64]
    ) -> dict[str, Matrix]:
        """The active parts of the score of each pair (mentees[k], mentors[k]), the same
        values a block gives (up to rounding), without scoring whole blocks: for explaining
        the pairs chosen from long candidate lists."""
        e, full, active = self.e, self.all_mentors, self.weights
        n_seek = np.maximum(_row_counts(e.mentees.seeks)[mentees], 1)
        parts: dict[str, NDArray[np.floating]] = {
            "skills": pair_sums(e.mentees.seeks, mentees, full.offers, mentors) / n_seek
        }
        if "goals" in active:
            parts["goals"] = np.maximum(
                _row_dots(e.mentees.text, mentees, e.mentors.text, mentors), 0
            )
        for name, side, columns, norm in (
            ("interests", e.mentees.interests, full.interests, full.interest_norm),
            ("questionnaire", e.mentees.answers, full.answers, full.answer_norm),
        ):
            if name in active:
                counts = np.maximum(_row_counts(side)[mentees], 1)
                shared = pair_sums(side, mentees, columns, mentors)
                parts[name] = shared / np.sqrt(counts) * norm[0, mentors]
        if "availability" in active:
            free = self._free_slots()
            minutes = pair_sums(e.mentees.availability, mentees, free, mentors) * SLOT_MINUTES
            parts["availability"] = np.minimum(minutes * (1 / FULL_OVERLAP_MINUTES), 1)
        if "diversity" in active:
            mine, theirs = e.mentees.department[mentees], e.mentors.department[mentors]
            parts["diversity"] = ((mine != theirs) & (mine >= 0) & (theirs >= 0)).astype(np.float32)
        if "rankings" in active and self.rankings is not None:
            parts["rankings"] = pair_values(self.rankings, mentees, mentors)
        return {name: values.astype(np.float32) for name, values in parts.items()}

    def _free_slots(self) -> Matrix:
        """Slots × mentors, 1 where the mentor is free: dense, for looking up pairs."""
        if self._free is None:
            self._free = self.all_mentors.availability.astype(np.float32).toarray()
        return self._free

    @staticmethod
    def _overlap(left: sp.csr_matrix, right: Matrix, right_norm: Matrix) -> Matrix:
        """Shared items over the geometric mean of both counts (the Ochiai coefficient)."""
        shared = np.asarray(left @ right, dtype=np.float32)
        shared *= (1 / np.sqrt(np.maximum(_row_counts(left), 1)))[:, None]
        shared *= right_norm
        return shared

    def _overlap_minutes(self, rows: Index, mentors: MentorColumns) -> Matrix:
        slots = take_rows(self.e.mentees.availability, rows)
        if slots.nnz == 0 or mentors.availability.nnz == 0:
            return np.zeros((slots.shape[0], mentors.n), dtype=np.float32)
        return _dense(slots @ mentors.availability) * np.float32(SLOT_MINUTES)
