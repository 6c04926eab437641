"""What the engine returns: pairs with their score and reasons, and why others stay unmatched."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pair:
    mentee_id: str
    mentor_id: str
    score: float  # 0..1
    reasons: tuple[str, ...]  # the strongest reasons first, written for people
    parts: dict[str, float] = field(default_factory=dict)  # each score component, 0..1
    locked: bool = False
    circle: str | None = None  # group mentoring: the circle this pair belongs to


@dataclass
class MatchResult:
    pairs: list[Pair]
    unmatched: dict[str, str]  # mentee id -> why nobody was found
    method: str
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len({p.mentee_id for p in self.pairs})

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.pairs)

    @property
    def mean_score(self) -> float:
        return self.total_score / len(self.pairs) if self.pairs else 0.0
