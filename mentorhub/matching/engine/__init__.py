"""The matching engine: pure Python (numpy, scipy, OR-Tools), no Django.

problem = Problem(mentees, mentors, rules_for("traditional"), Weights())
result = match(problem)                      # optimal: most matched, then best total
result = match(problem, method="stable")     # rankings on both sides, no blocking pair
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
METHODS = ("optimal", "stable", "circles", "peers")

__all__ = [
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
) -> MatchResult:
    """Match a problem (or one already prepared) with the chosen method."""
    prepared = problem if isinstance(problem, Prepared) else prepare(problem, text_model)
    if method == "optimal":
        return match_optimal(prepared, progress)
    if method == "stable":
        from mentorhub.matching.engine.solvers.stable import match_stable

        return match_stable(prepared, progress)
    if method == "circles":
        from mentorhub.matching.engine.solvers.circles import match_circles

        return match_circles(prepared, progress)
    if method == "peers":
        from mentorhub.matching.engine.solvers.peers import match_peers

        return match_peers(prepared, progress)
    raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
