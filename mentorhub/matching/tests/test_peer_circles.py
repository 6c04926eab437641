"""Peer circles: sizes within the range asked for, everyone giving and receiving, the hard
rules between any two members, and a reason for everyone left out."""

from __future__ import annotations

import numpy as np
import pytest

from mentorhub.matching.engine import match, prepare
from mentorhub.matching.engine.solvers.peer_circles import PeerCircleSizes, match_peer_circles
from mentorhub.matching.tests.peer_helpers import (
    circles_of,
    gives_and_receives,
    peer,
    peer_problem,
    random_peers,
)


def sizes_of(result) -> list[int]:
    return sorted(len(members) for members in circles_of(result).values())


def chess_players(count: int, **extra: object):
    return [peer(f"p{i:02}", interests=["chess"], **extra) for i in range(count)]


def test_circles_of_one_size_leave_the_remainder_with_a_reason():
    # GIVEN thirteen peers who all share an interest
    prepared = prepare(peer_problem(chess_players(13)))
    # WHEN circles of exactly four are formed
    result = match_peer_circles(prepared, min_size=4, max_size=4)
    # THEN three circles of four form, and the thirteenth is told they are left over
    assert sizes_of(result) == [4, 4, 4]
    assert list(result.unmatched.values()) == [
        "left over when circles of 4 were formed: no free group of 4 could be made with them "
        "from the 12 peers they could exchange with"
    ]


def test_circles_grow_to_the_largest_size():
    # GIVEN ten peers who all share an interest
    prepared = prepare(peer_problem(chess_players(10)))
    # WHEN circles of 3 to 5 are formed
    result = match_peer_circles(prepared, min_size=3, max_size=5)
    # THEN two full circles of five form
    assert sizes_of(result) == [5, 5]
    assert result.unmatched == {}


def test_a_size_range_places_the_remainder_in_smaller_circles():
    # GIVEN thirteen peers who all share an interest
    prepared = prepare(peer_problem(chess_players(13)))
    # WHEN circles of 3 to 4 are formed
    result = match_peer_circles(prepared, min_size=3, max_size=4)
    # THEN everyone sits in a circle: one of four and three of three, not 4-4-4 and one out
    assert sizes_of(result) == [3, 3, 3, 4]
    assert result.unmatched == {}


def test_a_group_too_small_for_a_circle_is_left_out_with_the_reason():
    # GIVEN six English speakers and two German speakers, all sharing an interest
    english = [peer(f"en{i}", interests=["chess"], languages=frozenset({"en"})) for i in range(6)]
    german = [peer(f"de{i}", interests=["chess"], languages=frozenset({"de"})) for i in range(2)]
    prepared = prepare(peer_problem(english + german))
    # WHEN circles of 3 to 4 are formed
    result = match_peer_circles(prepared, min_size=3, max_size=4)
    # THEN the English speakers make two circles of three; the German pair is no circle
    assert sizes_of(result) == [3, 3]
    reason = (
        "left over when circles of 3 to 4 were formed: no free group of at least 3 could be "
        "made with them from the 1 peer they could exchange with"
    )
    assert result.unmatched == {"de0": reason, "de1": reason}


@pytest.mark.parametrize("seed", range(5))
def test_peer_circles_stay_within_the_size_range(seed):
    # GIVEN a random group of peers
    prepared = prepare(peer_problem(random_peers(seed, 60)))
    # WHEN circles of 3 to 4 are formed
    result = match_peer_circles(prepared, min_size=3, max_size=4)
    # THEN every circle has 3 or 4 members, and everyone else has a reason
    assert result.pairs
    assert all(3 <= size <= 4 for size in sizes_of(result))
    placed = {p.mentee_id for p in result.pairs}
    assert placed | set(result.unmatched) == {p.id for p in prepared.problem.mentees}


def test_each_peer_circle_member_has_one_row():
    # GIVEN eight peers who all share an interest
    prepared = prepare(peer_problem([peer(f"p{i}", interests=["jazz"]) for i in range(8)]))
    # WHEN circles of four are formed
    result = match_peer_circles(prepared, min_size=4, max_size=4)
    # THEN each person appears once, with a partner from their own circle
    assert sorted(p.mentee_id for p in result.pairs) == [f"p{i}" for i in range(8)]
    circle_of = {p.mentee_id: p.circle for p in result.pairs}
    assert all(circle_of[p.mentor_id] == p.circle for p in result.pairs)


@pytest.mark.parametrize("seed", range(5))
def test_every_peer_circle_member_gives_and_receives(seed):
    # GIVEN a random group of peers
    people = random_peers(seed, 60)
    by_id = {p.id: p for p in people}
    # WHEN circles of 3 to 5 are formed
    result = match_peer_circles(prepare(peer_problem(people)), min_size=3, max_size=5)
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
    result = match_peer_circles(prepared, min_size=3, max_size=3)
    # THEN any two members of a circle may sit together under those rules
    for members in circles_of(result).values():
        rows = [prepared.mentee_at[x] for x in members]
        assert all(apart[a, b] for a in rows for b in rows if a != b)
        assert len(members) == 3


def test_a_circle_below_three_is_refused():
    prepared = prepare(peer_problem([peer("ann"), peer("bob")]))
    with pytest.raises(ValueError, match="a peer circle needs at least 3 people, not 2"):
        match_peer_circles(prepared, min_size=2, max_size=4)


def test_a_largest_size_below_the_smallest_is_refused():
    with pytest.raises(ValueError, match=r"the largest peer circle \(3\) is smaller than"):
        PeerCircleSizes(min_size=4, max_size=3)


def test_a_larger_minimum_alone_raises_the_default_maximum():
    # GIVEN twelve peers who all share an interest
    prepared = prepare(peer_problem(chess_players(12)))
    # WHEN only a minimum of six is given
    result = match_peer_circles(prepared, min_size=6)
    # THEN circles of six form, not a refusal of 6 to the default 5
    assert sizes_of(result) == [6, 6]


# Through the engine's dispatch


def test_peer_circles_dispatch_through_match_with_their_sizes():
    # GIVEN eight peers who all share an interest
    problem = peer_problem(chess_players(8))
    # WHEN match() runs peer-circles of 3 to 4
    result = match(problem, method="peer-circles", circle_sizes=(3, 4))
    # THEN two circles of four form, named as peer circles
    assert sizes_of(result) == [4, 4]
    assert result.method == "peer-circles"
    assert all(str(p.circle).startswith("peer-circle-") for p in result.pairs)


def test_peer_circles_default_to_three_to_five():
    result = match(peer_problem(chess_players(10)), method="peer-circles")
    assert (result.stats["min_size"], result.stats["max_size"]) == (3, 5)
    assert sizes_of(result) == [5, 5]


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ((2, 4), "a peer circle needs at least 3 people, not 2"),
        ((5, 4), r"the largest peer circle \(4\) is smaller than the smallest \(5\)"),
    ],
)
def test_match_refuses_bad_peer_circle_sizes(sizes, message):
    with pytest.raises(ValueError, match=message):
        match(peer_problem(chess_players(4)), method="peer-circles", circle_sizes=sizes)


def test_match_refuses_circle_sizes_for_a_method_without_circles():
    message = "circle sizes apply to circles and peer-circles, not peers"
    with pytest.raises(ValueError, match=message):
        match(peer_problem(chess_players(4)), method="peers", circle_sizes=(3, 4))
