"""Career panels for the mentorship and program pages, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from mentorhub.careers.gaps import skills_gap
from mentorhub.careers.models import CareerPlan, Introduction, IntroStatus
from mentorhub.mentorships.access import is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.access import acting_person
from mentorhub.programs.models import Program

register = template.Library()


@register.simple_tag(takes_context=True)
def career_panel(context: template.Context, mentorship: Mentorship) -> dict[str, Any]:
    """The plan and its gap for a member; nothing but a note for anyone else."""
    viewer = acting_person(context["request"])
    if not is_member(viewer, mentorship):
        return {"member": False}
    plan = CareerPlan.objects.filter(mentorship=mentorship).first()
    return {
        "member": True,
        "plan": plan,
        "gap": skills_gap(plan) if plan else [],
        "introductions": Introduction.objects.filter(mentorship=mentorship).count(),
    }


@register.simple_tag
def career_counts(program: Program) -> dict[str, int]:
    """What managers see of a career program: how many plans and introductions, no content."""
    intros = Introduction.objects.filter(mentorship__program=program).aggregate(
        accepted=Count("id", filter=Q(status=IntroStatus.ACCEPTED)),
        pending=Count("id", filter=Q(status=IntroStatus.PENDING)),
    )
    plans = CareerPlan.objects.filter(mentorship__program=program).count()
    return {"plans": plans, **intros}
