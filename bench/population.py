"""Realistic synthetic populations for the matching benchmark: an organization's people.

Skills follow a popularity skew (a few are wanted by many, most by few), people sit in an
org chart with departments and levels, spread over time zones on several continents with
their languages, and write goals in their own words built from the skills they care about.
Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

SKILLS = [
    "python",
    "go",
    "rust",
    "java",
    "typescript",
    "kubernetes",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "sql",
    "postgres",
    "machine-learning",
    "statistics",
    "data-engineering",
    "product-management",
    "roadmapping",
    "user-research",
    "ux-design",
    "figma",
    "public-speaking",
    "negotiation",
    "leadership",
    "people-management",
    "hiring",
    "coaching",
    "conflict-resolution",
    "stakeholder-management",
    "budgeting",
    "forecasting",
    "sales",
    "account-management",
    "customer-success",
    "marketing",
    "seo",
    "copywriting",
    "brand-strategy",
    "security",
    "threat-modeling",
    "incident-response",
    "observability",
    "testing",
    "ci-cd",
    "system-design",
    "architecture",
    "api-design",
    "mobile-ios",
    "mobile-android",
    "react",
    "accessibility",
    "technical-writing",
    "career-planning",
    "promotion-prep",
    "giving-feedback",
    "time-management",
    "remote-work",
    "mentoring",
    "presentation",
    "storytelling",
    "analytics",
    "excel",
    "finance",
    "legal",
    "compliance",
    "privacy",
    "procurement",
    "operations",
    "supply-chain",
    "quality-assurance",
    "scrum",
    "agile",
    "devops",
    "networking",
    "linux",
    "embedded",
    "hardware",
    "data-visualization",
    "experimentation",
    "growth",
    "pricing",
    "partnerships",
    "community",
    "diversity-inclusion",
    "wellbeing",
    "resilience",
]

INTERESTS = [
    "running",
    "cycling",
    "chess",
    "photography",
    "cooking",
    "hiking",
    "climbing",
    "music",
    "guitar",
    "piano",
    "reading",
    "writing",
    "gardening",
    "travel",
    "languages",
    "volunteering",
    "board-games",
    "yoga",
    "football",
    "basketball",
    "tennis",
    "swimming",
    "film",
    "painting",
    "podcasts",
    "history",
    "astronomy",
    "gaming",
    "sailing",
    "baking",
]

# Offices: (time zone, languages spoken there, share of the staff)
OFFICES = [
    ("America/New_York", ("en",), 0.22),
    ("America/Los_Angeles", ("en", "es"), 0.12),
    ("America/Sao_Paulo", ("pt-br", "en"), 0.07),
    ("Europe/London", ("en",), 0.12),
    ("Europe/Berlin", ("de", "en"), 0.12),
    ("Europe/Paris", ("fr", "en"), 0.07),
    ("Europe/Warsaw", ("pl", "en"), 0.05),
    ("Asia/Kolkata", ("hi", "en"), 0.11),
    ("Asia/Tokyo", ("ja", "en"), 0.06),
    ("Australia/Sydney", ("en",), 0.04),
    ("Africa/Nairobi", ("sw", "en"), 0.02),
]

DEPARTMENTS = [
    "Engineering",
    "Product",
    "Design",
    "Data",
    "Sales",
    "Marketing",
    "Customer-Success",
    "People",
    "Finance",
    "Security",
    "Legal",
    "Operations",
]

PHRASES = [
    "I want to get better at {a} and {b}.",
    "Looking for someone who has done {a} at scale; I am new to {b}.",
    "My goal this year: lead a project that needs {a}.",
    "I'd like a sounding board on {a}, and honest feedback on my {b}.",
    "Preparing for a promotion; {a} is my weakest area.",
    "Happy to share what I learned about {a} and {b} over the years.",
    "I have spent a decade on {a}; recently I coach people on {b}.",
]


@dataclass
class Person:
    id: str
    name: str
    role: str
    department: str
    manager_id: str
    level: int
    timezone: str
    languages: list[str]
    offers: dict[str, int]
    seeks: list[str]
    interests: list[str]
    goals: str
    capacity: int


class Population:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(SKILLS))]
        self.skill_weights = weights

    def skills(self, count: int) -> list[str]:
        picked: list[str] = []
        while len(picked) < count:
            skill = self.rng.choices(SKILLS, self.skill_weights)[0]
            if skill not in picked:
                picked.append(skill)
        return picked

    def office(self) -> tuple[str, tuple[str, ...]]:
        zone, langs, _ = self.rng.choices(OFFICES, [o[2] for o in OFFICES])[0]
        return zone, langs

    def goals(self, skills: list[str]) -> str:
        a = skills[0].replace("-", " ")
        b = (skills[1] if len(skills) > 1 else skills[0]).replace("-", " ")
        return " ".join(self.rng.choice(PHRASES).format(a=a, b=b) for _ in range(2))

    def person(self, index: int, role: str, manager_id: str, level: int) -> Person:
        zone, langs = self.office()
        spoken = list(langs[: self.rng.randint(1, len(langs))])
        mentor = role == "mentor"
        offered = self.skills(self.rng.randint(3, 6)) if mentor else self.skills(1)
        sought = [] if mentor else self.skills(self.rng.randint(1, 3))
        return Person(
            id=f"{role}-{index}",
            name=f"{role.title()} {index}",
            role=role,
            department=self.rng.choice(DEPARTMENTS),
            manager_id=manager_id,
            level=level,
            timezone=zone,
            languages=spoken,
            offers={s: self.rng.randint(3 if mentor else 1, 5) for s in offered},
            seeks=sought,
            interests=self.rng.sample(INTERESTS, self.rng.randint(1, 4)),
            goals=self.goals(sought or offered),
            capacity=self.rng.randint(1, 10) if mentor else 1,
        )


def generate(n_mentees: int, n_mentors: int, seed: int = 1) -> list[Person]:
    """Mentors are the senior part of the org chart; mentees report into it."""
    pop = Population(seed)
    mentors: list[Person] = []
    for index in range(n_mentors):
        # Each mentor reports to an earlier one: a tree, with the first mentor at the top.
        boss = mentors[pop.rng.randrange(len(mentors))].id if index else ""
        mentors.append(pop.person(index, "mentor", boss, pop.rng.randint(4, 10) if index else 10))
    mentees = [
        pop.person(index, "mentee", mentors[pop.rng.randrange(n_mentors)].id, pop.rng.randint(1, 5))
        for index in range(n_mentees)
    ]
    return mentees + mentors


COLUMNS = [
    "id",
    "name",
    "role",
    "department",
    "manager_id",
    "level",
    "timezone",
    "languages",
    "offers",
    "seeks",
    "interests",
    "goals",
    "capacity",
]


def write_csv(people: list[Person], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for p in people:
            writer.writerow(
                [
                    p.id,
                    p.name,
                    p.role,
                    p.department,
                    p.manager_id,
                    p.level,
                    p.timezone,
                    ";".join(p.languages),
                    ";".join(f"{s}:{v}" for s, v in p.offers.items()),
                    ";".join(p.seeks),
                    ";".join(p.interests),
                    p.goals,
                    p.capacity if p.role == "mentor" else "",
                ]
            )
