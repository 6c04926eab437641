"""Feedback pages: a mentorship's check-ins, one-click meeting feedback, the closing survey,
and a program's check-in report for its managers."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorhub.errors import DomainError, IllegalTransition, NotAllowed
from mentorhub.feedback import reports, services
from mentorhub.feedback.access import (
    get_alert_for,
    get_checkin_for,
    get_feedback_mentorship_for,
    get_report_program_for,
    is_member,
)
from mentorhub.feedback.forms import CheckInForm, ClosingSurveyForm, PolicyForm
from mentorhub.feedback.models import ClosingSurvey
from mentorhub.feedback.schedule import policy_for
from mentorhub.meetings.access import get_meeting_for
from mentorhub.mentorships.models import Mentorship
from mentorhub.programs.models import Program
from mentorhub.web import acting_person, apply_to_form, member_view, run_action


def _checkins_url(mentorship_id: int) -> str:
    return reverse("mentorship_checkins", args=[mentorship_id])


def _checkins_page(
    request: HttpRequest, mentorship: Mentorship, form: CheckInForm | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    checkins = reports.checkins_for(viewer, mentorship)
    member = is_member(viewer, mentorship)
    current = reports.open_checkin(checkins) if member else None
    if current is not None and form is None:
        mine = current.mine[0] if current.mine else None  # type: ignore[attr-defined]
        initial = {f: getattr(mine, f) for f in CheckInForm.base_fields} if mine else {}
        form = CheckInForm(initial=initial, rules=mentorship.program.approach_rules)
    context = {
        "mentorship": mentorship,
        "member": member,
        "checkins": checkins,
        "current": current,
        "form": form if current is not None else None,
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "feedback/mentorship_checkins.html", context)


@member_view
@require_GET
def mentorship_checkins(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = get_feedback_mentorship_for(acting_person(request), mentorship_id)
    return _checkins_page(request, mentorship)


@member_view
@require_POST
def checkin_answer(request: HttpRequest, checkin_id: int) -> HttpResponse:
    viewer = acting_person(request)
    checkin = get_checkin_for(viewer, checkin_id)
    form = CheckInForm(request.POST, rules=checkin.mentorship.program.approach_rules)
    if form.is_valid():
        try:
            services.answer_checkin(viewer, checkin, form.answer())
        except IllegalTransition as exc:
            messages.error(request, exc.message)
            return redirect(_checkins_url(checkin.mentorship_id))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Thank you: your answer is saved.")
            return redirect(_checkins_url(checkin.mentorship_id))
    return _checkins_page(request, get_feedback_mentorship_for(viewer, checkin.mentorship_id), form)


@member_view
@require_POST
def meeting_feedback(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One click: an htmx press swaps the buttons in place; without JS it flashes and returns."""
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    rating = request.POST.get("rating", "")
    back = reverse("meeting_detail", args=[meeting.pk])
    if not getattr(request, "htmx", False):
        return run_action(
            request,
            lambda: services.rate_meeting(viewer, meeting, rating),
            "Thanks for the feedback.",
            back,
        )
    error = ""
    try:
        services.rate_meeting(viewer, meeting, rating)
    except NotAllowed:
        raise
    except DomainError as exc:
        error = exc.message
    state = reports.meeting_feedback_state(viewer, meeting) | {"error": error}
    return render(request, "feedback/_meeting_feedback.html", {"feedback": state})


def _closing_page(
    request: HttpRequest, mentorship: Mentorship, form: Form | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    if form is None:
        mine = ClosingSurvey.objects.filter(mentorship=mentorship, person=viewer).first()
        initial = {f: getattr(mine, f) for f in ClosingSurveyForm.base_fields} if mine else {}
        if mine:
            initial["would_again"] = "yes" if mine.would_again else "no"
        form = ClosingSurveyForm(initial=initial)
    context = {
        "mentorship": mentorship,
        "form": form,
        "ended": mentorship.status in services.ENDED,
    }
    return render(request, "feedback/closing_survey.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def closing_survey(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_feedback_mentorship_for(viewer, mentorship_id)
    if not is_member(viewer, mentorship):
        raise NotAllowed("The closing survey is for the mentorship's members.")
    if request.method != "POST":
        return _closing_page(request, mentorship)
    form = ClosingSurveyForm(request.POST)
    if form.is_valid():
        try:
            services.answer_closing_survey(viewer, mentorship, form.survey())
        except IllegalTransition as exc:
            messages.error(request, exc.message)
            return redirect(reverse("mentorship_detail", args=[mentorship.pk]))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Thank you: your closing survey is saved.")
            return redirect(reverse("mentorship_detail", args=[mentorship.pk]))
    return _closing_page(request, mentorship, form)


def _report_page(
    request: HttpRequest, program: Program, form: PolicyForm | None = None
) -> HttpResponse:
    policy = policy_for(program)
    context = {
        "program": program,
        "report": reports.program_report(program),
        "policy": policy,
        "form": form
        or PolicyForm(
            initial={
                "enabled": policy.enabled,
                "first_after_days": policy.first_after_days,
                "every_days": policy.every_days,
            }
        ),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "feedback/program_checkins.html", context)


@member_view
@require_GET
def program_checkins(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_report_program_for(acting_person(request), program_id)
    return _report_page(request, program)


@member_view
@require_POST
def program_checkin_policy(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_report_program_for(viewer, program_id)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            services.set_checkin_policy(viewer, program, **form.cleaned_data)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Saved. New check-ins follow this schedule.")
            return redirect(reverse("program_checkins", args=[program.pk]))
    return _report_page(request, program, form)


@member_view
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    viewer = acting_person(request)
    alert = get_alert_for(viewer, alert_id)
    return run_action(
        request,
        lambda: services.acknowledge_alert(viewer, alert),
        "Acknowledged.",
        reverse("program_checkins", args=[alert.checkin.mentorship.program_id]),
    )
