"""Peer pairs and peer circles: mutual, never self, never in a management chain, optimal on
small groups, and circles in which everyone gives and receives."""

from __future__ import annotations

import random
from collections import defaultdict
from functools import cache

import numpy as np
import pytest

from mentorhub.matching.engine import Participant, Problem, match, prepare, rules_for
from mentorhub.matching.engine.solvers import peers as peers_module
from mentorhub.matching.engine.solvers.peers import match_peers

SKILLS = ("python", "sql", "design", "sales", "writing")
INTERESTS = ("chess", "running", "jazz", "cooking")


def peer(pid: str, offers=(), seeks=(), interests=(), **extra: object) -> Participant:
    return Participant(
        id=pid,
        role="peer",
        level=extra.pop("level", 3),  # type: ignore[arg-type]
        offers={s: 4 for s in offers},
        seeks=frozenset(seeks),
        interests=frozenset(interests),
        **extra,  # type: ignore[arg-type]
    )


def peer_problem(people: list[Participant], **problem: object) -> Problem:
    return Problem(tuple(people), tuple(people), rules_for("peer"), **problem)  # type: ignore[arg-type]


def random_peers(seed: int, n: int) -> list[Participant]:
    """Peers at levels 2–4 with a few skills and interests; some managers and languages."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        extra: dict[str, object] = {"level": rng.randint(2, 4)}
        if i and rng.random() < 0.15:
            extra["manager_id"] = f"p{rng.randrange(i)}"
        if rng.random() < 0.3:
            extra["languages"] = frozenset(rng.sample(("en", "de"), 1))
        people.append(
            peer(
                f"p{i}",
                offers=rng.sample(SKILLS, rng.randint(0, 2)),
                seeks=rng.sample(SKILLS, rng.randint(0, 2)),
                interests=rng.sample(INTERESTS, rng.randint(0, 1)),
                goals=" ".join(rng.sample(("grow", "lead", "data", "ship", "teams"), 3)),
                **extra,
            )
        )
    return people


def mutual(prepared) -> tuple[np.ndarray, np.ndarray]:
    """Who may pair with whom (both ways) and each pair's score, from the engine's scorer."""
    block = prepared.scorer.rows(np.arange(len(prepared.problem.mentees), dtype=np.int64))
    return block.eligible & block.eligible.T, (block.score + block.score.T) / 2


def brute_force(eligible: np.ndarray, weight: np.ndarray) -> tuple[int, float]:
    """The most pairs, then the highest total, over every matching (for a handful of people)."""
    n = len(eligible)

    @cache
    def best(left: frozenset[int]) -> tuple[int, float]:
        if not left:
            return 0, 0.0
        first, rest = min(left), left - {min(left)}
        options = [best(rest)]
        for other in rest:
            if eligible[first, other]:
                count, total = best(rest - {other})
                options.append((count + 1, total + float(weight[first, other])))
        return max(options)

    return best(frozenset(range(n)))


def gives_and_receives(me: Participant, others: list[Participant]) -> bool:
    shares = any(me.interests & o.interests for o in others)
    gives = any(me.offers.keys() & o.seeks for o in others)
    receives = any(o.offers.keys() & me.seeks for o in others)
    return shares or (gives and receives)


def circles_of(result) -> dict[str, set[str]]:
    circles: dict[str, set[str]] = defaultdict(set)
    for pair in result.pairs:
        circles[str(pair.circle)].add(pair.mentee_id)
    return dict(circles)


# Peer pairs


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
    monkeypatch.setattr(peers_module, "EXACT_PEERS", 0)
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
    monkeypatch.setattr(peers_module, "PEER_CHUNK", 10)
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


# Peer circles


def test_peer_circles_have_the_requested_size_and_the_remainder_is_explained():
    # GIVEN thirteen peers who all share an interest
    people = [peer(f"p{i:02}", interests=["chess"]) for i in range(13)]
    # WHEN circles of four are formed through the engine's dispatch
    prepared = prepare(peer_problem(people))
    result = match_peers(prepared, circle_size=4)
    # THEN three circles of four form, and the thirteenth is told they are left over
    assert sorted(len(members) for members in circles_of(result).values()) == [4, 4, 4]
    assert list(result.unmatched.values()) == [
        "left over when circles of 4 were formed: no free group of 4 could be made with them "
        "from the 12 peers they could exchange with"
    ]


def test_each_peer_circle_member_has_one_row():
    # GIVEN eight peers who all share an interest
    prepared = prepare(peer_problem([peer(f"p{i}", interests=["jazz"]) for i in range(8)]))
    # WHEN circles of four are formed
    result = match_peers(prepared, circle_size=4)
    # THEN each person appears once, with a partner from their own circle
    assert sorted(p.mentee_id for p in result.pairs) == [f"p{i}" for i in range(8)]
    circle_of = {p.mentee_id: p.circle for p in result.pairs}
    assert all(circle_of[p.mentor_id] == p.circle for p in result.pairs)


@pytest.mark.parametrize("seed", range(5))
def test_every_peer_circle_member_gives_and_receives(seed):
    # GIVEN a random group of peers
    people = random_peers(seed, 60)
    by_id = {p.id: p for p in people}
    # WHEN circles of four are formed
    result = match_peers(prepare(peer_problem(people)), circle_size=4)
    # THEN every member offers something another seeks and gets something, or shares an
    # interest, within their own circle
    circles = circles_of(result)
    assert circles
    for members in circles.values():
        for me in members:
            others = [by_id[x] for x in members if x != me]
            assert gives_and_receives(by_id[me], others)


@pytest.mark.parametrize("seed", range(5))
def test_peer_circles_keep_management_chains_and_languages_apart(seed):
    # GIVEN a random group of peers with managers and languages
    people = random_peers(seed, 60)
    prepared = prepare(peer_problem(people))
    block = prepared.scorer.rows(np.arange(len(people), dtype=np.int64))
    apart = block.rule("chain") & block.rule("language") & block.rule("declared")
    # WHEN circles of three are formed
    result = match_peers(prepared, circle_size=3)
    # THEN any two members of a circle may sit together under those rules
    for members in circles_of(result).values():
        rows = [prepared.mentee_at[x] for x in members]
        assert all(apart[a, b] for a in rows for b in rows if a != b)
        assert len(members) == 3


def test_a_circle_size_below_three_is_refused():
    prepared = prepare(peer_problem([peer("ann"), peer("bob")]))
    with pytest.raises(ValueError, match="at least 3"):
        match_peers(prepared, circle_size=2)


def test_peers_dispatch_through_the_engine():
    # GIVEN two peers who exchange python and sql
    ann = peer("ann", offers=["python"], seeks=["sql"])
    bob = peer("bob", offers=["sql"], seeks=["python"])
    # WHEN paired with method "peers"
    result = match(peer_problem([ann, bob]), method="peers")
    # THEN they form one pair whose reasons say who gives what
    assert [(p.mentee_id, p.mentor_id, p.circle) for p in result.pairs] == [("ann", "bob", None)]
    assert result.pairs[0].reasons[:2] == ("gives: python to bob", "receives: sql from bob")
