"""The optimal solver: most people matched first, then the highest total score.

A bipartite b-matching solved as min-cost flow (OR-Tools): source → mentee (capacity 1),
mentee → mentor (capacity 1, cost −score), mentor → sink (capacity = the mentor's capacity).
`solve_max_flow_with_min_cost` maximizes the flow (people matched) and, among maximum
flows, minimizes cost (maximizes total score): exactly the lexicographic objective, with no
big-M weights to tune.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import max_flow, min_cost_flow

# Scores are floats; the flow solver wants integers. A fixed scale keeps 6 significant
# decimals, so ties and rounding cannot change which assignment is optimal in practice.
SCALE = 1_000_000


class SolverError(RuntimeError):
    """The flow solver did not reach an optimum (it should not happen on valid input)."""


@dataclass(frozen=True)
class Edges:
    """Allowed pairs: mentee index, mentor index and score, one entry per pair."""

    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.mentee)


@dataclass(frozen=True)
class Assignment:
    """The chosen pairs as indices into `Edges`, and each mentee's mentor (−1: none)."""

    chosen: NDArray[np.int64]
    mentor_of: NDArray[np.int64]
    total_score: float

    @property
    def matched(self) -> int:
        return int((self.mentor_of >= 0).sum())


def integer_costs(scores: NDArray[np.float64], scale: int = SCALE) -> NDArray[np.int64]:
    return -np.rint(np.asarray(scores, dtype=np.float64) * scale).astype(np.int64)


def _network(
    n_mentees: int, capacities: NDArray[np.int64], edges: Edges
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int, int]:
    """Arcs source → mentee, mentee → mentor (the edges, in order), mentor → sink."""
    n_mentors = len(capacities)
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1
    tails = np.concatenate(
        [np.full(n_mentees, source), edges.mentee, n_mentees + np.arange(n_mentors)]
    ).astype(np.int64)
    heads = np.concatenate(
        [np.arange(n_mentees), n_mentees + edges.mentor, np.full(n_mentors, sink)]
    ).astype(np.int64)
    caps = np.concatenate([np.ones(n_mentees), np.ones(len(edges)), np.asarray(capacities)]).astype(
        np.int64
    )
    return tails, heads, caps, source, sink


def max_matching(n_mentees: int, capacities: NDArray[np.int64], edges: Edges) -> NDArray[np.int64]:
    """Each mentee's mentor (−1: none) in some assignment matching the most people.

    Max flow only (no scores): several times faster than the min-cost solve, for when only
    the number matched matters (the first step of proving it maximal over all pairs).
    """
    tails, heads, caps, source, sink = _network(n_mentees, capacities, edges)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    status = flow.solve(source, sink)
    if status != flow.OPTIMAL:
        raise SolverError(f"max flow ended with status {status}")
    used = flow.flows(np.arange(n_mentees, n_mentees + len(edges), dtype=np.int64)) > 0
    mentor_of = np.full(n_mentees, -1, dtype=np.int64)
    mentor_of[edges.mentee[used]] = edges.mentor[used]
    return mentor_of


def solve_flow(
    n_mentees: int, capacities: NDArray[np.int64], edges: Edges, scale: int = SCALE
) -> Assignment:
    """Maximum-cardinality, then maximum-score assignment over the given edges."""
    n_mentors = len(capacities)
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    mentees = np.arange(n_mentees, dtype=np.int64)
    mentors = np.arange(n_mentors, dtype=np.int64)
    tails = np.concatenate([np.full(n_mentees, source), edges.mentee, n_mentees + mentors]).astype(
        np.int64
    )
    heads = np.concatenate([mentees, n_mentees + edges.mentor, np.full(n_mentors, sink)])
    caps = np.concatenate([np.ones(n_mentees), np.ones(len(edges)), np.asarray(capacities)]).astype(
        np.int64
    )
    costs = np.concatenate(
        [np.zeros(n_mentees), integer_costs(edges.score, scale), np.zeros(n_mentors)]
    ).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads.astype(np.int64), caps, costs)
    # Supplies are upper bounds for solve_max_flow_with_min_cost: at most everyone matched.
    flow.set_nodes_supplies(np.array([source, sink]), np.array([n_mentees, -n_mentees]))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    edge_arcs = np.arange(n_mentees, n_mentees + len(edges), dtype=np.int64)
    used = flow.flows(edge_arcs) > 0
    chosen = np.flatnonzero(used).astype(np.int64)
    mentor_of = np.full(n_mentees, -1, dtype=np.int64)
    mentor_of[edges.mentee[chosen]] = edges.mentor[chosen]
    return Assignment(chosen, mentor_of, float(edges.score[chosen].sum()))
