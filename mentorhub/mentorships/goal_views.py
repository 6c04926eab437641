"""Editing a mentorship's goals in the browser: a goal, its milestones and tasks, in place.

With htmx each form opens inside the goal's card and saving swaps the card; without
JavaScript the same URLs show the whole goals page with that card's form open. Members
only: managers see the progress but get 403 here, like every other goal write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from mentorhub.errors import IllegalTransition, NotAllowed
from mentorhub.mentorships import goals
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.plan_forms import GoalForm, MilestoneForm, TaskForm
from mentorhub.mentorships.plan_views import (
    _goals_url,
    _members,
    _reload_goals,
    goal_card,
    run_form,
    task_links,
)
from mentorhub.people.models import Person
from mentorhub.web import acting_person, member_view

EDIT = "edit"  # the prefix of an edit form: its fields never clash with the add forms'


def _require_member(viewer: Person, mentorship: Mentorship) -> None:
    """Opening an edit form is for members, as saving it is (a manager gets 403)."""
    if not mentorship.members.filter(person=viewer).exists():
        raise NotAllowed("Only the members of this mentorship can change its goals.")


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _done(
    request: HttpRequest, viewer: Person, mentorship: Mentorship, goal_id: int, message: str
) -> HttpResponse:
    """htmx gets the goal's card as it is now; a plain form goes back to the page."""
    if request.htmx:  # type: ignore[attr-defined]
        return goal_card(request, viewer, mentorship, goal_id)
    messages.success(request, message)
    return redirect(f"{_goals_url(mentorship)}#goal-{goal_id}")


def _edit(
    request: HttpRequest,
    viewer: Person,
    mentorship: Mentorship,
    goal_id: int,
    editing: dict[str, Any],
    save: Callable[[], object],
) -> HttpResponse:
    """GET shows the form in the card; POST saves, or shows it again with what is wrong."""
    _require_member(viewer, mentorship)
    if request.method == "POST":
        done = run_form(request, editing["form"], save)
        if done is None:
            return _reload_goals(request, mentorship)
        if done:
            return _done(request, viewer, mentorship, goal_id, "Saved.")
    return goal_card(request, viewer, mentorship, goal_id, editing=editing)


def _remove(
    request: HttpRequest,
    viewer: Person,
    mentorship: Mentorship,
    goal_id: int,
    remove: Callable[[], object],
    message: str,
) -> HttpResponse:
    try:
        remove()
    except IllegalTransition as exc:
        messages.error(request, exc.message)
        return _reload_goals(request, mentorship)
    return _done(request, viewer, mentorship, goal_id, message)


@member_view
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    initial = {"title": goal.title, "description": goal.description, "due_on": goal.due_on}
    form = GoalForm(_posted(request), prefix=EDIT, initial=initial)
    editing = {"kind": "goal", "form": form}
    return _edit(
        request,
        viewer,
        goal.mentorship,
        goal.pk,
        editing,
        lambda: goals.update_goal(viewer, goal, form.cleaned_data),
    )


@member_view
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    """GET asks to confirm (in the card, or on the page); POST deletes and goes back."""
    viewer = acting_person(request)
    goal = goals.get_goal_for(viewer, mentorship_id, goal_id)
    mentorship = goal.mentorship
    _require_member(viewer, mentorship)
    if request.method != "POST":
        return goal_card(request, viewer, mentorship, goal.pk, editing={"kind": "delete"})
    try:
        goals.remove_goal(viewer, goal)
    except IllegalTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Deleted the goal “{goal.title}”.")
    # The whole page: the overall progress changes with a goal gone.
    return _reload_goals(request, mentorship)


@member_view
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, mentorship_id: int, milestone_id: int) -> HttpResponse:
    viewer = acting_person(request)
    milestone = goals.get_milestone_for(viewer, mentorship_id, milestone_id)
    initial = {"title": milestone.title, "due_on": milestone.due_on}
    form = MilestoneForm(_posted(request), prefix=EDIT, initial=initial)
    return _edit(
        request,
        viewer,
        milestone.goal.mentorship,
        milestone.goal_id,
        {"kind": "milestone", "pk": milestone.pk, "form": form},
        lambda: goals.update_milestone(viewer, milestone, form.cleaned_data),
    )


@member_view
@require_POST
def milestone_delete(request: HttpRequest, mentorship_id: int, milestone_id: int) -> HttpResponse:
    viewer = acting_person(request)
    milestone = goals.get_milestone_for(viewer, mentorship_id, milestone_id)
    return _remove(
        request,
        viewer,
        milestone.goal.mentorship,
        milestone.goal_id,
        lambda: goals.remove_milestone(viewer, milestone),
        f"Deleted the milestone “{milestone.title}”; its tasks stay with the goal.",
    )


@member_view
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, mentorship_id: int, task_id: int) -> HttpResponse:
    viewer = acting_person(request)
    task = goals.get_task_for(viewer, mentorship_id, task_id)
    mentorship = task.goal.mentorship
    members = _members(mentorship)
    initial = {
        "title": task.title,
        "owner": task.owner_id,
        "milestone": task.milestone_id,
        "due_on": task.due_on,
    }
    form = TaskForm(
        _posted(request),
        prefix=EDIT,
        initial=initial,
        owners=[(m.person_id, m.person.full_name) for m in members],
        milestones=[(m.pk, m.title) for m in task.goal.milestones.all()],
    )

    def save() -> None:
        goals.update_task(viewer, task, task_links(form.cleaned_data, members, task.goal))

    editing = {"kind": "task", "pk": task.pk, "form": form}
    return _edit(request, viewer, mentorship, task.goal_id, editing, save)


@member_view
@require_POST
def task_delete(request: HttpRequest, mentorship_id: int, task_id: int) -> HttpResponse:
    viewer = acting_person(request)
    task = goals.get_task_for(viewer, mentorship_id, task_id)
    return _remove(
        request,
        viewer,
        task.goal.mentorship,
        task.goal_id,
        lambda: goals.remove_task(viewer, task),
        f"Deleted the task “{task.title}”.",
    )
