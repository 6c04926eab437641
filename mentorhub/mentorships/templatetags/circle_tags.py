"""Template tags for the circle and peer panels, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from mentorhub.mentorships.circle_invitations import (
    invitations_for,
    invite_candidates,
    pending_invitations,
)
from mentorhub.mentorships.circle_sizes import circle_seats
from mentorhub.mentorships.models import CircleInvitation, Mentorship, Status
from mentorhub.mentorships.peer import Exchange, exchanges
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

register = template.Library()


@register.simple_tag
def circle_of(mentorship: Mentorship, request: HttpRequest) -> dict[str, Any]:
    """The circle's size against its program's range, who left, whether the viewer may leave,
    and for its managers the invitations that top it up.

    Reads the members the page already fetched; one query for the departures, and for a
    manager two more: the pending invitations and who may be invited to top the circle up.
    """
    members = list(mentorship.members.all())
    program = mentorship.program
    viewer = getattr(request, "person", None)
    viewer_id = getattr(viewer, "pk", None)
    me = next((m for m in members if m.person_id == viewer_id), None)
    managing = viewer is not None and can_manage(viewer, program)
    tops_up = managing and mentorship.status == Status.ACTIVE
    return {
        "seats": circle_seats([m.role for m in members]),
        "invitations": list(pending_invitations(mentorship)) if managing else [],
        "candidates": list(invite_candidates(mentorship)) if tops_up else [],
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


@register.simple_tag
def my_circle_invitations(request: HttpRequest) -> list[CircleInvitation]:
    """The viewer's invitations to join a circle, still waiting for their answer (one query)."""
    viewer = getattr(request, "person", None)
    return [] if viewer is None else list(invitations_for(viewer))
