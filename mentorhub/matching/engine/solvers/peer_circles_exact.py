"""Peer circles, exactly, in small groups: every possible circle listed, the best packing chosen.

A possible circle holds min..max people who may all sit together (`compatible`, both ways)
and are connected by exchanges (`eligible`, both ways), so every member gives and receives
within it. In one connected group of the exchange graph of at most EXACT_PEOPLE people,
every possible circle is listed once, grown from its lowest member (the ESU enumeration of
connected subgraphs), as long as there are at most EXACT_CIRCLES of them and the listing
takes at most EXACT_STEPS steps. An integer program (scipy `milp`, HiGHS, no gap) then picks
circles that share nobody: the most people placed, then the highest total of member scores,
a member's score being the mean of their links to the others (their row's score). Its answer
is a proven optimum for the group; None when the group is too large or the solver too slow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import LinearConstraint

from mentorhub.matching.engine.solvers.peer_pairs import solve_binary

EXACT_PEOPLE = 80  # people in one connected group of the exchange graph
EXACT_CIRCLES = 20_000  # possible circles in that group
EXACT_STEPS = 100_000  # groups of people looked at while listing them (about 0.5 s)
EXACT_SECONDS = 5.0  # per integer program


@dataclass(frozen=True)
class Packing:
    circles: list[list[int]]
    placed: int
    total: float  # the sum of the members' scores


def member_total(weight: NDArray[np.float32], circle: list[int]) -> float:
    """The sum over members of their mean link to the others (links counted both ways)."""
    links = weight[np.ix_(circle, circle)].astype(np.float64)
    return float(links.sum() - np.trace(links)) / (len(circle) - 1)


def circle_fit(weight: NDArray[np.float32], circle: list[int]) -> float:
    """A circle's quality, 0..1: the mean score of the pairs in it."""
    return member_total(weight, circle) / len(circle)


def packing_of(weight: NDArray[np.float32], circles: list[list[int]]) -> Packing:
    placed = sum(len(c) for c in circles)
    return Packing(circles, placed, sum(member_total(weight, c) for c in circles))


def best_packing(
    eligible: NDArray[np.bool_],
    compatible: NDArray[np.bool_],
    weight: NDArray[np.float32],
    group: NDArray[np.int64],
    sizes: tuple[int, int],
) -> Packing | None:
    """The best circles among `group` (positions in the graph); None when not proven."""
    if len(group) > EXACT_PEOPLE:
        return None
    circles = possible_circles(eligible, compatible, group, sizes)
    if circles is None:
        return None
    if not circles:
        return Packing([], 0, 0.0)
    return _integer_program(weight, group, circles)


def possible_circles(
    eligible: NDArray[np.bool_],
    compatible: NDArray[np.bool_],
    group: NDArray[np.int64],
    sizes: tuple[int, int],
) -> list[list[int]] | None:
    """Every possible circle of the group, each once; None past the limits."""
    low, high = sizes
    inside = {int(x) for x in group}
    near = {x: {int(y) for y in np.flatnonzero(eligible[x])} & inside for x in inside}
    fits = {x: {int(y) for y in np.flatnonzero(compatible[x])} & inside for x in inside}
    found: list[list[int]] = []
    steps = 0

    def fits_all(person: int, circle: list[int]) -> bool:
        return all(person in fits[member] for member in circle)

    def grow(members: list[int], reach: set[int], extension: list[int], root: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > EXACT_STEPS or len(found) > EXACT_CIRCLES:
            return False
        if len(members) >= low:
            found.append(members)
        if len(members) == high:
            return True
        extension = list(extension)
        while extension:
            joining = extension.pop()
            circle = [*members, joining]
            # Only people who may sit with everyone in the circle so far can still join.
            fresh = [u for u in near[joining] - reach if u > root and fits_all(u, circle)]
            allowed = [u for u in extension if u in fits[joining]] + sorted(fresh)
            if not grow(circle, reach | near[joining], allowed, root):
                return False
        return True

    for root in sorted(inside):
        start = sorted(u for u in near[root] if u > root and u in fits[root])
        if not grow([root], near[root] | {root}, start, root):
            return None
    return found


def _integer_program(
    weight: NDArray[np.float32], group: NDArray[np.int64], circles: list[list[int]]
) -> Packing | None:
    row = {int(x): k for k, x in enumerate(group)}
    cells = [(row[x], k) for k, circle in enumerate(circles) for x in circle]
    people, columns = zip(*cells, strict=True)
    incidence = sp.csr_matrix(
        (np.ones(len(cells)), (people, columns)), shape=(len(group), len(circles))
    )
    once = LinearConstraint(incidence, 0, 1)  # nobody sits in two circles
    size = np.array([len(c) for c in circles], dtype=np.float64)
    chosen = solve_binary(-size, [once], EXACT_SECONDS)
    if chosen is None:
        return None
    placed = float(size[chosen].sum())
    value = np.array([member_total(weight, c) for c in circles], dtype=np.float64)
    most = LinearConstraint(size[None, :], placed, placed)
    chosen = solve_binary(-value, [once, most], EXACT_SECONDS)
    if chosen is None:
        return None
    return packing_of(weight, [circles[k] for k in np.flatnonzero(chosen)])
