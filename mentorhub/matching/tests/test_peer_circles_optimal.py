"""Peer circles are optimal in small groups: the engine against brute force over every way of
forming circles, and the greedy circles never better than the proven ones."""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from mentorhub.matching.engine import Participant, prepare
from mentorhub.matching.engine.solvers import peer_circles_exact
from mentorhub.matching.engine.solvers.peer_circles import match_peer_circles
from mentorhub.matching.engine.solvers.peer_graph import PeerGraph, counterparts
from mentorhub.matching.tests.peer_helpers import (
    INTERESTS,
    SKILLS,
    peer,
    peer_problem,
    random_peers,
)


def close_peers(seed: int, n: int) -> list[Participant]:
    """Peers close enough in level and interests that many circles are possible."""
    return random_peers(
        seed, n, levels=(3, 4), skills=SKILLS[:3], interests=INTERESTS[:3], most_interests=2,
        managed=0.2, speaking=0.2,
    )  # fmt: skip


def graph_of(prepared) -> PeerGraph:
    people = np.arange(len(prepared.problem.mentees), dtype=np.int64)
    return PeerGraph.build(prepared, counterparts(prepared), people, circles=True)


def brute_force(graph: PeerGraph, low: int, high: int) -> tuple[int, float]:
    """The most people placed, then the best total of member scores, over every packing."""
    n = len(graph.people)
    circles = []
    for size in range(low, high + 1):
        for members in itertools.combinations(range(n), size):
            block = np.ix_(members, members)
            sits = graph.compatible[block] | np.eye(size, dtype=bool)
            linked = connected_components(graph.eligible[block], directed=False)[0] == 1
            if sits.all() and linked:
                circles.append(frozenset(members))
    value = {c: peer_circles_exact.member_total(graph.weight, sorted(c)) for c in circles}

    @cache
    def best(free: frozenset[int]) -> tuple[int, float]:
        if not free:
            return 0, 0.0
        first = min(free)
        options = [best(free - {first})]  # the first free person sits in no circle
        for circle in circles:
            if first in circle and circle <= free:
                placed, total = best(free - circle)
                options.append((placed + len(circle), total + value[circle]))
        return max(options)

    return best(frozenset(range(n)))


def totals(result) -> tuple[int, float]:
    return result.matched, result.total_score


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("sizes", [(3, 3), (3, 4), (3, 5)])
def test_peer_circles_match_brute_force_on_small_groups(seed, sizes):
    # GIVEN a small random group of peers (levels, managers, languages, skills)
    prepared = prepare(peer_problem(close_peers(seed, 10)))
    # WHEN circles are formed
    result = match_peer_circles(prepared, min_size=sizes[0], max_size=sizes[1])
    # THEN as many people are placed, with as high a total, as the best of every packing
    placed, total = brute_force(graph_of(prepared), *sizes)
    assert result.matched == placed
    assert result.total_score == pytest.approx(total, abs=1e-4)
    assert result.stats["exact"] == 1.0


def test_the_proven_circles_place_people_the_greedy_circles_strand(monkeypatch):
    # GIVEN a group where the greedy circles of three strand people (found by search)
    prepared = prepare(peer_problem(close_peers(48, 10)))
    monkeypatch.setattr(peer_circles_exact, "EXACT_PEOPLE", 0)
    greedy = match_peer_circles(prepared, min_size=3, max_size=3)
    monkeypatch.undo()
    # WHEN circles of three are formed with the exact step
    result = match_peer_circles(prepared, min_size=3, max_size=3)
    # THEN twice as many people sit in a circle, as many as brute force finds
    assert (greedy.matched, result.matched) == (3, 6)
    assert brute_force(graph_of(prepared), 3, 3)[0] == 6


def test_each_row_gives_its_circles_fit():
    prepared = prepare(peer_problem([peer(f"p{i}", interests=["chess"]) for i in range(3)]))
    result = match_peer_circles(prepared, min_size=3, max_size=3)
    first = {p.reasons[0] for p in result.pairs}
    assert len(first) == 1
    assert first.pop().startswith("peer circle of 3 (fit ")
    assert 0 < result.stats["mean_circle_fit"] <= 1


@pytest.mark.parametrize("seed", range(4))
def test_beyond_the_exact_limits_the_greedy_circles_stand_and_say_so(seed, monkeypatch):
    # GIVEN the proven circles of a random group
    prepared = prepare(peer_problem(random_peers(seed, 40)))
    proven = match_peer_circles(prepared, min_size=3, max_size=4)
    # WHEN the exact step may not run (every group is over the limit)
    monkeypatch.setattr(peer_circles_exact, "EXACT_PEOPLE", 0)
    greedy = match_peer_circles(prepared, min_size=3, max_size=4)
    # THEN the result is marked as not proven, and is never better than the proven one
    assert proven.stats["exact"] == 1.0 and greedy.stats["exact"] == 0.0
    assert totals(greedy) <= (proven.matched, proven.total_score + 1e-6)


def test_a_listing_past_its_step_budget_gives_up_instead_of_guessing(monkeypatch):
    prepared = prepare(peer_problem([peer(f"p{i}", interests=["chess"]) for i in range(12)]))
    monkeypatch.setattr(peer_circles_exact, "EXACT_STEPS", 50)
    result = match_peer_circles(prepared, min_size=3, max_size=4)
    assert result.stats["exact"] == 0.0 and result.matched == 12


def test_two_people_a_manager_locked_sit_in_one_circle():
    # GIVEN six chess players, and a manager's lock on the first and the last
    people = [peer(f"p{i}", interests=["chess"]) for i in range(6)]
    prepared = prepare(peer_problem(people, locked=frozenset({("p0", "p5")})))
    # WHEN circles of three are formed
    result = match_peer_circles(prepared, min_size=3, max_size=3)
    # THEN p0 and p5 share a circle, their rows say why, and the result claims no proof
    rows = {p.mentee_id: p for p in result.pairs}
    assert rows["p0"].circle == rows["p5"].circle
    assert rows["p0"].mentor_id == "p5" and rows["p0"].locked
    assert "kept with p5 by the program manager" in rows["p0"].reasons
    assert result.stats["exact"] == 0.0 and result.matched == 6
