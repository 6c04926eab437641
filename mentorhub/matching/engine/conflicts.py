"""Pairs that may never be made: the management chain, declared conflicts, forbidden pairs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

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
) -> tuple[list[int], list[int]]:
    """(mentee, mentor) index pairs in one management chain, either way."""
    chains = _Chains(manager_of)
    rows: list[int] = []
    cols: list[int] = []
    for i, mentee in enumerate(mentees):
        above = [mentor_at[a] for a in chains.above(mentee.id) if a in mentor_at]
        rows += [i] * len(above)
        cols += above
    for j, mentor in enumerate(mentors):
        above = [mentee_at[a] for a in chains.above(mentor.id) if a in mentee_at]
        rows += above
        cols += [j] * len(above)
    return rows, cols


class _Chains:
    """Everyone's chain of managers, each computed once: colleagues share their managers'."""

    def __init__(self, manager_of: Mapping[str, str | None]):
        self.manager_of = manager_of
        self.known: dict[str, tuple[str, ...]] = {}

    def above(self, person: str) -> tuple[str, ...]:
        path: list[str] = []
        current: str | None = person
        while current is not None and current not in self.known and current not in path:
            path.append(current)
            current = self.manager_of.get(current)
        # `current` is the top (None), someone already known, or where a loop closes.
        if current is None or current in path:
            chain: tuple[str, ...] = ()
        else:
            chain = (current, *self.known[current])
        for member in reversed(path):
            self.known[member] = tuple(x for x in chain if x != member)[:MAX_DEPTH]
            chain = (member, *self.known[member])
        return self.known[person]


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
