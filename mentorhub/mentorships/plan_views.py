"""Pages for a mentorship's plan: its agreement, its goals (htmx ticks), the program's plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from mentorhub.errors import DomainError, IllegalTransition
from mentorhub.mentorships import agreements, goals
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.models import LIVE_STATUSES, Goal, GoalStatus, Member, Mentorship
from mentorhub.mentorships.plan_forms import (
    AgreementForm,
    GoalForm,
    GoalStatusForm,
    MilestoneForm,
    OwnGoalForm,
    ProgramPlanForm,
    TaskForm,
    goal_outline,
)
from mentorhub.people.models import Person
from mentorhub.web import acting_person, apply_to_form, member_view, run_action, run_form_action


def _members(mentorship: Mentorship) -> list[Member]:
    return list(mentorship.members.select_related("person"))


def _terms(agreement: Any) -> dict[str, Any]:
    return {t: getattr(agreement, t) for t in agreements.TERMS}


def _agreement_page(
    request: HttpRequest, mentorship: Mentorship, form: Form | None = None
) -> HttpResponse:
    agreement = agreements.agreement_for(mentorship)
    confirmed = agreements.confirmations(agreement)
    members = _members(mentorship)
    viewer = acting_person(request)
    context = {
        "mentorship": mentorship,
        "agreement": agreement,
        "form": form or AgreementForm(initial=_terms(agreement)),
        "members": [(m, confirmed.get(m.person_id)) for m in members],
        "can_confirm": mentorship.status in LIVE_STATUSES and viewer.pk not in confirmed,
        "editable": mentorship.status in LIVE_STATUSES,
        "required": agreements.agreement_required(mentorship),
    }
    return render(request, "mentorships/agreement.html", context)


@member_view
def agreement_page(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = agreements.get_agreement_mentorship_for(viewer, mentorship_id)
    if request.method != "POST":
        return _agreement_page(request, mentorship)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            agreements.save_agreement(viewer, mentorship, form.cleaned_data)
        except IllegalTransition as exc:
            messages.error(request, exc.message)
            return redirect(_agreement_url(mentorship))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Saved. Everyone confirms the agreement as it is now.")
            return redirect(_agreement_url(mentorship))
    return _agreement_page(request, mentorship, form)


def _agreement_url(mentorship: Mentorship) -> str:
    return reverse("mentorship_agreement", args=[mentorship.pk])


@member_view
@require_POST
def agreement_confirm(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = agreements.get_agreement_mentorship_for(viewer, mentorship_id)
    return run_action(
        request,
        lambda: agreements.confirm_agreement(viewer, mentorship),
        "Confirmed.",
        _agreement_url(mentorship),
    )


def _goal_forms(goal: Goal, owners: list[tuple[int, str]], bound: dict[str, Any]) -> None:
    """Attach each goal's add-milestone and add-task forms; a rejected one keeps its input."""
    milestones = [(m.pk, m.title) for m in goal.milestones.all()]
    # One prefix per form: every field on the page keeps a unique name and id.
    goal.milestone_form = bound.get(f"g{goal.pk}m") or MilestoneForm(prefix=f"g{goal.pk}m")  # type: ignore[attr-defined]
    goal.task_form = bound.get(f"g{goal.pk}t") or TaskForm(  # type: ignore[attr-defined]
        prefix=f"g{goal.pk}t", owners=owners, milestones=milestones
    )
    goal.progress = goals.goal_progress(goal)  # type: ignore[attr-defined]


def _goals_context(
    viewer: Person, mentorship: Mentorship, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    members = _members(mentorship)
    owners = [(m.person_id, m.person.full_name) for m in members]
    goal_list = list(goals.goals_of(mentorship))
    for goal in goal_list:
        _goal_forms(goal, owners, bound or {})
    return {
        "mentorship": mentorship,
        "goals": goal_list,
        "progress": goals.overall_progress(goal_list),
        "editable": mentorship.status in LIVE_STATUSES
        and any(m.person_id == viewer.pk for m in members),
        "goal_form": (bound or {}).get("goal") or _new_goal_form(mentorship),
        "is_member": any(m.person_id == viewer.pk for m in members),
        # Circles keep shared goals and each member's own: the page groups them.
        "grouped": len(members) > 2 or any(g.owner_id for g in goal_list),
        "statuses": GoalStatus.choices,
    }


@member_view
def goals_page(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_mentorship_for(viewer, mentorship_id)
    if request.method != "POST":
        return render(request, "mentorships/goals.html", _goals_context(viewer, mentorship))
    form = _new_goal_form(mentorship, request.POST)
    return _add(
        request,
        viewer,
        mentorship,
        form,
        "goal",
        lambda: goals.add_goal(viewer, mentorship, **_goal_fields(viewer, form.cleaned_data)),
    )


def _new_goal_form(mentorship: Mentorship, data: Any = None) -> GoalForm:
    """In a circle a member may add a goal of their own, not only the circle's."""
    if mentorship.program.approach_rules.forms_circles:
        return OwnGoalForm(data)
    return GoalForm(data)


def _goal_fields(viewer: Person, cleaned: dict[str, Any]) -> dict[str, Any]:
    fields = dict(cleaned)
    if fields.pop("mine", False):
        fields["owner"] = viewer
    return fields


def _goals_url(mentorship: Mentorship) -> str:
    return reverse("mentorship_goals", args=[mentorship.pk])


def _add(
    request: HttpRequest,
    viewer: Person,
    mentorship: Mentorship,
    form: Form,
    name: str,
    action: Any,
    goal_id: int | None = None,
) -> HttpResponse:
    """Run an add action fed by a form; a refusal re-shows the page with what was typed.

    Adding to a goal (`goal_id`) from htmx answers with that goal's card instead.
    """
    done = run_form(request, form, action)
    if done is None:
        return _reload_goals(request, mentorship)
    if done:
        if goal_id is not None and request.htmx:  # type: ignore[attr-defined]
            return goal_card(request, viewer, mentorship, goal_id)
        messages.success(request, "Added.")
        return redirect(_goals_url(mentorship))
    if goal_id is not None:
        return goal_card(request, viewer, mentorship, goal_id, {name: form})
    context = _goals_context(viewer, mentorship, {name: form})
    return render(request, "mentorships/goals.html", context)


def run_form(request: HttpRequest, form: Form, action: Callable[[], object]) -> bool | None:
    """Run a valid form's action: True when done, False when the form now says why not,
    None when the mentorship has ended (the reason is flashed: show the page again)."""
    if not form.is_valid():
        return False
    try:
        action()
    except IllegalTransition as exc:
        messages.error(request, exc.message)
        return None
    except DomainError as exc:
        apply_to_form(form, exc)
        return False
    return True


def goal_card(
    request: HttpRequest,
    viewer: Person,
    mentorship: Mentorship,
    goal_id: int,
    bound: dict[str, Any] | None = None,
    editing: dict[str, Any] | None = None,
) -> HttpResponse:
    """One goal's card for htmx to swap in; without htmx, the whole goals page around it.

    `editing` shows one edit form inside the card: {"kind": "goal" | "delete" | "milestone"
    | "task", "pk": the step's id, "form": the form}.
    """
    context = _goals_context(viewer, mentorship, bound)
    goal = next((g for g in context["goals"] if g.pk == goal_id), None)
    if goal is not None:
        goal.editing = editing  # type: ignore[attr-defined]
    if goal is not None and request.htmx:  # type: ignore[attr-defined]
        return render(request, "mentorships/_goal.html", {**context, "goal": goal})
    return render(request, "mentorships/goals.html", context)


@member_view
@require_POST
def milestone_add(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    form = MilestoneForm(request.POST, prefix=f"g{goal.pk}m")
    return _add(
        request,
        viewer,
        goal.mentorship,
        form,
        f"g{goal.pk}m",
        lambda: goals.add_milestone(viewer, goal, **form.cleaned_data),
        goal.pk,
    )


@member_view
@require_POST
def task_add(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    members = _members(goal.mentorship)
    form = TaskForm(
        request.POST,
        prefix=f"g{goal.pk}t",
        owners=[(m.person_id, m.person.full_name) for m in members],
        milestones=[(m.pk, m.title) for m in goal.milestones.all()],
    )

    def add() -> None:
        data = task_links(form.cleaned_data, members, goal)
        goals.add_task(
            viewer, goal, data["title"], data["owner"], data["due_on"], data["milestone"]
        )

    return _add(request, viewer, goal.mentorship, form, f"g{goal.pk}t", add, goal.pk)


def task_links(data: dict[str, Any], members: list[Member], goal: Goal) -> dict[str, Any]:
    """A task form's owner and milestone ids as the member and the goal's milestone."""
    owner = next((m.person for m in members if m.person_id == data["owner"]), None)
    milestone = next((m for m in goal.milestones.all() if m.pk == data["milestone"]), None)
    return {**data, "owner": owner, "milestone": milestone}


def _reload_goals(request: HttpRequest, mentorship: Mentorship) -> HttpResponse:
    """After a refusal, show the whole page with its message (htmx: not inside one card)."""
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRedirect(_goals_url(mentorship))
    return redirect(_goals_url(mentorship))


def _ticked(
    request: HttpRequest, viewer: Person, mentorship: Mentorship, goal_id: int
) -> HttpResponse:
    """htmx swaps the goal's card (its progress changes too); a plain form goes back."""
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_goals_url(mentorship))
    return goal_card(request, viewer, mentorship, goal_id)


@member_view
@require_POST
def task_done(request: HttpRequest, mentorship_id: int, task_id: int) -> HttpResponse:
    viewer = acting_person(request)
    task = goals.get_task_for(viewer, mentorship_id, task_id)
    done = request.POST.get("done", "1") == "1"
    try:
        goals.set_task_done(viewer, task, done)
    except IllegalTransition as exc:
        messages.error(request, exc.message)
        return _reload_goals(request, task.goal.mentorship)
    return _ticked(request, viewer, task.goal.mentorship, task.goal_id)


@member_view
@require_POST
def goal_status(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    return run_form_action(
        request,
        GoalStatusForm(request.POST),
        lambda data: goals.update_goal(viewer, goal, data),
        lambda data: f"“{goal.title}” is now {GoalStatus(data['status']).label.lower()}.",
        _goals_url(goal.mentorship),
        refusal="Choose in progress, achieved or dropped.",
    )


@member_view
@require_POST
def milestone_done(request: HttpRequest, mentorship_id: int, milestone_id: int) -> HttpResponse:
    viewer = acting_person(request)
    milestone = goals.get_milestone_for(viewer, mentorship_id, milestone_id)
    done = request.POST.get("done", "1") == "1"
    try:
        goals.set_milestone_done(viewer, milestone, done)
    except IllegalTransition as exc:
        messages.error(request, exc.message)
        return _reload_goals(request, milestone.goal.mentorship)
    return _ticked(request, viewer, milestone.goal.mentorship, milestone.goal_id)


@member_view
def program_plan(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = agreements.get_plan_program_for(viewer, program_id)
    plan = agreements.plan_for(program)
    if request.method == "POST":
        form = ProgramPlanForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            template = data.pop("goal_template")
            try:
                agreements.save_program_plan(viewer, program, data, template)
            except DomainError as exc:
                apply_to_form(form, exc)
            else:
                messages.success(request, "Saved. New mentorships start from this plan.")
                return redirect(reverse("program_plan", args=[program.pk]))
    else:
        initial = {**_terms(plan), "goal_template": goal_outline(plan.goal_template)}
        form = ProgramPlanForm(initial=initial)
    context = {"program": program, "form": form, "rules": program.approach_rules}
    return render(request, "mentorships/program_plan.html", context)


def plan_summary(viewer: Person, mentorship: Mentorship) -> dict[str, Any]:
    """For the mentorship page: agreement state (never its text) and goal progress."""
    is_member = any(m.person_id == viewer.pk for m in mentorship.members.all())
    return {
        "is_member": is_member,
        "agreement_required": agreements.agreement_required(mentorship),
        "agreement_confirmed": agreements.agreement_confirmed(mentorship),
        "goal_progress": goals.overall_progress(list(goals.goals_of(mentorship))),
    }
