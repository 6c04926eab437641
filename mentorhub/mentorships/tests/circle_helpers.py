"""A group program with circles of 2 to 4 mentees, and a peer program, for the circle tests."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import Scenario, make_person
from mentorhub.mentorships.circles import propose_circle
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import (
    create_program,
    enroll,
    set_program_status,
    update_matching_settings,
)


def open_program(s: Scenario, approach: str, low: int = 2, high: int = 4) -> Program:
    program = create_program(
        s.pete, {"name": f"A {approach} program", "approach": approach, "evergreen": True}
    )
    set_program_status(s.pete, program, "open")
    program.refresh_from_db()
    return update_matching_settings(
        s.pete, program, {"circle_min_size": low, "circle_max_size": high}
    )


@dataclass
class Group:
    """Mona leads; Max, Ann, Bea and Cal are mentees (Cal is left out of the circle)."""

    program: Program
    mentor: Enrollment
    mentees: list[Enrollment]
    spare: Enrollment

    @property
    def circle(self) -> list[Enrollment]:
        return [self.mentor, *self.mentees]


def group(s: Scenario) -> Group:
    program = open_program(s, "group")
    mentor = enroll(s.mona, program, "mentor", "Lead a circle", capacity=1)
    mentees = [enroll(s.max, program, "mentee", "Grow as a lead")]
    for name in ("Ann Mentee", "Bea Mentee"):
        mentees.append(enroll(make_person(s.org, name, level=2), program, "mentee"))
    spare = enroll(make_person(s.org, "Cal Mentee", level=2), program, "mentee")
    return Group(program, mentor, mentees, spare)


def accept_all(circle: Mentorship) -> Mentorship:
    for member in circle.members.select_related("person"):
        accept_mentorship(member.person, circle)
    return Mentorship.objects.prefetch_related("members__person").get(pk=circle.pk)


def active_circle(s: Scenario, g: Group) -> Mentorship:
    return accept_all(propose_circle(s.pete, g.program, g.circle))


def peers(s: Scenario, count: int = 3) -> tuple[Program, list[Enrollment]]:
    program = open_program(s, "peer", 2, 4)
    people = [s.mona, s.max] + [make_person(s.org, f"Peer {n}", level=4) for n in range(count - 2)]
    return program, [enroll(p, program, "peer", "Trade skills") for p in people]
