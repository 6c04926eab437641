"""Pairs that may never be made: the management chain, declared conflicts, forbidden pairs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorhub.matching.engine.problem import Participant, Problem

MAX_DEPTH = 100


def chain_above(person_id: str, manager_of: Mapping[str, str | None]) -> list[str]:
    chain: list[str] = []
    current = manager_of.get(person_id)
    while current is not None and current not in chain and len(chain) < MAX_DEPTH:
        if current == person_id:
            break
        chain.append(current)
        current = manager_of.get(current)
    return chain


@dataclass
class Conflicts:
    """Sparse mentee × mentor matrices, 1 where a pair is barred, one per kind of reason."""

    chain: sp.csr_matrix
    declared: sp.csr_matrix  # exclusions either side declared, and pairs a manager forbade
    same_person: sp.csr_matrix  # peers: nobody is paired with themselves

    def any(self) -> sp.csr_matrix:
        return ((self.chain + self.declared + self.same_person) > 0).astype(np.bool_).tocsr()


def find_conflicts(problem: Problem) -> Conflicts:
    mentees, mentors = problem.mentees, problem.mentors
    mentee_at = {p.id: i for i, p in enumerate(mentees)}
    mentor_at = {p.id: j for j, p in enumerate(mentors)}
    manager_of = dict(problem.org_chart) if problem.org_chart is not None else {}
    for person in (*mentees, *mentors):
        manager_of.setdefault(person.id, person.manager_id)
    shape = (len(mentees), len(mentors))
    chain = _matrix(*_chain_pairs(mentees, mentors, mentee_at, mentor_at, manager_of), shape)
    declared = _pairs(_declared_pairs(problem, mentee_at, mentor_at), shape)
    same = _pairs([(i, mentor_at[p.id]) for i, p in enumerate(mentees) if p.id in mentor_at], shape)
    return Conflicts(chain, declared, same)


def _chain_pairs(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    mentee_at: Mapping[str, int],
    mentor_at: Mapping[str, int],
    manager_of: Mapping[str, str | None],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(mentee, mentor) index pairs in one management chain, either way."""
    chains = _Chains(manager_of)
    rows, cols = _above(mentees, mentor_at, chains)
    other_cols, other_rows = _above(mentors, mentee_at, chains)
    return np.concatenate([rows, other_rows]), np.concatenate([cols, other_cols])


def _above(
    people: Sequence[Participant], index_of: Mapping[str, int], chains: _Chains
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(person, other) index pairs where the other is above the person in their chain.

    Colleagues share their manager's chain (the very same tuple), so each chain is looked
    up in `index_of` once.
    """
    indices_in: dict[tuple[str, ...], list[int]] = {}
    counts: list[int] = []
    others: list[int] = []
    for person in people:
        above = chains.above(person.id)
        found = indices_in.get(above)
        if found is None:
            found = indices_in[above] = [index_of[a] for a in above if a in index_of]
        counts.append(len(found))
        others += found
    rows = np.repeat(np.arange(len(people), dtype=np.int64), counts)
    return rows, np.array(others, dtype=np.int64)


class _Chains:
    """Everyone's chain of managers, each computed once: colleagues share their managers'."""

    def __init__(self, manager_of: Mapping[str, str | None]):
        self.manager_of = manager_of
        self.known: dict[str, tuple[str, ...]] = {}
        self.from_: dict[str, tuple[str, ...]] = {}  # a person, then their chain

    def above(self, person: str) -> tuple[str, ...]:
        known = self.known.get(person)
        if known is not None:
            return known
        path: list[str] = []
        current: str | None = person
        while current is not None and current not in self.known and current not in path:
            path.append(current)
            current = self.manager_of.get(current)
        # `current` is the top (None), someone already known, or where a loop closes.
        chain = () if current is None or current in path else self._from(current)
        for member in reversed(path):
            if member in chain:  # a loop: nobody is above themselves
                chain = tuple(x for x in chain if x != member)
            self.known[member] = chain[:MAX_DEPTH]
            chain = self._from(member)
        return self.known[person]

    def _from(self, member: str) -> tuple[str, ...]:
        chain = self.from_.get(member)
        if chain is None:
            chain = self.from_[member] = (member, *self.known[member])
        return chain


def _declared_pairs(
    problem: Problem, mentee_at: Mapping[str, int], mentor_at: Mapping[str, int]
) -> list[tuple[int, int]]:
    pairs = []
    if problem.rules.exclusions:
        for i, mentee in enumerate(problem.mentees):
            pairs += [(i, mentor_at[x]) for x in mentee.exclude if x in mentor_at]
        for j, mentor in enumerate(problem.mentors):
            pairs += [(mentee_at[x], j) for x in mentor.exclude if x in mentee_at]
    pairs += [
        (mentee_at[a], mentor_at[b])
        for a, b in problem.forbidden
        if a in mentee_at and b in mentor_at
    ]
    return pairs


def _pairs(pairs: list[tuple[int, int]], shape: tuple[int, int]) -> sp.csr_matrix:
    if not pairs:
        return sp.csr_matrix(shape, dtype=np.float32)
    at = np.asarray(pairs, dtype=np.int64)
    return _matrix(at[:, 0], at[:, 1], shape)


def _matrix(
    rows: Sequence[int] | np.ndarray, cols: Sequence[int] | np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    if len(rows) == 0:
        return sp.csr_matrix(shape, dtype=np.float32)
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix(
        (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))), shape=shape
    )
    matrix.sum_duplicates()
    return matrix
