"""Peer circles: small groups of equals in which every member gives and receives.

Who may pair with whom: see peer_graph.py. Any two members of a circle may sit together
(every hard rule but the exchange, both ways); each member joined through an exchange with
someone already in, so everyone gives and receives.

1. Greedy, with no optimality claim of its own:
   - The free person with the fewest free partners seeds a circle. It grows by the free
     person who can exchange with at least one member and may sit with every member, the
     highest summed score to the members first.
   - A circle grows up to the largest size, or smaller where a full one would leave a few
     people no circle could take (13 peers in circles of 3 to 4: 4, 3, 3, 3 rather than
     4, 4, 4 and one left over). One that cannot reach the smallest size is not formed, and
     its seed seeds no other circle; its people may still join others.
2. Exact in small groups (peer_circles_exact.py): in each connected group of the exchange
   graph small enough to list every possible circle, an integer program finds the proven
   best circles: the most people placed, then the highest total of member scores. They
   replace the greedy circles of that group when strictly better. `stats["exact"]` is 1
   when every group was settled this way (one chunk): the whole result is then optimal.
   Larger groups keep the greedy circles.

Two people a manager locked together start a circle of their own (when they may sit
together) and sit in it whatever the exchange between them; a group holding a lock keeps
its greedy circles, so such a result is never marked proven.

Each circle's fit (0..1) is the mean score of the pairs in it; each member's row score is
the mean of their links to the others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import connected_components

from mentorhub.matching.engine.optimal import Prepared
from mentorhub.matching.engine.problem import Participant
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.solvers.peer_circles_exact import (
    best_packing,
    circle_fit,
    packing_of,
)
from mentorhub.matching.engine.solvers.peer_graph import (
    PeerGraph,
    Progress,
    counterparts,
    exchange_reasons,
    solve_in_chunks,
    why_left_out,
)

LINK_WEIGHT = 0.5  # a candidate's bonus for each member they can exchange with
SMALLEST_PEER_CIRCLE = 3  # two peers are a pair (the peers method), not a circle


@dataclass(frozen=True)
class PeerCircleSizes:
    """How many people a peer circle holds; a pair is not a circle (use peer pairs)."""

    min_size: int = SMALLEST_PEER_CIRCLE
    max_size: int = 5

    def __post_init__(self) -> None:
        if self.min_size < SMALLEST_PEER_CIRCLE:
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
    exact = solve_in_chunks(
        prepared,
        counterpart,
        people,
        progress,
        lambda graph: _match_circles(graph, sizes, result),
        circles=True,
    )
    circles = result.stats.get("circles", 0.0)
    result.stats.update(
        chunks=float(len(exact)),
        circles=circles,
        exact=float(all(exact) and len(exact) <= 1),
        mean_circle_fit=result.stats.get("fit_total", 0.0) / circles if circles else 0.0,
        min_size=float(sizes.min_size),
        max_size=float(sizes.max_size),
    )
    result.stats.pop("fit_total", None)
    return result


def _sizes(min_size: int | None, max_size: int | None) -> PeerCircleSizes:
    """The sizes asked for; one left out takes its default (a larger minimum raises the
    default maximum with it)."""
    default = PeerCircleSizes()
    min_size = default.min_size if min_size is None else min_size
    max_size = max(default.max_size, min_size) if max_size is None else max_size
    return PeerCircleSizes(min_size, max_size)


def _match_circles(graph: PeerGraph, sizes: PeerCircleSizes, result: MatchResult) -> bool:
    """Form the chunk's circles; True when they are a proven optimum."""
    locked = _locked(graph)
    greedy = _form_circles(graph, sizes, locked)
    circles, exact = _settle_exactly(graph, sizes, greedy, locked)
    for circle in sorted(circles):
        number = int(result.stats.get("circles", 0)) + 1
        result.stats["circles"] = float(number)
        fit = circle_fit(graph.weight, circle)
        result.stats["fit_total"] = result.stats.get("fit_total", 0.0) + fit
        result.pairs += _circle_pairs(graph, circle, f"peer-circle-{number}", fit, locked)
    placed = {x for circle in circles for x in circle}
    left = np.array([x for x in range(len(graph.people)) if x not in placed], dtype=np.int64)
    result.unmatched.update(why_left_out(graph, left, lambda k: _left_over(k, sizes)))
    return exact


def _settle_exactly(
    graph: PeerGraph,
    sizes: PeerCircleSizes,
    greedy: list[list[int]],
    locked: list[tuple[int, int]],
) -> tuple[list[list[int]], bool]:
    """Each connected group's greedy circles, or its proven best ones where it is small
    enough and they are strictly better; True when every group was proven. A group with
    a locked pair keeps its greedy circles (built around the lock), unproven."""
    links = sp.csr_matrix(graph.eligible)
    if locked:
        a, b = (np.array(side, dtype=np.int64) for side in zip(*locked, strict=True))
        links = links + sp.csr_matrix((np.ones(len(a)), (a, b)), shape=links.shape)
    _, group_of = connected_components(links, directed=False)
    held = {int(group_of[a]) for a, _ in locked}
    greedy_in: dict[int, list[list[int]]] = {}
    for circle in greedy:  # each grew along exchanges (or a lock), so it lies in one group
        greedy_in.setdefault(int(group_of[circle[0]]), []).append(circle)
    circles, proven = [], True
    for label in np.unique(group_of):
        group = np.flatnonzero(group_of == label)
        mine = greedy_in.get(int(label), [])
        if len(group) < sizes.min_size:
            continue  # too few for any circle: nothing to prove
        if int(label) in held:
            circles += mine
            proven = False
            continue
        best = best_packing(
            graph.eligible, graph.compatible, graph.weight, group, (sizes.min_size, sizes.max_size)
        )
        if best is None:
            proven = False
        kept = packing_of(graph.weight, mine)
        if best is not None and (best.placed, best.total) > (kept.placed, kept.total + 1e-9):
            mine = best.circles
        circles += mine
    return circles, proven


def _form_circles(
    graph: PeerGraph, sizes: PeerCircleSizes, locked: list[tuple[int, int]]
) -> list[list[int]]:
    eligible = graph.eligible
    free = np.ones(len(graph.people), dtype=np.bool_)
    circles = []
    # Two people a manager locked together start a circle (if they may sit together).
    for a, b in locked:
        if free[a] and free[b] and graph.compatible[a, b]:
            members = _grow(graph, [a, b], free, sizes.target(int(free.sum())))
            if len(members) >= sizes.min_size:
                circles.append(members)
                free[members] = False
    partners = (eligible & free[None, :]).sum(axis=1).astype(np.int64)  # free partners
    may_seed = partners > 0
    while (free & may_seed).any():
        seeds = np.flatnonzero(free & may_seed)
        seed = int(seeds[np.argmin(partners[seeds])])  # the hardest to place goes first
        # Those who failed as seeds are not counted: they rarely find a circle later.
        members = _grow(graph, [seed], free, sizes.target(len(seeds)))
        if len(members) < sizes.min_size:
            may_seed[seed] = False
            continue
        circles.append(members)
        free[members] = False
        partners -= eligible[:, members].sum(axis=1)
    return circles


def _grow(graph: PeerGraph, start: list[int], free: NDArray[np.bool_], size: int) -> list[int]:
    members = list(start)
    open_seat = free & np.logical_and.reduce(graph.compatible[members], axis=0)
    open_seat[members] = False
    links = graph.eligible[members].sum(axis=0).astype(np.int64)
    affinity = graph.weight[members].sum(axis=0).astype(np.float64)
    while len(members) < size:
        candidates = np.flatnonzero(open_seat & (links > 0))
        if not len(candidates):
            break
        best = int(candidates[np.argmax(affinity[candidates] + LINK_WEIGHT * links[candidates])])
        members.append(best)
        open_seat &= graph.compatible[best]
        open_seat[best] = False
        links += graph.eligible[best]
        affinity += graph.weight[best]
    return members


def _locked(graph: PeerGraph) -> list[tuple[int, int]]:
    """The pairs a manager locked, as positions in the chunk: they sit in one circle."""
    position = {int(row): x for x, row in enumerate(graph.people)}
    at = graph.prepared.mentee_at
    return [
        (position[at[a]], position[at[b]])
        for a, b in sorted(graph.prepared.problem.locked)
        if a != b and at.get(a) in position and at.get(b) in position
    ]


def _circle_pairs(
    graph: PeerGraph,
    circle: list[int],
    circle_id: str,
    fit: float,
    locked: list[tuple[int, int]],
) -> list[Pair]:
    """One row per member: their closest exchange partner in the circle (or whoever a
    manager locked them with), the circle's fit, and the reasons (what they give, receive
    and share, and with whom)."""
    people, rows = graph.prepared.problem.mentees, graph.people
    held = {a: b for pair in locked for a, b in (pair, pair[::-1]) if {a, b} <= set(circle)}
    couples, rows_out = [], []
    for me in circle:
        others = [x for x in circle if x != me]
        exchanging = [x for x in others if graph.eligible[me, x]] or others
        partner = held.get(me, max(exchanging, key=lambda x: float(graph.weight[me, x])))
        couples.append((me, partner))
        fixed = (
            [f"kept with {_name(people[rows[partner]])} by the program manager"]
            if me in held
            else []
        )
        reasons = (
            f"peer circle of {len(circle)} (fit {round(100 * fit)}/100 across its "
            f"{len(circle) * (len(circle) - 1) // 2} pairs)",
            *fixed,
            *exchange_reasons(people[rows[me]], [people[rows[x]] for x in others]),
        )
        rows_out.append((float(np.mean(graph.weight[me, others])), reasons, me in held))
    return [
        replace(pair, score=score, reasons=reasons, circle=circle_id, locked=fixed)
        for pair, (score, reasons, fixed) in zip(graph.pairs(couples), rows_out, strict=True)
    ]


def _name(person: Participant) -> str:
    return person.name or person.id


def _left_over(count: int, sizes: PeerCircleSizes) -> str:
    smallest = str(sizes) if sizes.min_size == sizes.max_size else f"at least {sizes.min_size}"
    return (
        f"left over when circles of {sizes} were formed: no free group of {smallest} could be "
        f"made with them from the {count} peer{'s' * (count != 1)} they could exchange with"
    )
