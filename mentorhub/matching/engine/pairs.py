"""Mentees against mentors, a block at a time: the hard rules and the parts of the score.

A block is dense (some mentees × some mentors), so checking and scoring 10⁸ pairs is a
few thousand large numpy operations rather than 10⁸ Python steps. Parts of the score no
participant gave data for (no questionnaire, no rankings, …) are never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.conflicts import Conflicts
from mentorhub.matching.engine.encode import Encoded, Side
from mentorhub.matching.engine.problem import Problem, Seniority
from mentorhub.matching.engine.sparse import barred_mask, take_rows
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


def _row_counts(matrix: sp.csr_matrix) -> NDArray[np.float32]:
    return np.diff(matrix.indptr).astype(np.float32)


def _columns(matrix: sp.csr_matrix, scale: float = 1.0) -> Matrix:
    """A sparse people × names matrix as dense names × people, for sparse @ dense products."""
    return np.asarray(matrix.T.toarray(), dtype=np.float32) * np.float32(scale)


def cols_are_all(view: MentorColumns, scorer: PairScorer) -> bool:
    return view is scorer.all_mentors


@dataclass
class Block:
    rules: dict[str, Mask]  # rule name -> pairs it allows (only rules that can refuse)
    parts: dict[str, Matrix]  # score component -> value in [0, 1] (only active ones)
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
    ):
        if full is not None and cols is not None:
            self._take(full, side, cols)
            return
        self.index = np.arange(len(side), dtype=np.int64)
        self.n = len(side)
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
        self.all_mentors = MentorColumns(self.e.mentors, self.rules.reverse_min_proficiency)
        self.all_columns = self.all_mentors.column_of(len(self.e.mentors))

    def columns(self, cols: Index) -> MentorColumns:
        return MentorColumns(
            self.e.mentors, self.rules.reverse_min_proficiency, cols, full=self.all_mentors
        )

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

    def rows(self, rows: Index, cols: MentorColumns | None = None) -> Block:
        """Some mentees against all mentors, or against the mentors of the view `cols`."""
        mentors = cols or self.all_mentors
        seeks = take_rows(self.e.mentees.seeks, rows)
        n_seek = _row_counts(seeks)[:, None]
        offered = seeks @ mentors.offers_any
        need_minutes = "availability" in self.weights or self.rules.min_overlap_minutes
        minutes = self._overlap_minutes(rows, mentors) if need_minutes else None
        weights = self.weights
        parts = self._parts(rows, mentors, seeks, n_seek, minutes, weights)
        scale = np.float32(1 / sum(self.weights.values()))
        score = np.zeros(offered.shape, dtype=np.float32)
        buffer = np.empty(offered.shape, dtype=np.float32)
        for index, (name, weight) in enumerate(weights.items()):
            # In place: these arrays are large, and fresh temporaries cost page faults.
            target = score if index == 0 else buffer
            np.multiply(parts[name], np.float32(weight) * scale, out=target)
            if index:
                score += buffer
        rules = self._rules(rows, mentors, seeks, n_seek, offered, minutes)
        return Block(rules, parts, score)

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

    def _rules(
        self,
        rows: Index,
        mentors: MentorColumns,
        seeks: sp.csr_matrix,
        n_seek: Matrix,
        offered: Matrix,
        minutes: Matrix | None,
    ) -> dict[str, Mask]:
        rules, mentees = self.rules, self.e.mentees
        allowed: dict[str, Mask] = {}
        if rules.expertise:
            allowed["expertise"] = (n_seek == 0) | (offered > 0)
        if rules.shared_language:
            spoken = take_rows(mentees.languages, rows)
            shared = np.asarray(spoken @ mentors.languages) > 0
            silent = _row_counts(spoken) == 0
            if silent.any():
                shared |= silent[:, None]  # no languages given: the rule cannot apply
            if not mentors.all_speak:
                shared |= ~mentors.speaks
            allowed["language"] = shared
        if rules.seniority != Seniority.ANY:
            allowed["seniority"] = self._seniority(rows, mentors, seeks, n_seek, offered)
        if rules.max_timezone_gap_hours is not None or rules.min_overlap_minutes is not None:
            allowed["time"] = self._time(rows, mentors, minutes)
        if rules.screening:
            allowed["screening"] = np.broadcast_to(mentors.screened, offered.shape)
        if not (mentors.capacity > 0).all():
            allowed["capacity"] = np.broadcast_to(mentors.capacity > 0, offered.shape)
        column_of = (
            self.all_columns
            if cols_are_all(mentors, self)
            else mentors.column_of(len(self.e.mentors))
        )
        for name, barred in self.barred.items():
            mask = barred_mask(barred, rows, column_of, mentors.n) if barred is not None else None
            if mask is not None:
                allowed[name] = mask
        return allowed

    def _seniority(
        self,
        rows: Index,
        mentors: MentorColumns,
        seeks: sp.csr_matrix,
        n_seek: Matrix,
        offered: Matrix,
    ) -> Mask:
        mode, mentees = self.rules.seniority, self.e.mentees
        mine = mentees.level[rows][:, None].astype(np.int32)
        theirs = mentors.level
        known = (mine >= 0) & (theirs >= 0)
        if mode == Seniority.JUNIOR_EXPERT:
            expert = (seeks @ mentors.offers_expert) > 0
            return (~known | (theirs < mine)) & ((n_seek == 0) | expert)
        if mode == Seniority.PEER:
            close = ~known | (np.abs(theirs - mine) <= self.rules.peer_level_gap)
            gives = ((take_rows(mentees.offers, rows) > 0).astype(np.float32) @ mentors.seeks) > 0
            shared = (take_rows(mentees.interests, rows) @ mentors.interests) > 0
            return close & (((offered > 0) & gives) | shared)
        senior = theirs > mine
        if not (mentors.all_levels and (mine >= 0).all()):
            senior |= ~known  # a level not given cannot break the rule
        return senior

    def _time(self, rows: Index, mentors: MentorColumns, minutes: Matrix | None) -> Mask:
        rules, mentees = self.rules, self.e.mentees
        max_gap, min_overlap = rules.max_timezone_gap_hours, rules.min_overlap_minutes
        both_free = (_row_counts(take_rows(mentees.availability, rows))[:, None] > 0) & mentors.free
        if minutes is None:
            minutes = np.zeros(both_free.shape, dtype=np.float32)
        overlap_ok = both_free & (minutes >= (min_overlap or 0))
        if max_gap is None:
            return ~both_free | overlap_ok
        mine = mentees.tz_offset[rows][:, None]
        unknown = np.isnan(mine) | np.isnan(mentors.tz)
        gap = np.abs(mine - mentors.tz) % 24
        close = unknown | (np.minimum(gap, 24 - gap) <= max_gap)
        return close | overlap_ok if min_overlap is not None else close
