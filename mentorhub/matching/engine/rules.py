"""The hard rules of a pair, as masks over a block of mentees × mentors (True: allowed).

Each rule gives its own mask, so an unmatched person can be told which rule kept them
apart from the mentors who would otherwise fit (RULES in pairs.py orders them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.problem import Seniority
from mentorhub.matching.engine.sparse import barred_mask, row_counts, take_rows

if TYPE_CHECKING:
    from mentorhub.matching.engine.pairs import MentorColumns, PairScorer

Matrix = NDArray[np.float32]
Mask = NDArray[np.bool_]
Index = slice | NDArray[np.int64]


def _all_seek(seeks: sp.csr_matrix, skill: int | None) -> bool:
    """Whether every row seeks the skill (each lists a skill once)."""
    return skill is not None and np.count_nonzero(seeks.indices == skill) == seeks.shape[0]


def allowed_pairs(
    scorer: PairScorer,
    rows: Index,
    mentors: MentorColumns,
    seeks: sp.csr_matrix,
    n_seek: Matrix,
    minutes: Matrix | None,
) -> dict[str, Mask]:
    rules, mentees = scorer.rules, scorer.e.mentees
    shape = (seeks.shape[0], mentors.n)
    allowed: dict[str, Mask] = {}
    if rules.expertise and not _all_seek(seeks, mentors.skill):
        allowed["expertise"] = (n_seek == 0) | (seeks @ mentors.offers_any > 0)
    if rules.shared_language:
        spoken = take_rows(mentees.languages, rows)
        shared = np.asarray(spoken @ mentors.languages) > 0
        silent = row_counts(spoken) == 0
        if silent.any():
            shared |= silent[:, None]  # no languages given: the rule cannot apply
        if not mentors.all_speak:
            shared |= ~mentors.speaks
        allowed["language"] = shared
    if rules.seniority != Seniority.ANY:
        allowed["seniority"] = _seniority(scorer, rows, mentors, seeks, n_seek)
    if rules.max_timezone_gap_hours is not None or rules.min_overlap_minutes is not None:
        allowed["time"] = _time(scorer, rows, mentors, minutes)
    if rules.screening:
        allowed["screening"] = np.broadcast_to(mentors.screened, shape)
    if not (mentors.capacity > 0).all():
        allowed["capacity"] = np.broadcast_to(mentors.capacity > 0, shape)
    column_of = (
        scorer.all_columns
        if mentors is scorer.all_mentors
        else mentors.column_of(len(scorer.e.mentors))
    )
    for name, barred in scorer.barred.items():
        mask = barred_mask(barred, rows, column_of, mentors.n) if barred is not None else None
        if mask is not None:
            allowed[name] = mask
    return allowed


def _seniority(
    scorer: PairScorer,
    rows: Index,
    mentors: MentorColumns,
    seeks: sp.csr_matrix,
    n_seek: Matrix,
) -> Mask:
    mode, mentees = scorer.rules.seniority, scorer.e.mentees
    mine = mentees.level[rows][:, None].astype(np.int32)
    theirs = mentors.level
    known = (mine >= 0) & (theirs >= 0)
    if mode == Seniority.JUNIOR_EXPERT:
        expert = (seeks @ mentors.offers_expert) > 0
        return (~known | (theirs < mine)) & ((n_seek == 0) | expert)
    if mode == Seniority.PEER:
        close = ~known | (np.abs(theirs - mine) <= scorer.rules.peer_level_gap)
        offered = seeks @ mentors.offers_any
        gives = ((take_rows(mentees.offers, rows) > 0).astype(np.float32) @ mentors.seeks) > 0
        shared = (take_rows(mentees.interests, rows) @ mentors.interests) > 0
        return close & (((offered > 0) & gives) | shared)
    senior = theirs > mine
    if not (mentors.all_levels and (mine >= 0).all()):
        senior |= ~known  # a level not given cannot break the rule
    return senior


def _time(scorer: PairScorer, rows: Index, mentors: MentorColumns, minutes: Matrix | None) -> Mask:
    rules, mentees = scorer.rules, scorer.e.mentees
    max_gap, min_overlap = rules.max_timezone_gap_hours, rules.min_overlap_minutes
    both_free = (row_counts(take_rows(mentees.availability, rows))[:, None] > 0) & mentors.free
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
