"""Tests of the matching engine and `mentorhub match`: the seeded populations and the small
people file several of them share."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from mentorhub.matching.engine import Participant, Problem, rules_for

SKILLS = ("python", "sql", "kubernetes", "design", "sales", "leadership", "writing", "go")
LANGUAGES = ("en", "de", "fr", "es")
DEPARTMENTS = ("Engineering", "Sales", "Support", "Finance")
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
WORDS = ("grow", "lead", "teams", "ship", "platform", "data", "customers", "write", "plan")


def random_person(rng: random.Random, pid: str, role: str, **extra: object) -> Participant:
    skills = rng.sample(SKILLS, rng.randint(1, 3))
    fields: dict[str, object] = {
        "department": rng.choice(DEPARTMENTS),
        "level": rng.randint(1, 6) if role == "mentee" else rng.randint(3, 10),
        "timezone": rng.choice(ZONES),
        "languages": frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
        "interests": frozenset(rng.sample(WORDS, 2)),
        "goals": " ".join(rng.sample(WORDS, 5)),
        **extra,
    }
    if role == "mentor":
        fields["offers"] = {s: rng.randint(1, 5) for s in skills}
        fields["capacity"] = rng.randint(0, 4)
    else:
        fields["seeks"] = frozenset(skills)
    return Participant(id=pid, role=role, **fields)  # type: ignore[arg-type]


def random_problem(
    seed: int, n_mentees: int, n_mentors: int, approach: str = "traditional"
) -> Problem:
    """Mentees and mentors with skills, levels, languages, and a few managers and exclusions."""
    rng = random.Random(seed)
    mentors = [random_person(rng, f"r{j}", "mentor") for j in range(n_mentors)]
    mentees = []
    for i in range(n_mentees):
        extra: dict[str, object] = {}
        if rng.random() < 0.1:
            extra["manager_id"] = rng.choice(mentors).id
        if rng.random() < 0.1:
            extra["exclude"] = frozenset({rng.choice(mentors).id})
        mentees.append(random_person(rng, f"e{i}", "mentee", **extra))
    return Problem(tuple(mentees), tuple(mentors), rules_for(approach))


HEADER = (
    "id,name,role,department,manager_id,level,timezone,languages,offers,seeks,interests,"
    "goals,capacity,exclude"
)
# Mona can mentor Max; Eve reports to Mona; Ed speaks only Japanese, which Omar does not.
PEOPLE = f"""{HEADER}
mona,Mona,mentor,Engineering,,7,Europe/Berlin,EN;de,Python:5;Kubernetes:4,,Chess,Lead platforms,2,
omar,Omar,mentor,Sales,,6,Africa/Lagos,en,negotiation:5,,,Close enterprise deals,1,
max,Max,mentee,Sales,,2,America/New_York,en,,python;KUBERNETES,chess,Grow a platform career,,
eve,Eve,mentee,Engineering,mona,3,Europe/Paris,en,,python,,Learn Python,,
ed,Ed,mentee,Support,,2,Asia/Tokyo,ja,,negotiation,,Negotiate,,
"""


def write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
