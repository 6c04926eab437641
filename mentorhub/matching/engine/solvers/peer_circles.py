"""Peer circles: small groups of equals in which every member gives and receives.

A heuristic, with no optimality claim. Who may pair with whom: see peer_graph.py.
- The free person with the fewest free partners seeds a circle. It grows by the free
  person who can exchange with at least one member (the peer rule) and may sit with every
  member (all hard rules except that exchange), the highest summed score to the members
  first. Each member joined through an exchange with someone already in, so everyone
  gives and receives.
- A circle grows up to the largest size, or smaller where a full one would leave a few
  people no circle could take (13 peers in circles of 3 to 4: 4, 3, 3, 3 rather than
  4, 4, 4 and one left over). One that cannot reach the smallest size is not formed, and
  its seed seeds no other circle; its people may still join others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from mentorhub.matching.engine.optimal import Prepared
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.solvers.peer_graph import (
    PeerGraph,
    Progress,
    counterparts,
    exchange_reasons,
    solve_in_chunks,
    why_left_out,
)

LINK_WEIGHT = 0.5  # a candidate's bonus for each member they can exchange with


@dataclass(frozen=True)
class PeerCircleSizes:
    """How many people a peer circle holds; a pair is not a circle (use peer pairs)."""

    min_size: int = 3
    max_size: int = 5

    def __post_init__(self) -> None:
        if self.min_size < 3:
            raise ValueError(
                f"a peer circle needs at least 3 people, not {self.min_size}; "
                "for two, use peer pairs"
            )
        if self.max_size < self.min_size:
            raise ValueError(
                f"the largest peer circle ({self.max_size}) is smaller than the smallest "
                f"({self.min_size})"
            )

    def target(self, free: int) -> int:
        """The largest size that leaves a number of people circles can still take in full."""
        for size in range(self.max_size, self.min_size - 1, -1):
            rest = free - size
            fewest_circles = -(-rest // self.max_size)
            if rest == 0 or (rest >= self.min_size and fewest_circles * self.min_size <= rest):
                return size
        return self.max_size

    def __str__(self) -> str:
        if self.min_size == self.max_size:
            return str(self.min_size)
        return f"{self.min_size} to {self.max_size}"


def match_peer_circles(
    prepared: Prepared,
    progress: Progress | None = None,
    *,
    min_size: int | None = None,
    max_size: int | None = None,
) -> MatchResult:
    """Circles of `min_size` to `max_size` peers (default 3 to 5); those left out, why."""
    sizes = _sizes(min_size, max_size)
    counterpart = counterparts(prepared)
    result = MatchResult([], {}, "peer-circles")
    people = np.arange(len(counterpart), dtype=np.int64)
    chunks = solve_in_chunks(
        prepared,
        counterpart,
        people,
        progress,
        lambda graph: _match_circles(graph, sizes, result),
        circles=True,
    )
    result.stats.update(
        chunks=float(len(chunks)),
        circles=result.stats.get("circles", 0.0),
        min_size=float(sizes.min_size),
        max_size=float(sizes.max_size),
    )
    return result


def _sizes(min_size: int | None, max_size: int | None) -> PeerCircleSizes:
    """The sizes asked for; one left out takes its default (a larger minimum raises the
    default maximum with it)."""
    default = PeerCircleSizes()
    min_size = default.min_size if min_size is None else min_size
    max_size = max(default.max_size, min_size) if max_size is None else max_size
    return PeerCircleSizes(min_size, max_size)


def _match_circles(graph: PeerGraph, sizes: PeerCircleSizes, result: MatchResult) -> None:
    circles = _form_circles(graph, sizes)
    for circle in circles:
        number = int(result.stats.get("circles", 0)) + 1
        result.stats["circles"] = float(number)
        result.pairs += _circle_pairs(graph, circle, f"peer-circle-{number}")
    placed = {x for circle in circles for x in circle}
    left = np.array([x for x in range(len(graph.people)) if x not in placed], dtype=np.int64)
    result.unmatched.update(why_left_out(graph, left, lambda k: _left_over(k, sizes)))


def _form_circles(graph: PeerGraph, sizes: PeerCircleSizes) -> list[list[int]]:
    eligible = graph.eligible
    free = np.ones(len(graph.people), dtype=np.bool_)
    partners = eligible.sum(axis=1).astype(np.int64)  # free partners of each person
    may_seed = partners > 0
    circles = []
    while (free & may_seed).any():
        seeds = np.flatnonzero(free & may_seed)
        seed = int(seeds[np.argmin(partners[seeds])])  # the hardest to place goes first
        # Those who failed as seeds are not counted: they rarely find a circle later.
        members = _grow(graph, seed, free, sizes.target(len(seeds)))
        if len(members) < sizes.min_size:
            may_seed[seed] = False
            continue
        circles.append(members)
        free[members] = False
        partners -= eligible[:, members].sum(axis=1)
    return circles


def _grow(graph: PeerGraph, seed: int, free: NDArray[np.bool_], size: int) -> list[int]:
    members = [seed]
    open_seat = free & graph.compatible[seed]
    links = graph.eligible[seed].astype(np.int64)
    affinity = graph.weight[seed].astype(np.float64)
    while len(members) < size:
        candidates = np.flatnonzero(open_seat & (links > 0))
        if not len(candidates):
            break
        best = int(candidates[np.argmax(affinity[candidates] + LINK_WEIGHT * links[candidates])])
        members.append(best)
        open_seat &= graph.compatible[best]
        links += graph.eligible[best]
        affinity += graph.weight[best]
    return members


def _circle_pairs(graph: PeerGraph, circle: list[int], circle_id: str) -> list[Pair]:
    """One row per member: their closest exchange partner in the circle, and the reasons."""
    people, rows = graph.prepared.problem.mentees, graph.people
    couples, rows_out = [], []
    for me in circle:
        others = [x for x in circle if x != me]
        partner = max(
            (x for x in others if graph.eligible[me, x]), key=lambda x: float(graph.weight[me, x])
        )
        couples.append((me, partner))
        reasons = (
            f"peer circle of {len(circle)}",
            *exchange_reasons(people[rows[me]], [people[rows[x]] for x in others]),
        )
        rows_out.append((float(np.mean(graph.weight[me, others])), reasons))
    return [
        replace(pair, score=score, reasons=reasons, circle=circle_id)
        for pair, (score, reasons) in zip(graph.pairs(couples), rows_out, strict=True)
    ]


def _left_over(count: int, sizes: PeerCircleSizes) -> str:
    smallest = str(sizes) if sizes.min_size == sizes.max_size else f"at least {sizes.min_size}"
    return (
        f"left over when circles of {sizes} were formed: no free group of {smallest} could be "
        f"made with them from the {count} peer{'s' * (count != 1)} they could exchange with"
    )
