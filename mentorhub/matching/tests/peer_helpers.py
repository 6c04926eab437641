"""Peers for the peer pairs and peer circles tests: small groups made by hand or seeded."""

from __future__ import annotations

import random
from collections import defaultdict
from functools import cache

import numpy as np

from mentorhub.matching.engine import Participant, Problem, rules_for

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


def random_peers(
    seed: int,
    n: int,
    *,
    levels: tuple[int, int] = (2, 4),
    skills: tuple[str, ...] = SKILLS,
    interests: tuple[str, ...] = INTERESTS,
    most_interests: int = 1,
    managed: float = 0.15,
    speaking: float = 0.3,
) -> list[Participant]:
    """Peers at `levels` with a few skills and interests; some managers (a `managed` share)
    and languages (a `speaking` share)."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        extra: dict[str, object] = {"level": rng.randint(*levels)}
        if i and rng.random() < managed:
            extra["manager_id"] = f"p{rng.randrange(i)}"
        if rng.random() < speaking:
            extra["languages"] = frozenset(rng.sample(("en", "de"), 1))
        people.append(
            peer(
                f"p{i}",
                offers=rng.sample(skills, rng.randint(0, 2)),
                seeks=rng.sample(skills, rng.randint(0, 2)),
                interests=rng.sample(interests, rng.randint(0, most_interests)),
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
