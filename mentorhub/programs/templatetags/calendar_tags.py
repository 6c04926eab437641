"""Template tags of the program calendar panel: the next events the viewer may see."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from mentorhub.people.access import acting_person
from mentorhub.programs.calendar import program_events
from mentorhub.programs.models import Program, ProgramEvent

register = template.Library()
PANEL_EVENTS = 3


@register.simple_tag(takes_context=True)
def next_program_events(context: Any, program: Program) -> list[ProgramEvent]:
    events = program_events(acting_person(context["request"]), program)
    upcoming = events.filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True)
    return list(upcoming[:PANEL_EVENTS])
