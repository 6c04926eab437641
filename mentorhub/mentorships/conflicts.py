"""Live mentorships that an org-chart change would turn into a conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from mentorhub.mentorships.models import LIVE_STATUSES, Member
from mentorhub.people.models import Person
from mentorhub.people.orgchart import OrgChart


@dataclass(frozen=True)
class ChainConflict:
    mentorship_id: int
    program_name: str
    people: tuple[Person, Person]

    def __str__(self) -> str:
        a, b = self.people
        return (
            f"{a.full_name} and {b.full_name} would be in one management chain while they "
            f"have a mentorship in {self.program_name} (#{self.mentorship_id}); "
            "close it before changing the org chart"
        )


def chain_conflicts(organization_id: int, moved: set[int]) -> list[ChainConflict]:
    """Conflicts among live mentorships of the people whose management chain just changed.

    Call after the change is written (inside its transaction): `moved` are the people whose
    manager changed; their reports' chains changed with them.
    """
    chart = OrgChart(organization_id)
    affected = chart.with_reports(moved)
    members = (
        Member.objects.filter(
            mentorship__members__person_id__in=affected,
            mentorship__status__in=LIVE_STATUSES,
        )
        .select_related("person", "mentorship__program")
        .distinct()
        .order_by("mentorship_id", "person_id")
    )
    by_mentorship: dict[int, list[Member]] = {}
    for member in members:
        by_mentorship.setdefault(member.mentorship_id, []).append(member)
    conflicts = []
    for mentorship_id, group in by_mentorship.items():
        for a, b in combinations(group, 2):
            if chart.in_chain(a.person_id, b.person_id):
                program = group[0].mentorship.program.name
                conflicts.append(ChainConflict(mentorship_id, program, (a.person, b.person)))
    return conflicts
