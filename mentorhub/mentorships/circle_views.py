"""Circle and peer buttons: form a circle, leave one, say what you offer and seek, comment."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError
from mentorhub.mentorships import goals
from mentorhub.mentorships.access import get_mentorship_for, visible_mentorships
from mentorhub.mentorships.circle_invitations import (
    accept_circle_invitation,
    decline_circle_invitation,
    get_invitation_for,
    invite_candidates,
    invite_to_circle,
    withdraw_circle_invitation,
)
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.models import CircleInvitation, InvitationStatus, Mentorship, Status
from mentorhub.mentorships.peer import MAX_EXCHANGE, set_exchange
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage, get_managed_program_for
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program
from mentorhub.web import acting_person, first_error, member_view, run_action, run_form_action


class CircleForm(forms.Form):
    enrollments = forms.ModelMultipleChoiceField(
        queryset=Enrollment.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, program: Program, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["enrollments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = program.enrollments.filter(status=EnrollmentStatus.ACTIVE).select_related(
            "person", "program"
        )


class InviteForm(forms.Form):
    enrollment = forms.ModelChoiceField(queryset=Enrollment.objects.none())

    def __init__(self, mentorship: Mentorship, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["enrollment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = invite_candidates(mentorship)


class LeaveForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)


class ExchangeForm(forms.Form):
    offers = forms.CharField(required=False, max_length=MAX_EXCHANGE)
    seeks = forms.CharField(required=False, max_length=MAX_EXCHANGE)


class CommentForm(forms.Form):
    body = forms.CharField(max_length=goals.MAX_COMMENT)


@member_view
@require_POST
def circle_propose(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    back = reverse("program_detail", args=[program.pk]) + "#circles"
    form = CircleForm(program, request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the people for the circle: " + first_error(form))
        return redirect(back)
    try:
        circle = propose_circle(viewer, program, list(form.cleaned_data["enrollments"]))
    except DomainError as exc:
        if exc.status_code == 403:
            raise
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, "Circle proposed; it starts once everyone in it accepts.")
    return redirect("mentorship_detail", circle.pk)


@member_view
@require_POST
def circle_leave(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("mentorship_detail", mentorship.pk)
    try:
        leave_circle(viewer, mentorship, form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.status_code == 403:
            raise
        messages.error(request, exc.message)
        return redirect("mentorship_detail", mentorship.pk)
    messages.success(request, "You have left the circle; the others have been told.")
    return redirect("mentorship_list")


@member_view
@require_POST
def exchange_edit(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    back = reverse("mentorship_detail", args=[mentorship.pk])
    return run_form_action(
        request,
        ExchangeForm(request.POST),
        lambda data: set_exchange(viewer, mentorship, data["offers"], data["seeks"]),
        "Saved what you offer and seek.",
        back,
    )


@member_view
@require_POST
def goal_comment(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    back = reverse("mentorship_goals", args=[mentorship_id]) + f"#goal-{goal.pk}"
    return run_form_action(
        request,
        CommentForm(request.POST),
        lambda data: goals.comment_on_goal(viewer, goal, data["body"]),
        "Comment added.",
        back,
        refusal="Write a comment first.",
    )


# Topping up a circle: invite (managers), then accept or decline (the newcomer).


@member_view
@require_POST
def circle_invite(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    return run_form_action(
        request,
        InviteForm(mentorship, request.POST),
        lambda data: invite_to_circle(viewer, mentorship, data["enrollment"]),
        lambda data: f"{data['enrollment'].person} is invited; they join once they accept.",
        reverse("mentorship_detail", args=[mentorship.pk]) + "#circle",
        refusal="Choose someone enrolled in the program who is not in the circle yet.",
    )


@member_view
def circle_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = acting_person(request)
    invitation = get_invitation_for(viewer, invitation_id)
    mentorship = invitation.mentorship
    waiting = invitation.status == InvitationStatus.PENDING
    invitee = invitation.person_id == viewer.pk
    can_answer = waiting and invitee and mentorship.status == Status.ACTIVE
    # The invitee sees who is in the circle while deciding; after a decline or a withdrawal
    # only those who may see the circle do.
    sees_members = can_answer or visible_mentorships(viewer).filter(pk=mentorship.pk).exists()
    context = {
        "invitation": invitation,
        "mentorship": mentorship,
        "members": mentorship.members.select_related("person") if sees_members else None,
        "can_answer": can_answer,
        "can_withdraw": waiting and can_manage(viewer, mentorship.program),
        "circle_ended": mentorship.status != Status.ACTIVE,
    }
    return render(request, "mentorships/circle_invitation.html", context)


def _answer(
    request: HttpRequest,
    invitation_id: int,
    answer: Callable[[Person, CircleInvitation], object],
    done: str,
) -> HttpResponse:
    viewer = acting_person(request)
    invitation = get_invitation_for(viewer, invitation_id)
    back = reverse("circle_invitation", args=[invitation.pk])
    return run_action(request, lambda: answer(viewer, invitation), done, back)


@member_view
@require_POST
def circle_invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = acting_person(request)
    invitation = get_invitation_for(viewer, invitation_id)
    try:
        accept_circle_invitation(viewer, invitation)
    except DomainError as exc:
        if exc.status_code == 403:
            raise
        messages.error(request, exc.message)
        return redirect("circle_invitation", invitation.pk)
    messages.success(request, "Welcome: the circle's meetings, conversation and goals are yours.")
    return redirect("mentorship_detail", invitation.mentorship_id)


@member_view
@require_POST
def circle_invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _answer(
        request, invitation_id, decline_circle_invitation, "Declined; whoever invited you is told."
    )


@member_view
@require_POST
def circle_invitation_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _answer(request, invitation_id, withdraw_circle_invitation, "Invitation withdrawn.")
