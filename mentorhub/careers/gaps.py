"""The skills gap: each skill the career plan targets against the mentee's proficiency today."""

from __future__ import annotations

from dataclasses import dataclass, field

from mentorhub.careers.models import CareerPlan, GoalSkill
from mentorhub.mentorships.models import Goal
from mentorhub.people.models import PersonSkill, Skill


@dataclass
class GapRow:
    skill: Skill
    wanted: int
    current: int  # 0: the mentee has not listed the skill
    goals: list[Goal] = field(default_factory=list)

    @property
    def gap(self) -> int:
        return max(0, self.wanted - self.current)

    @property
    def current_percent(self) -> int:
        return 20 * self.current

    @property
    def wanted_percent(self) -> int:
        return 20 * self.wanted


def skills_gap(plan: CareerPlan) -> list[GapRow]:
    """Three queries whatever the plan's size: targets, the mentee's skills, linked goals."""
    targets = list(plan.target_skills.select_related("skill"))
    ids = [t.skill_id for t in targets]
    current = dict(
        PersonSkill.objects.filter(person_id=plan.person_id, skill_id__in=ids).values_list(
            "skill_id", "proficiency"
        )
    )
    rows = {t.skill_id: GapRow(t.skill, t.wanted, current.get(t.skill_id, 0)) for t in targets}
    links = GoalSkill.objects.filter(
        goal__mentorship_id=plan.mentorship_id, skill_id__in=ids
    ).select_related("goal")
    for link in links:
        rows[link.skill_id].goals.append(link.goal)
    return list(rows.values())
