"""The matching engine: pure Python (numpy, scipy, OR-Tools), no Django.

problem = Problem(mentees, mentors, rules_for("traditional"), Weights())
result = match(problem)                      # optimal: most matched, then best total
result = match(problem, method="stable")     # rankings on both sides, no blocking pair
result = match(peers, method="peer-circles", circle_sizes=(3, 4))  # groups of equals
ideas = suggest(prepare(problem), "mentee-7", k=5)
"""

from __future__ import annotations

from collections.abc import Callable

from mentorhub.matching.engine.optimal import Prepared, match_optimal, prepare
from mentorhub.matching.engine.problem import (
    MENTEE,
    MENTOR,
    PEER,
    Participant,
    Problem,
    Rules,
    Seniority,
    Weights,
    rules_for,
)
from mentorhub.matching.engine.result import MatchResult, Pair
from mentorhub.matching.engine.suggest import suggest
from mentorhub.matching.engine.text import TextModel, TfidfLsa

Progress = Callable[[str, float], None]
METHODS = ("optimal", "stable", "circles", "peers", "peer-circles")
CIRCLE_METHODS = ("circles", "peer-circles")  # the methods that take circle sizes

__all__ = [
    "CIRCLE_METHODS",
    "MENTEE",
    "MENTOR",
    "METHODS",
    "PEER",
    "MatchResult",
    "Pair",
    "Participant",
    "Prepared",
    "Problem",
    "Rules",
    "Seniority",
    "TextModel",
    "TfidfLsa",
    "Weights",
    "match",
    "prepare",
    "rules_for",
    "suggest",
]


def match(
    problem: Problem | Prepared,
    method: str = "optimal",
    progress: Progress | None = None,
    text_model: TextModel | None = None,
    *,
    circle_sizes: tuple[int, int] | None = None,
) -> MatchResult:
    """Match a problem (or one already prepared) with the chosen method.

    `circle_sizes` (smallest, largest) is for circles and peer-circles; None keeps their
    defaults: group circles from 3 up to each mentor's capacity, peer circles 3 to 5.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if circle_sizes is not None and method not in CIRCLE_METHODS:
        raise ValueError(f"circle sizes apply to {' and '.join(CIRCLE_METHODS)}, not {method}")
    low, high = (None, None) if circle_sizes is None else circle_sizes
    prepared = problem if isinstance(problem, Prepared) else prepare(problem, text_model)
    if method == "optimal":
        return match_optimal(prepared, progress)
    if method == "stable":
        from mentorhub.matching.engine.solvers.stable import match_stable

        return match_stable(prepared, progress)
    if method == "circles":
        from mentorhub.matching.engine.solvers.circles import match_circles

        return match_circles(prepared, progress, min_size=low, max_size=high)
    if method == "peers":
        from mentorhub.matching.engine.solvers.peer_pairs import match_peers

        return match_peers(prepared, progress)
    from mentorhub.matching.engine.solvers.peer_circles import match_peer_circles

    return match_peer_circles(prepared, progress, min_size=low, max_size=high)
