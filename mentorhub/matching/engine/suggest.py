"""Suggestions for one person right now: their best eligible mentors, with reasons."""

from __future__ import annotations

import numpy as np

from mentorhub.matching.engine.explain import pair_reasons
from mentorhub.matching.engine.optimal import Prepared
from mentorhub.matching.engine.result import Pair


def suggest(
    prepared: Prepared, mentee_id: str, k: int = 10, *, room_only: bool = True
) -> list[Pair]:
    """The k best mentors for one mentee (only those with room, unless told otherwise).

    One row against every mentor: a few milliseconds at ten thousand mentors, so it can
    answer a person browsing, or a situational or crisis request, while they wait.
    """
    try:
        row = prepared.mentee_at[mentee_id]
    except KeyError:
        raise KeyError(f"no mentee {mentee_id!r} in this program") from None
    block = prepared.scorer.rows(np.array([row], dtype=np.int64))
    allowed = block.eligible[0]
    if room_only:
        allowed &= prepared.encoded.mentors.capacity > 0
    columns = np.flatnonzero(allowed)
    ranked = columns[np.argsort(-block.score[0, columns], kind="stable")][:k]
    mentee = prepared.problem.mentees[row]
    pairs = []
    for j in ranked:
        mentor = prepared.problem.mentors[j]
        parts = {name: float(values[0, j]) for name, values in block.parts.items()}
        reasons = pair_reasons(mentee, mentor, parts, prepared.scorer.weights, prepared.encoded)
        pairs.append(Pair(mentee.id, mentor.id, float(block.score[0, j]), reasons, parts))
    return pairs
