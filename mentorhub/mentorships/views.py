"""Mentorship pages: my mentorships, one mentorship, and its lifecycle buttons."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError, IllegalTransition
from mentorhub.feedback.reports import mentorship_card as checkin_card
from mentorhub.mentorships.access import MEMBERS, get_mentorship_for, visible_mentorships
from mentorhub.mentorships.circle_sizes import may_close
from mentorhub.mentorships.forms import CloseForm, DeclineForm, WithdrawForm
from mentorhub.mentorships.lifecycle import can_move
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.nudges import HEALTH_FILTERS, health, quiet_for
from mentorhub.mentorships.plan_views import plan_summary
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    decline_mentorship,
    withdraw_mentorship,
)
from mentorhub.messaging.unread import unread_count
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.web import acting_person, apply_to_form, member_view, query_id, run_action


@member_view
def mentorship_list(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    scope = request.GET.get("scope", "mine")
    mentorships = visible_mentorships(viewer)
    if scope != "all":
        mentorships = mentorships.filter(members__person=viewer)
    status = request.GET.get("status", "")
    if status in Status.values:
        mentorships = mentorships.filter(status=status)
    quiet = request.GET.get("health", "")
    if quiet in HEALTH_FILTERS:
        mentorships = quiet_for(mentorships, HEALTH_FILTERS[quiet])
    program_id = query_id(request.GET.get("program"))
    if program_id is not None:
        mentorships = mentorships.filter(program_id=program_id)
    mentorships = mentorships.select_related("program").prefetch_related(MEMBERS)
    return render(
        request,
        "mentorships/list.html",
        {
            "mentorships": mentorships.order_by("-created_at")[:500],
            "scope": scope,
            "status": status,
            "statuses": Status.choices,
            "health": quiet,
            "program_id": program_id or "",
            "can_see_all": viewer.is_org_admin or viewer.managed_programs.exists(),
        },
    )


def _actions(viewer: Person, mentorship: Mentorship) -> dict[str, bool]:
    me = next((m for m in mentorship.members.all() if m.person_id == viewer.pk), None)
    managing = can_manage(viewer, mentorship.program)
    is_open = mentorship.is_open
    return {
        "can_accept": bool(me and is_open and me.accepted_at is None),
        "can_decline": bool(me and is_open and mentorship.initiated_by_id != viewer.pk),
        "can_withdraw": is_open and (mentorship.initiated_by_id == viewer.pk or managing),
        "can_close": can_move(mentorship, Status.COMPLETED)
        and (managing or bool(me and may_close(mentorship, me))),
    }


def _detail(
    request: HttpRequest, mentorship: Mentorship, forms: dict[str, Form] | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = (
        Mentorship.objects.select_related("program", "initiated_by", "ended_by")
        .prefetch_related(MEMBERS)
        .get(pk=mentorship.pk)
    )
    enrollments = {m.enrollment_id for m in mentorship.members.all()}
    context = {
        "mentorship": mentorship,
        "goals": {e.pk: e.goals for e in mentorship.program.enrollments.filter(pk__in=enrollments)},
        "decline_form": DeclineForm(),
        "unread_messages": (
            unread_count(viewer, mentorship.pk)
            if any(m.person_id == viewer.pk for m in mentorship.members.all())
            else None
        ),
        "withdraw_form": WithdrawForm(),
        "initiator_is_member": any(
            m.person_id == mentorship.initiated_by_id for m in mentorship.members.all()
        ),
        "close_form": CloseForm(),
        **_actions(viewer, mentorship),
        "plan": plan_summary(viewer, mentorship),
        "checkins": checkin_card(viewer, mentorship),
        "health": health(mentorship),
        **(forms or {}),
    }
    return render(request, "mentorships/detail.html", context)


@member_view
def mentorship_detail(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    return _detail(request, get_mentorship_for(viewer, mentorship_id))


def _back(mentorship: Mentorship) -> str:
    return reverse("mentorship_detail", args=[mentorship.pk])


@member_view
@require_POST
def mentorship_accept(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    return run_action(
        request, lambda: accept_mentorship(viewer, mentorship), "Accepted.", _back(mentorship)
    )


@member_view
@require_POST
def mentorship_withdraw(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    return _form_action(
        request,
        mentorship,
        WithdrawForm(request.POST),
        "withdraw_form",
        lambda reason: withdraw_mentorship(viewer, mentorship, reason),
        "Withdrawn; the others have been told.",
    )


def _form_action(
    request: HttpRequest,
    mentorship: Mentorship,
    form: Form,
    name: str,
    action: Callable[..., object],
    done: str,
) -> HttpResponse:
    """Run a domain action fed by a form; invalid input re-shows the page with what was typed."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except IllegalTransition as exc:
            # The action is no longer possible (e.g. closed in another tab): say so on the page.
            messages.error(request, exc.message)
            return redirect(_back(mentorship))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(_back(mentorship))
    return _detail(request, mentorship, {name: form})


@member_view
@require_POST
def mentorship_decline(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    return _form_action(
        request,
        mentorship,
        DeclineForm(request.POST),
        "decline_form",
        lambda reason_code, reason: decline_mentorship(viewer, mentorship, reason_code, reason),
        "Declined; the other side has been told.",
    )


@member_view
@require_POST
def mentorship_close(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    return _form_action(
        request,
        mentorship,
        CloseForm(request.POST),
        "close_form",
        lambda mode, reason: close_mentorship(viewer, mentorship, mode, reason),
        "The mentorship is closed and kept in the program's records.",
    )
