"""Which topics a program's mentorships cover: what mentors teach that their mentees seek.

For reverse mentoring the program page lists them, so leaders see which new tools and
practices are being passed on, and which are asked for but not yet covered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mentorhub.mentorships.models import Member, Status
from mentorhub.people.models import PersonSkill, SkillDirection
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Program

OFFERS = (SkillDirection.OFFERS, SkillDirection.BOTH)
SEEKS = (SkillDirection.SEEKS, SkillDirection.BOTH)


@dataclass(frozen=True)
class Topics:
    covered: list[tuple[str, int]]  # topic, how many active mentorships teach it
    wanted: list[tuple[str, int]]  # sought by mentees in them, taught by none of their mentors


def topics_of(program: Program) -> Topics:
    """Two queries, whatever the number of mentorships."""
    members = list(
        Member.objects.filter(
            mentorship__program=program, mentorship__status=Status.ACTIVE
        ).values_list("mentorship_id", "person_id", "role")
    )
    skills: dict[tuple[int, str], set[str]] = {}
    people = {person for _, person, _ in members}
    for person, name, direction in PersonSkill.objects.filter(person_id__in=people).values_list(
        "person_id", "skill__name", "direction"
    ):
        for side, directions in (("offers", OFFERS), ("seeks", SEEKS)):
            if direction in directions:
                skills.setdefault((person, side), set()).add(name)
    teach: dict[int, set[str]] = {}
    learn: dict[int, set[str]] = {}
    for mentorship, person, role in members:
        if role == EnrollmentRole.MENTOR:
            teach.setdefault(mentorship, set()).update(skills.get((person, "offers"), ()))
        else:
            learn.setdefault(mentorship, set()).update(skills.get((person, "seeks"), ()))
    covered: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    for mentorship, sought in learn.items():
        taught = teach.get(mentorship, set())
        covered.update(sought & taught)
        wanted.update(sought - taught)
    return Topics(_ranked(covered), _ranked(wanted))


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
