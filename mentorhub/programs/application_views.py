"""Formal program buttons: a manager approves or declines an application, and a participant
acknowledges the program's guidelines."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.programs.access import get_enrollment_for
from mentorhub.programs.applications import (
    acknowledge_guidelines,
    approve_application,
    decline_application,
)
from mentorhub.web import acting_person, member_view, run_action


def _back(program_id: int) -> str:
    return reverse("program_detail", args=[program_id])


@member_view
@require_POST
def enrollment_approve(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_enrollment_for(viewer, enrollment_id)
    return run_action(
        request,
        lambda: approve_application(viewer, enrollment),
        f"{enrollment.person.full_name} is approved and told by email.",
        _back(enrollment.program_id),
    )


@member_view
@require_POST
def enrollment_decline(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_enrollment_for(viewer, enrollment_id)
    reason = request.POST.get("reason", "")
    return run_action(
        request,
        lambda: decline_application(viewer, enrollment, reason),
        f"{enrollment.person.full_name}'s application is declined; they are told why.",
        _back(enrollment.program_id),
    )


@member_view
@require_POST
def enrollment_acknowledge(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_enrollment_for(viewer, enrollment_id)
    return run_action(
        request,
        lambda: acknowledge_guidelines(viewer, enrollment),
        "Thank you: you have acknowledged the guidelines and resources.",
        _back(enrollment.program_id),
    )
