"""Where the members' check-in answers diverge: plain rules, each with a sentence saying why.

A rule needs two answers or more. The summaries name members and their scores, never their
comments: they are written for program managers.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentorhub.feedback.models import RATE_ORDER, AlertKind, Met, Rate

SATISFACTION_GAP = 2  # e.g. 4 against 2: one is content, the other is struggling
# Weekly against monthly is a mismatch worth a manager's look; weekly against every two
# weeks is ordinary give and take, and alerting on it would bury the real ones.
RATE_GAP = 2
# In peer programs: one member gives more than they get and another gets more than they
# give, with this much between their balances (gave − received), e.g. +1 against −1.
ONE_SIDED_GAP = 2
# The program's and the agreement's cadence on the members' scale; "as needed" has none.
CADENCE_RATE = {"weekly": Rate.WEEKLY, "biweekly": Rate.FORTNIGHTLY, "monthly": Rate.MONTHLY}
MAX_SUMMARY = 500


@dataclass(frozen=True)
class Said:
    """What one member answered, without the comment."""

    name: str
    satisfaction: int
    meeting_rate: str
    expected_rate: str
    expectations_met: str
    received: int | None = None  # peer programs only
    gave: int | None = None


def _rate(value: str) -> str:
    return str(Rate(value).label).lower()


def _each(said: list[Said], value: str) -> str:
    return ", ".join(f"{s.name} {getattr(s, value)}" for s in said)


def _satisfaction(said: list[Said]) -> str | None:
    scores = [s.satisfaction for s in said]
    if max(scores) - min(scores) < SATISFACTION_GAP:
        return None
    each = ", ".join(f"{s.name} {s.satisfaction}/5" for s in said)
    return f"Satisfaction differs by {max(scores) - min(scores)} points: {each}."


def _expectations(said: list[Said]) -> str | None:
    answers = {s.expectations_met for s in said}
    if not {Met.YES, Met.NO} <= answers:
        return None
    return f"Expectations met? {_each(said, 'expectations_met')}."


def _expected_rate(said: list[Said]) -> str | None:
    steps = [RATE_ORDER.index(s.expected_rate) for s in said]
    if max(steps) - min(steps) < RATE_GAP:
        return None
    each = ", ".join(f"{s.name} {_rate(s.expected_rate)}" for s in said)
    return f"They expect to meet at different rates: {each}."


def _below_cadence(said: list[Said], cadence: str | None) -> str | None:
    agreed = CADENCE_RATE.get(cadence or "")
    if agreed is None:
        return None
    limit = RATE_ORDER.index(agreed)
    if not all(RATE_ORDER.index(s.meeting_rate) > limit for s in said):
        return None
    each = ", ".join(f"{s.name} {_rate(s.meeting_rate)}" for s in said)
    return f"All say they meet less often than agreed ({_rate(agreed)}): {each}."


def _one_sided(said: list[Said]) -> str | None:
    balances = {s.name: s.gave - s.received for s in said if s.gave and s.received}
    if len(balances) < 2:
        return None
    most, least = max(balances.values()), min(balances.values())
    if most <= 0 or least >= 0 or most - least < ONE_SIDED_GAP:
        return None
    each = ", ".join(f"{s.name} gave {s.gave}/5, got {s.received}/5" for s in said if s.gave)
    return f"The give and take is one-sided: {each}."


def divergences(said: list[Said], cadence: str | None) -> dict[str, str]:
    """The alerts these answers raise, by kind, each with its summary."""
    if len(said) < 2:
        return {}
    found = {
        AlertKind.SATISFACTION: _satisfaction(said),
        AlertKind.EXPECTATIONS: _expectations(said),
        AlertKind.EXPECTED_RATE: _expected_rate(said),
        AlertKind.BELOW_CADENCE: _below_cadence(said, cadence),
        AlertKind.ONE_SIDED: _one_sided(said),
    }
    return {str(k): v[:MAX_SUMMARY] for k, v in found.items() if v}
