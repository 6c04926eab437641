"""Career pages: a mentorship's career plan and skills gap, and a person's introductions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorhub.careers import services
from mentorhub.careers.access import (
    get_career_mentorship_for,
    get_introduction_for,
    introductions_for,
)
from mentorhub.careers.forms import IntroductionForm, PlanForm, TargetSkillForm
from mentorhub.careers.gaps import skills_gap
from mentorhub.careers.models import CareerPlan, IntroStatus
from mentorhub.errors import DomainError, InvalidInput
from mentorhub.mentorships.access import member_with_role
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person, Skill
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.web import acting_person, apply_to_form, member_view, run_action, run_form_action

MAX_LISTED = 200


def _plan_url(mentorship_id: int) -> str:
    return reverse("career_plan", args=[mentorship_id])


def _plan_of(mentorship: Mentorship) -> CareerPlan | None:
    plan = CareerPlan.objects.filter(mentorship=mentorship).first()
    if plan is not None:
        plan.mentorship = mentorship  # with its members and program already fetched
    return plan


def _page(
    request: HttpRequest,
    mentorship: Mentorship,
    plan_form: PlanForm | None = None,
    intro_form: IntroductionForm | None = None,
) -> HttpResponse:
    viewer = acting_person(request)
    plan = _plan_of(mentorship)
    initial = (
        {"target_role": plan.target_role, "horizon_months": plan.horizon_months} if plan else {}
    )
    is_mentor = member_with_role(mentorship, EnrollmentRole.MENTOR) == viewer
    context = {
        "mentorship": mentorship,
        "plan": plan,
        "gap": skills_gap(plan) if plan else [],
        "plan_form": plan_form or PlanForm(initial=initial),
        "skill_form": TargetSkillForm(),
        "is_mentor": is_mentor,
        "intro_form": intro_form or IntroductionForm(mentorship=mentorship),
        "introductions": list(introductions_for(viewer).filter(mentorship=mentorship)[:MAX_LISTED]),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "careers/plan.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def career_plan(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_career_mentorship_for(viewer, mentorship_id)
    if request.method != "POST":
        return _page(request, mentorship)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.save_plan(viewer, mentorship, **form.cleaned_data)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Career plan saved.")
            return redirect(_plan_url(mentorship.pk))
    return _page(request, mentorship, plan_form=form)


def _existing_plan(mentorship: Mentorship) -> CareerPlan:
    plan = _plan_of(mentorship)
    if plan is None:
        raise InvalidInput("Write the career plan (target role and horizon) first.")
    return plan


@member_view
@require_POST
def target_skill_set(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_career_mentorship_for(viewer, mentorship_id)
    return run_form_action(
        request,
        TargetSkillForm(request.POST),
        lambda data: services.set_target_skill(
            viewer, _existing_plan(mentorship), data["skill"], data["wanted"]
        ),
        lambda data: f"{data['skill']} is part of the plan.",
        _plan_url(mentorship.pk),
        refusal="Name a skill and the proficiency wanted, from 1 to 5.",
    )


def _skill(viewer: Person, skill_id: int) -> Skill:
    skill = Skill.objects.filter(pk=skill_id, organization=viewer.organization).first()
    if skill is None:
        raise Http404("No such skill.")
    return skill


@member_view
@require_POST
def target_skill_remove(request: HttpRequest, mentorship_id: int, skill_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_career_mentorship_for(viewer, mentorship_id)
    skill = _skill(viewer, skill_id)
    return run_action(
        request,
        lambda: services.remove_target_skill(viewer, _existing_plan(mentorship), skill),
        f"{skill.name} is no longer part of the plan.",
        _plan_url(mentorship.pk),
    )


@member_view
@require_POST
def gap_goal(request: HttpRequest, mentorship_id: int, skill_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_career_mentorship_for(viewer, mentorship_id)
    skill = _skill(viewer, skill_id)
    return run_action(
        request,
        lambda: services.add_gap_goal(viewer, _existing_plan(mentorship), skill),
        f"Added the goal “Close the gap in {skill.name}”.",
        _plan_url(mentorship.pk),
    )


@member_view
@require_POST
def introduction_make(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_career_mentorship_for(viewer, mentorship_id)
    form = IntroductionForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.introduce(viewer, mentorship, data["to_person"], data["note"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            name = data["to_person"].full_name
            messages.success(request, f"Introduction sent; {name} has been asked by email.")
            return redirect(_plan_url(mentorship.pk))
    return _page(request, mentorship, intro_form=form)


@member_view
@require_GET
def introductions(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    mine = list(introductions_for(viewer)[:MAX_LISTED])
    context = {
        "received": [i for i in mine if i.to_person_id == viewer.pk],
        "others": [i for i in mine if i.to_person_id != viewer.pk],
        "pending": IntroStatus.PENDING,
        "viewer": viewer,
    }
    return render(request, "careers/introductions.html", context)


@member_view
@require_POST
def introduction_answer(request: HttpRequest, introduction_id: int, answer: str) -> HttpResponse:
    viewer = acting_person(request)
    intro = get_introduction_for(viewer, introduction_id)
    actions = {
        "accept": (
            lambda: services.answer_introduction(viewer, intro, accept=True),
            "Accepted: you both have each other's contact by email.",
        ),
        "decline": (
            lambda: services.answer_introduction(viewer, intro, accept=False),
            "Declined. Thank you for answering.",
        ),
        "withdraw": (
            lambda: services.withdraw_introduction(viewer, intro),
            "Introduction withdrawn.",
        ),
    }
    if answer not in actions:
        raise Http404("No such answer.")
    action, success = actions[answer]
    return run_action(request, action, success, reverse("introductions"))
