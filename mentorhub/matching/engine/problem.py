"""The engine's input: participants, the rules that must hold, and the weights of the score.

Plain dataclasses with no Django: the same problem comes from the database, from a CSV
file, or from a benchmark generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

MENTOR, MENTEE, PEER = "mentor", "mentee", "peer"


@dataclass(frozen=True)
class Participant:
    """One person as the engine sees them. Skill and language names are compared lowercased."""

    id: str
    role: str
    name: str = ""
    department: str = ""
    manager_id: str | None = None
    level: int | None = None
    timezone: str | None = None
    languages: frozenset[str] = frozenset()
    offers: Mapping[str, int] = field(default_factory=dict)  # skill -> proficiency 1..5
    seeks: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    goals: str = ""  # their goals and bio, in their own words
    capacity: int = 1
    exclude: frozenset[str] = frozenset()  # ids never to pair with (declared conflicts)
    # Weekly availability in the person's own wall-clock time: (weekday 0=Mon, start, end)
    # with start and end in minutes after midnight.
    availability: tuple[tuple[int, int, int], ...] = ()
    screened: bool = True  # background check valid, where the program requires one
    answers: Mapping[str, str] = field(default_factory=dict)  # matching questionnaire
    ranking: tuple[str, ...] = ()  # ids of the other side, first choice first


class Seniority:
    """How the mentor's level must compare with the mentee's."""

    MORE_SENIOR = "more_senior"  # traditional, career, personal development
    JUNIOR_EXPERT = "junior_expert"  # reverse: less senior, but expert in the sought topic
    PEER = "peer"  # within one level, and mutual
    ANY = "any"


@dataclass(frozen=True)
class Rules:
    """Hard rules: a pair that breaks one is never proposed. Each can be switched off."""

    management_chain: bool = True
    exclusions: bool = True
    shared_language: bool = True
    expertise: bool = True
    seniority: str = Seniority.MORE_SENIOR
    reverse_min_proficiency: int = 4
    peer_level_gap: int = 1
    max_timezone_gap_hours: float | None = None
    min_overlap_minutes: int | None = None
    screening: bool = False
    # Time zones and availability are compared on the real week starting here, so daylight
    # saving is whatever it is on those dates.
    reference_date: date | None = None


@dataclass(frozen=True)
class Weights:
    """How much each part of the soft score counts; only the ratios matter."""

    goals: float = 3.0  # text similarity of goals and bios
    skills: float = 3.0  # how many sought skills the mentor offers, and how well
    interests: float = 1.0
    questionnaire: float = 2.0  # same answers on values and working style
    availability: float = 1.0  # weekly hours both are free
    diversity: float = 0.5  # a mentor from another department
    rankings: float = 2.0  # the participants' own choices, where collected

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


APPROACH_RULES: dict[str, Rules] = {
    "traditional": Rules(),
    "career": Rules(),
    "personal": Rules(),
    "formal": Rules(),
    "virtual": Rules(max_timezone_gap_hours=6),
    "situational": Rules(seniority=Seniority.ANY),
    "crisis": Rules(seniority=Seniority.ANY, expertise=False),
    "group": Rules(),
    "reverse": Rules(seniority=Seniority.JUNIOR_EXPERT),
    "peer": Rules(seniority=Seniority.PEER, expertise=False),
}


def rules_for(approach: str, **overrides: object) -> Rules:
    """The default rules of an approach, with a program's own switches applied."""
    try:
        base = APPROACH_RULES[approach]
    except KeyError:
        known = ", ".join(sorted(APPROACH_RULES))
        raise ValueError(f"unknown approach {approach!r}; use one of {known}") from None
    return replace(base, **overrides)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Problem:
    mentees: tuple[Participant, ...]
    mentors: tuple[Participant, ...]
    rules: Rules = Rules()
    weights: Weights = Weights()
    # Pairs (mentee id, mentor id) a manager fixed by hand, and pairs they forbade.
    locked: frozenset[tuple[str, str]] = frozenset()
    forbidden: frozenset[tuple[str, str]] = frozenset()
    # Every participant known to the org chart, for management chains: id -> manager id.
    # Defaults to the participants' own manager links.
    org_chart: Mapping[str, str | None] | None = None
