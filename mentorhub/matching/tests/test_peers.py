"""Peer pairs: mutual, never self, never in a management chain, optimal on small groups."""

from __future__ import annotations

import pytest

from mentorhub.matching.engine import Problem, match, prepare, rules_for
from mentorhub.matching.engine.solvers import peer_graph, peer_pairs
from mentorhub.matching.engine.solvers.peer_pairs import match_peers
from mentorhub.matching.tests.peer_helpers import (
    brute_force,
    mutual,
    peer,
    peer_problem,
    random_peers,
)


@pytest.mark.parametrize("seed", range(5))
def test_peer_pairs_are_mutual_and_never_self(seed):
    # GIVEN a random group of peers
    prepared = prepare(peer_problem(random_peers(seed, 40)))
    eligible, _ = mutual(prepared)
    # WHEN they are paired
    result = match_peers(prepared)
    # THEN each pair is allowed both ways, is two different people, and nobody is in two
    at = prepared.mentee_at
    assert all(eligible[at[p.mentee_id], at[p.mentor_id]] for p in result.pairs)
    assert all(p.mentee_id != p.mentor_id for p in result.pairs)
    people = [x for p in result.pairs for x in (p.mentee_id, p.mentor_id)]
    assert len(people) == len(set(people))


def test_peers_in_one_management_chain_are_never_paired():
    # GIVEN Ann manages Bob; they would exchange python and sql perfectly; Cy fits both less
    ann = peer("ann", offers=["python"], seeks=["sql"])
    bob = peer("bob", offers=["sql"], seeks=["python"], manager_id="ann")
    cy = peer("cy", offers=["sql"], seeks=["python"], interests=["chess"])
    # WHEN the three are paired
    result = match_peers(prepare(peer_problem([ann, bob, cy])))
    # THEN Ann pairs with Cy, and Bob is told why he is left out
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [("ann", "cy")]
    assert result.unmatched == {
        "bob": "of the 1 peer otherwise suitable, all are in the same management chain"
    }


def test_peers_without_a_shared_language_are_never_paired():
    # GIVEN Ann speaks only German, Bob only English, and they would exchange perfectly
    ann = peer("ann", offers=["python"], seeks=["sql"], languages=frozenset({"de"}))
    bob = peer("bob", offers=["sql"], seeks=["python"], languages=frozenset({"en"}))
    # WHEN they are paired
    result = match_peers(prepare(peer_problem([ann, bob])))
    # THEN there is no pair
    assert result.pairs == []
    assert (
        result.unmatched["ann"] == "of the 1 peer otherwise suitable, none shares a language (de)"
    )


@pytest.mark.parametrize("seed", range(25))
def test_peer_pairs_reach_the_brute_force_optimum_on_small_groups(seed):
    # GIVEN a small random group, odd or even in size
    people = random_peers(seed, 5 + seed % 5)
    prepared = prepare(peer_problem(people))
    eligible, weight = mutual(prepared)
    # WHEN they are paired
    result = match_peers(prepared)
    # THEN as many pairs and the same total as the best of every possible matching
    count, total = brute_force(eligible, weight)
    assert len(result.pairs) == count
    assert result.total_score == pytest.approx(total, abs=1e-5)
    assert result.stats["exact"] == 1.0


@pytest.mark.parametrize("seed", range(10))
def test_without_the_integer_program_pairs_stay_within_the_bound(seed, monkeypatch):
    # GIVEN the exact step switched off, so odd cycles are repaired approximately
    monkeypatch.setattr(peer_pairs, "EXACT_PEERS", 0)
    prepared = prepare(peer_problem(random_peers(seed, 9)))
    eligible, weight = mutual(prepared)
    # WHEN they are paired
    result = match_peers(prepared)
    # THEN it is never better than the true optimum, which is never above the bound
    count, total = brute_force(eligible, weight)
    assert (len(result.pairs), result.total_score) <= (count, total + 1e-6)
    assert 2 * count <= result.stats["paired_bound"]
    if result.stats["exact"]:
        assert result.total_score == pytest.approx(total, abs=1e-5)


def test_the_odd_one_out_is_told_everyone_is_taken():
    # GIVEN three peers who could each pair with the other two
    people = [peer(x, interests=["chess"]) for x in ("ann", "bob", "cy")]
    # WHEN they are paired
    result = match_peers(prepare(peer_problem(people)))
    # THEN one pair forms, and the third hears their partners are taken
    assert len(result.pairs) == 1
    assert list(result.unmatched.values()) == [
        "each of the 2 peers they could pair with is paired with someone else"
    ]


def test_a_peer_with_nothing_to_exchange_is_told_so():
    # GIVEN Dee lists no skills and no interests
    people = [peer("ann", interests=["chess"]), peer("bob", interests=["chess"]), peer("dee")]
    # WHEN they are paired
    result = match_peers(prepare(peer_problem(people)))
    # THEN Dee hears that no exchange is possible
    assert result.unmatched == {
        "dee": "they list no skills offered or sought and no interests: no exchange is possible"
    }


def test_a_pair_the_manager_fixed_stays():
    # GIVEN a manager fixed Ann with Cy, though Ann and Bob fit better
    ann = peer("ann", offers=["python"], seeks=["sql"], interests=["chess"])
    bob = peer("bob", offers=["sql"], seeks=["python"], interests=["chess"])
    cy = peer("cy", interests=["chess"])
    problem = peer_problem([ann, bob, cy], locked=frozenset({("ann", "cy")}))
    # WHEN they are paired
    result = match_peers(prepare(problem))
    # THEN the fixed pair is the only one, marked as such
    assert [(p.mentee_id, p.mentor_id, p.locked) for p in result.pairs] == [("ann", "cy", True)]


def test_large_groups_are_paired_in_chunks_that_keep_the_rules(monkeypatch):
    # GIVEN chunks of ten people for a group of thirty
    monkeypatch.setattr(peer_graph, "PEER_CHUNK", 10)
    prepared = prepare(peer_problem(random_peers(3, 30)))
    eligible, _ = mutual(prepared)
    # WHEN they are paired
    result = match_peers(prepared)
    # THEN three chunks were paired and every pair is still allowed both ways
    at = prepared.mentee_at
    assert result.stats["chunks"] == 3
    assert all(eligible[at[p.mentee_id], at[p.mentor_id]] for p in result.pairs)


def test_a_peer_alone_is_told_nobody_else_takes_part():
    # GIVEN a peer program with one person
    prepared = prepare(peer_problem([peer("ann", interests=["chess"])]))
    # WHEN they are paired
    result = match_peers(prepared)
    # THEN the reason says there is nobody to pair with
    assert result.unmatched == {"ann": "nobody else takes part in this peer matching"}


def test_peer_matching_needs_the_same_people_on_both_sides():
    problem = Problem((peer("ann"),), (peer("bob"),), rules_for("peer"))
    with pytest.raises(ValueError, match="same people on both sides"):
        match_peers(prepare(problem))


def test_peers_dispatch_through_the_engine():
    # GIVEN two peers who exchange python and sql
    ann = peer("ann", offers=["python"], seeks=["sql"])
    bob = peer("bob", offers=["sql"], seeks=["python"])
    # WHEN paired with method "peers"
    result = match(peer_problem([ann, bob]), method="peers")
    # THEN they form one pair whose reasons say who gives what
    assert [(p.mentee_id, p.mentor_id, p.circle) for p in result.pairs] == [("ann", "bob", None)]
    assert result.pairs[0].reasons[:2] == ("gives: python to bob", "receives: sql from bob")
