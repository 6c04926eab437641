"""Ranking scored pairs: each group's best entries, by sorting packed 64-bit keys.

Candidate lists are merged from millions of (mentee, score, mentor) entries; a lexsort of
that many takes seconds, one sort of integer keys that pack all three takes a fraction.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def _places(groups: NDArray[np.int64]) -> NDArray[np.int64]:
    """For a sorted array of group ids: each element's place within its group (0, 1, …)."""
    first = np.ones(len(groups), dtype=np.bool_)
    first[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(first)
    sizes = np.diff(starts, append=len(groups))
    return np.arange(len(groups)) - np.repeat(starts, sizes)


Ranked = tuple[NDArray[np.int64], NDArray[np.float32], NDArray[np.int64]]


def best_per_group(
    group: NDArray[np.int64],
    score: NDArray[np.float32],
    other: NDArray[np.int64],
    k: int,
    repeats: bool = True,
) -> Ranked:
    """Each group's k entries of highest score, as (group, score, other) sorted by group,
    then score from the highest, then `other` from the lowest (so of equal scores the lower
    `other` stays). Groups and others are integers ≥ 0.

    With `repeats`, a (group, other) given twice counts once, with its higher score: the
    same pair scored in two blocks can differ in the last bit.
    """
    other_bits = int(other.max(initial=0)).bit_length()
    if int(group.max(initial=0)).bit_length() + 32 + other_bits > 64:
        group, score, other = _ranked_by_lexsort(group, score, other)
    else:
        # Sorts of 64-bit keys packing all three: a lexsort of millions takes seconds.
        if repeats:
            group, score, other = _best_copies(group, score, other, other_bits)
        group, score, other = _ranked_by_keys(group, score, other, other_bits)
    keep = _places(group) < k
    return group[keep], score[keep], other[keep]


def _ranked_by_lexsort(
    group: NDArray[np.int64], score: NDArray[np.float32], other: NDArray[np.int64]
) -> Ranked:
    """The best copy of each (group, other), in the order of `best_per_group`."""
    order = np.lexsort((-score, other, group))
    group, score, other = group[order], score[order], other[order]
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = (group[1:] != group[:-1]) | (other[1:] != other[:-1])
    group, score, other = group[first], score[first], other[first]
    order = np.lexsort((other, -score, group))
    return group[order], score[order], other[order]


def _best_copies(
    group: NDArray[np.int64], score: NDArray[np.float32], other: NDArray[np.int64], other_bits: int
) -> Ranked:
    """Each (group, other) once, with its highest score: keys (group, other, score)."""
    key = _packed(group, 32 + other_bits)
    key |= _packed(other, 32)
    key |= _descending(score)
    key.sort()
    pair = key >> np.uint64(32)
    first = np.ones(len(key), dtype=np.bool_)
    first[1:] = pair[1:] != pair[:-1]
    key = key[first]
    other_mask = np.uint64((1 << other_bits) - 1)
    return (
        (key >> np.uint64(32 + other_bits)).view(np.int64),
        _from_descending(key.astype(np.uint32)),  # the low 32 bits
        ((key >> np.uint64(32)) & other_mask).view(np.int64),
    )


def _ranked_by_keys(
    group: NDArray[np.int64], score: NDArray[np.float32], other: NDArray[np.int64], other_bits: int
) -> Ranked:
    """The entries sorted by group, score from the highest, then other: keys in that order."""
    key = _packed(group, 32 + other_bits)
    key |= _packed(_descending(score), other_bits)
    key |= other.astype(np.uint64)
    key.sort()
    other_mask = np.uint64((1 << other_bits) - 1)
    return (
        (key >> np.uint64(32 + other_bits)).view(np.int64),
        _from_descending((key >> np.uint64(other_bits)).astype(np.uint32)),
        (key & other_mask).view(np.int64),
    )


def _packed(values: NDArray[Any], shift: int) -> NDArray[np.uint64]:
    """Values as 64-bit keys, moved up by `shift` bits (in place: arrays of millions)."""
    key = values.astype(np.uint64)
    key <<= np.uint64(shift)
    return key


def _descending(score: NDArray[np.float32]) -> NDArray[np.uint32]:
    """Unsigned integers in the opposite order of the scores (equal scores, equal keys)."""
    # Adding 0 turns −0.0 into 0.0. A float's bits order as an integer once the sign bit is
    # set on positives and every bit flipped on negatives; inverting that sorts high first:
    # negatives keep their bits, positives flip all but the sign bit.
    bits = (score.astype(np.float32) + np.float32(0)).view(np.uint32)
    positive = bits < np.uint32(0x80000000)
    np.invert(bits, out=bits, where=positive)
    np.bitwise_and(bits, np.uint32(0x7FFFFFFF), out=bits, where=positive)
    return bits


def _from_descending(keys: NDArray[np.uint32]) -> NDArray[np.float32]:
    """The scores back from `_descending`, exactly."""
    bits = keys.copy()
    positive = bits < np.uint32(0x80000000)
    np.invert(bits, out=bits, where=positive)
    np.bitwise_and(bits, np.uint32(0x7FFFFFFF), out=bits, where=positive)
    return bits.view(np.float32)
