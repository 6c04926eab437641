"""People, skills and enrollments for the match-run tests, built through the domain actions."""

from __future__ import annotations

from datetime import time
from typing import Any

from conftest import Scenario, make_person
from mentorhub.people.models import Person
from mentorhub.people.services import SkillEntry, Slot, set_availability, set_skills
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import enroll


def give_skills(person: Person, *entries: tuple[str, int, str]) -> None:
    set_skills(
        person, person, [SkillEntry(name, level, direction) for name, level, direction in entries]
    )


def free_on(person: Person, weekday: int, start: str, end: str) -> None:
    set_availability(
        person, person, [Slot(weekday, time.fromisoformat(start), time.fromisoformat(end))]
    )


def new_mentee(
    s: Scenario,
    name: str,
    level: int = 2,
    seeks: tuple[str, ...] = (),
    goals: str = "",
    **profile: Any,
) -> Enrollment:
    person = make_person(s.org, name, level=level, **profile)
    give_skills(person, *[(skill, 1, "seeks") for skill in seeks])
    return enroll(person, s.program, "mentee", goals)


def new_mentor(
    s: Scenario,
    name: str,
    level: int = 7,
    offers: tuple[str, ...] = (),
    capacity: int = 1,
    goals: str = "",
    **profile: Any,
) -> Enrollment:
    person = make_person(s.org, name, level=level, **profile)
    give_skills(person, *[(skill, 4, "offers") for skill in offers])
    return enroll(person, s.program, "mentor", goals, capacity=capacity)


class Team:
    """A small program to match: who should pair with whom, and who cannot be paired.

    Otto offers Python, Vera offers design (one seat each); Nina seeks Python, Paul design;
    Hugo seeks Python but speaks only French; Cleo seeks design but reports to Vera. Mona
    (two seats) and Max (seeking nothing in particular) come from the scenario.
    """

    def __init__(self, s: Scenario):
        self.otto = new_mentor(s, "Otto Python", offers=("Python",), languages=["en"])
        self.vera = new_mentor(s, "Vera Design", offers=("Design",), languages=["en"])
        self.nina = new_mentee(s, "Nina Python", seeks=("Python",), languages=["en"])
        self.paul = new_mentee(s, "Paul Design", seeks=("Design",), languages=["en"])
        self.hugo = new_mentee(s, "Hugo French", seeks=("Python",), languages=["fr"])
        self.cleo = new_mentee(s, "Cleo Report", seeks=("Design",), manager=self.vera.person)
