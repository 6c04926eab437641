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
    chain = _pairs(_chain_pairs(mentees, mentors, mentee_at, mentor_at, manager_of), shape)
    declared = _pairs(_declared_pairs(problem, mentee_at, mentor_at), shape)
    same = _pairs([(i, mentor_at[p.id]) for i, p in enumerate(mentees) if p.id in mentor_at], shape)
    return Conflicts(chain, declared, same)


def _chain_pairs(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    mentee_at: Mapping[str, int],
    mentor_at: Mapping[str, int],
    manager_of: Mapping[str, str | None],
) -> list[tuple[int, int]]:
    pairs = []
    for i, mentee in enumerate(mentees):
        pairs += [(i, mentor_at[a]) for a in chain_above(mentee.id, manager_of) if a in mentor_at]
    for j, mentor in enumerate(mentors):
        pairs += [(mentee_at[a], j) for a in chain_above(mentor.id, manager_of) if a in mentee_at]
    return pairs


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
    rows, cols = zip(*pairs, strict=True)
    data = np.ones(len(pairs), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    return matrix
