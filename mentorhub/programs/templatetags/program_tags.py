from django import template

from mentorhub.programs.models import Program
from mentorhub.programs.topics import Topics, topics_of

register = template.Library()


@register.simple_tag
def topics_covered(program: Program) -> Topics:
    return topics_of(program)
