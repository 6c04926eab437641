"""Template tags the flash panels use to fetch what they show, in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django import template

from mentorhub.flash.panels import ChallengeView, ProgramChallenges, for_mentorship, for_program
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.access import acting_person
from mentorhub.programs.models import Program

register = template.Library()


@register.simple_tag(takes_context=True)
def mentorship_challenge(context: Any, mentorship: Mentorship) -> ChallengeView | None:
    return for_mentorship(acting_person(context["request"]), mentorship)


@register.simple_tag(takes_context=True)
def program_challenges(context: Any, program: Program) -> ProgramChallenges:
    managing = context.get("managing")
    return for_program(acting_person(context["request"]), program, managing)
