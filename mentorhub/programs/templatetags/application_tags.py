"""Template filters for applications to formal programs: the deadline, as people read it."""

from __future__ import annotations

from django import template

from mentorhub.programs.applications import applications_note
from mentorhub.programs.models import Program

register = template.Library()


@register.filter
def applications_deadline(program: Program) -> str:
    """“Applications close on 3 March 2026” (or “closed on”), or "" without a deadline."""
    return applications_note(program)
