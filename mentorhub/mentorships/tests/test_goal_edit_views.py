"""Editing goals, milestones and tasks on the goals page: inline with htmx, full pages without."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorhub.mentorships import goals
from mentorhub.mentorships.models import Goal, Milestone, Task
from mentorhub.mentorships.services import close_mentorship

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def goal(scenario, active) -> Goal:
    goal = goals.add_goal(scenario.max, active, "Learn system design", "Read and practise")
    milestone = goals.add_milestone(scenario.max, goal, "Halfway")
    goals.add_task(scenario.max, goal, "Read the book", owner=scenario.max, milestone=milestone)
    return goal


def _url(active, kind: str, pk: int, action: str) -> str:
    return f"/mentorships/{active.pk}/{kind}s/{pk}/{action}/"


def test_goal_edit_form_opens_inside_the_card_with_htmx(scenario, active, goal):
    response = scenario.client_for(scenario.mona).get(_url(active, "goal", goal.pk, "edit"), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<section class="card goal" id="goal-{goal.pk}">')
    assert 'name="edit-title"' in body and 'value="Learn system design"' in body


def test_goal_edit_without_javascript_is_the_goals_page_with_the_form(scenario, active, goal):
    other = goals.add_goal(scenario.max, active, "Public speaking")
    page = scenario.client_for(scenario.mona).get(_url(active, "goal", goal.pk, "edit"))
    body = page.content.decode()
    assert "<html" in body and other.title in body
    assert 'name="edit-description"' in body


def test_saving_a_goal_from_a_plain_form_goes_back_to_the_page(scenario, active, goal):
    response = scenario.client_for(scenario.max).post(
        _url(active, "goal", goal.pk, "edit"),
        {"edit-title": "Design systems", "edit-description": "", "edit-due_on": "2026-10-01"},
    )
    assert response.status_code == 302
    assert response.url == f"/mentorships/{active.pk}/goals/#goal-{goal.pk}"
    goal.refresh_from_db()
    assert (goal.title, goal.description, goal.due_on) == ("Design systems", "", date(2026, 10, 1))


def test_saving_a_goal_with_htmx_returns_the_updated_card(scenario, active, goal):
    response = scenario.client_for(scenario.max).post(
        _url(active, "goal", goal.pk, "edit"), {"edit-title": "Design systems"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Design systems" in body
    assert 'name="edit-title"' not in body  # back to the card, not the form


@pytest.mark.parametrize("htmx", [{}, HTMX])
def test_a_bad_goal_edit_shows_what_is_wrong_and_saves_nothing(scenario, active, goal, htmx):
    response = scenario.client_for(scenario.max).post(
        _url(active, "goal", goal.pk, "edit"),
        {"edit-title": "", "edit-due_on": "someday"},
        **htmx,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body and "Enter a valid date." in body
    goal.refresh_from_db()
    assert goal.title == "Learn system design"


def test_adding_a_milestone_with_htmx_returns_the_card_with_it(scenario, active, goal):
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/goals/{goal.pk}/milestones/",
        {f"g{goal.pk}m-title": "First draft", f"g{goal.pk}m-due_on": "2026-06-01"},
        **HTMX,
    )
    assert response.status_code == 200 and "First draft" in response.content.decode()
    assert goal.milestones.get(title="First draft").due_on == date(2026, 6, 1)


def test_adding_a_task_with_an_owner_and_a_due_date(scenario, active, goal):
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/goals/{goal.pk}/tasks/",
        {
            f"g{goal.pk}t-title": "Sketch the API",
            f"g{goal.pk}t-owner": scenario.mona.pk,
            f"g{goal.pk}t-due_on": "2026-05-01",
        },
        **HTMX,
    )
    assert response.status_code == 200 and "Sketch the API" in response.content.decode()
    task = goal.tasks.get(title="Sketch the API")
    assert (task.owner, task.due_on) == (scenario.mona, date(2026, 5, 1))


def test_a_task_cannot_go_to_someone_outside_the_mentorship(scenario, active, goal):
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/goals/{goal.pk}/tasks/",
        {f"g{goal.pk}t-title": "Manage me", f"g{goal.pk}t-owner": scenario.pete.pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Task.objects.filter(title="Manage me").exists()


def test_editing_a_milestone(scenario, active, goal):
    milestone = goal.milestones.get()
    client = scenario.client_for(scenario.max)
    form = client.get(_url(active, "milestone", milestone.pk, "edit"), **HTMX)
    assert 'value="Halfway"' in form.content.decode()
    response = client.post(
        _url(active, "milestone", milestone.pk, "edit"),
        {"edit-title": "Two thirds", "edit-due_on": "2026-07-01"},
        **HTMX,
    )
    assert "Two thirds" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == ("Two thirds", date(2026, 7, 1))


def test_deleting_a_milestone_keeps_its_tasks(scenario, active, goal):
    milestone = goal.milestones.get()
    response = scenario.client_for(scenario.max).post(
        _url(active, "milestone", milestone.pk, "delete")
    )
    assert response.status_code == 302
    assert not Milestone.objects.exists()
    assert Task.objects.get().milestone is None


def test_editing_a_task_changes_owner_due_date_and_title(scenario, active, goal):
    task = goal.tasks.get()
    client = scenario.client_for(scenario.mona)
    form = client.get(_url(active, "task", task.pk, "edit"))
    assert 'value="Read the book"' in form.content.decode()
    response = client.post(
        _url(active, "task", task.pk, "edit"),
        {"edit-title": "Read two books", "edit-owner": scenario.mona.pk, "edit-due_on": ""},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.owner, task.due_on, task.milestone) == (
        "Read two books",
        scenario.mona,
        None,
        None,
    )


def test_deleting_a_task_with_htmx_returns_the_card_without_it(scenario, active, goal):
    task = goal.tasks.get()
    response = scenario.client_for(scenario.mona).post(
        _url(active, "task", task.pk, "delete"), **HTMX
    )
    assert response.status_code == 200 and "Read the book" not in response.content.decode()
    assert not Task.objects.exists()


def test_deleting_a_goal_asks_first_then_deletes_it_with_its_steps(scenario, active, goal):
    client = scenario.client_for(scenario.max)
    ask = client.get(_url(active, "goal", goal.pk, "delete"), **HTMX)
    assert "with its 1 milestone and 1 task? This cannot be undone." in ask.content.decode()
    assert Goal.objects.exists()
    response = client.post(_url(active, "goal", goal.pk, "delete"))
    assert response.status_code == 302
    assert not Goal.objects.exists() and not Task.objects.exists()


@pytest.mark.parametrize(
    ("kind", "action", "method"),
    [
        ("goal", "edit", "get"),
        ("goal", "edit", "post"),
        ("goal", "delete", "get"),
        ("goal", "delete", "post"),
        ("milestone", "edit", "get"),
        ("milestone", "delete", "post"),
        ("task", "edit", "post"),
        ("task", "delete", "post"),
    ],
)
def test_a_manager_sees_progress_but_may_not_edit(scenario, active, goal, kind, action, method):
    pk = {"goal": goal.pk, "milestone": goal.milestones.get().pk, "task": goal.tasks.get().pk}
    client = scenario.client_for(scenario.pete)
    response = getattr(client, method)(_url(active, kind, pk[kind], action), {"edit-title": "X"})
    assert response.status_code == 403
    page = client.get(f"/mentorships/{active.pk}/goals/").content.decode()
    assert "Learn system design" in page and "Edit goal" not in page
    assert not Goal.objects.filter(title="X").exists()
    assert Task.objects.count() == 1 and Milestone.objects.count() == 1


def test_an_outsider_gets_404(scenario, active, goal):
    client = scenario.client_for(scenario.charlie)
    assert client.get(_url(active, "goal", goal.pk, "edit")).status_code == 404
    assert client.post(_url(active, "goal", goal.pk, "delete")).status_code == 404
    assert Goal.objects.exists()


def test_editing_in_an_ended_mentorship_reloads_the_page_with_the_reason(scenario, active, goal):
    close_mentorship(scenario.mona, active, "completed", "done")
    client = scenario.client_for(scenario.max)
    response = client.post(_url(active, "goal", goal.pk, "edit"), {"edit-title": "Late"}, **HTMX)
    assert response["HX-Redirect"] == f"/mentorships/{active.pk}/goals/"
    goal.refresh_from_db()
    assert goal.title == "Learn system design"


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_page_with_an_edit_form_open_takes_bounded_queries(scenario, active, goal):
    client = scenario.client_for(scenario.max)
    task = goal.tasks.get()
    few = _queries(client, _url(active, "task", task.pk, "edit"))
    for i in range(8):
        extra = goals.add_goal(scenario.max, active, f"Goal {i}")
        goals.add_task(scenario.max, extra, f"Task {i}", owner=scenario.mona)
        goals.add_milestone(scenario.max, extra, f"Milestone {i}")
    assert _queries(client, _url(active, "task", task.pk, "edit")) == few
