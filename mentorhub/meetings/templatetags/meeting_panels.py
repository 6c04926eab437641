"""The virtual approach's time-zone panel on a mentorship's page, in one query."""

from __future__ import annotations

from django import template
from django.utils import timezone

from mentorhub.meetings.zones import TimeZonesView, time_zones
from mentorhub.mentorships.models import Mentorship

register = template.Library()


@register.simple_tag
def time_zones_panel(mentorship: Mentorship) -> TimeZonesView:
    """Drawn in the zone the page is shown in: the viewer's own."""
    return time_zones(mentorship, timezone.get_current_timezone_name(), timezone.now())
