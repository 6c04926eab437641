"""Template tags the program panels use to fetch what they show."""

from __future__ import annotations

from typing import Any

from django import template

from mentorhub.people.access import acting_person
from mentorhub.programs.models import Program
from mentorhub.programs.panels import FormalView, for_program
from mentorhub.programs.topics import Topics, topics_of

register = template.Library()


@register.simple_tag
def topics_covered(program: Program) -> Topics:
    return topics_of(program)


@register.simple_tag(takes_context=True)
def formal_program(context: Any, program: Program) -> FormalView:
    managing = context.get("managing")
    return for_program(acting_person(context["request"]), program, managing)
