"""Template filters for the matching pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: object) -> int:
    """A 0..1 score or progress as a whole number from 0 to 100."""
    try:
        return round(float(value) * 100)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
