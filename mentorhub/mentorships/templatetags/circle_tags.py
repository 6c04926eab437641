"""Template tags for the circle and peer panels, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from mentorhub.mentorships.circle_sizes import circle_seats
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.peer import Exchange, exchanges
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

register = template.Library()


@register.simple_tag
def circle_of(mentorship: Mentorship, request: HttpRequest) -> dict[str, Any]:
    """The circle's size against its program's range, who left, and whether the viewer may leave.

    Reads the members the page already fetched; one query for the departures.
    """
    members = list(mentorship.members.all())
    program = mentorship.program
    viewer_id = getattr(getattr(request, "person", None), "pk", None)
    me = next((m for m in members if m.person_id == viewer_id), None)
    return {
        "seats": circle_seats([m.role for m in members]),
        "who": "peers" if program.approach_rules.is_mutual else "mentees",
        "low": program.circle_min_size,
        "high": program.circle_max_size,
        "departures": list(mentorship.departures.select_related("person")),
        "can_leave": me is not None and mentorship.status == Status.ACTIVE and len(members) > 2,
    }


@register.simple_tag
def circle_candidates(program: Program) -> list[Enrollment]:
    """The program's active enrollments with their people, for forming a circle (one query)."""
    enrollments = program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
    return list(enrollments.select_related("person").order_by("role", "person__full_name"))


@register.simple_tag
def peer_exchanges(mentorship: Mentorship) -> list[Exchange]:
    return exchanges(mentorship)
