"""The agreement and goals pages: who sees what, forms that keep input, one-tap ticks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorhub.mentorships import agreements, goals
from mentorhub.mentorships.models import Task
from mentorhub.mentorships.services import close_mentorship


def test_member_sees_the_prefilled_agreement(scenario, active):
    agreements.save_program_plan(scenario.pete, scenario.program, {"ending": "Say goodbye kindly"})
    page = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/agreement/")
    assert page.status_code == 200
    assert "Say goodbye kindly" in page.content.decode()


def test_manager_sees_whether_confirmed_but_not_the_text(scenario, active):
    agreements.save_agreement(scenario.max, active, {"goals": "Private ambitions"})
    client = scenario.client_for(scenario.pete)
    assert client.get(f"/mentorships/{active.pk}/agreement/").status_code == 403
    overview = client.get(f"/mentorships/{active.pk}/").content.decode()
    assert "Not confirmed" in overview
    assert "Private ambitions" not in overview


def test_agreement_form_keeps_what_was_typed_on_error(scenario, active):
    page = scenario.client_for(scenario.max).post(
        f"/mentorships/{active.pk}/agreement/",
        {"goals": "Grow as a leader", "meeting_minutes": "9999", "channels": ["video"]},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Grow as a leader" in body
    assert "less than or equal to 480" in body


def test_saving_then_confirming_from_the_page(scenario, active):
    client = scenario.client_for(scenario.max)
    client.post(
        f"/mentorships/{active.pk}/agreement/",
        {
            "goals": "Grow",
            "cadence": "weekly",
            "meeting_minutes": "30",
            "channels": ["video", "messaging"],
        },
    )
    client.post(f"/mentorships/{active.pk}/agreement/confirm/")
    agreement = agreements.agreement_for(active)
    assert agreement.channels == ["video", "messaging"]
    assert scenario.max.pk in agreements.confirmations(agreement)


def test_adding_a_goal_from_the_page(scenario, active):
    client = scenario.client_for(scenario.mona)
    response = client.post(f"/mentorships/{active.pk}/goals/", {"title": "Ship a design doc"})
    assert response.status_code == 302
    assert active.goals.get().title == "Ship a design doc"


def test_task_form_keeps_what_was_typed_on_error(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    page = scenario.client_for(scenario.max).post(
        f"/mentorships/{active.pk}/goals/{goal.pk}/tasks/",
        {f"g{goal.pk}t-title": "Read the book", f"g{goal.pk}t-due_on": "not a date"},
    )
    assert page.status_code == 200
    assert 'value="Read the book"' in page.content.decode()
    assert not Task.objects.exists()


def test_ticking_a_task_with_htmx_returns_the_goal_card(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    task = goals.add_task(scenario.max, goal, "Read", owner=scenario.mona)
    response = scenario.client_for(scenario.mona).post(
        f"/mentorships/{active.pk}/tasks/{task.pk}/done/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "100% done" in response.content.decode()
    assert Task.objects.get(pk=task.pk).done_at is not None


def test_manager_cannot_tick_a_task(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    task = goals.add_task(scenario.max, goal, "Read")
    response = scenario.client_for(scenario.pete).post(
        f"/mentorships/{active.pk}/tasks/{task.pk}/done/"
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).done_at is None


def test_program_plan_page_saves_the_goal_outline(scenario):
    client = scenario.client_for(scenario.pete)
    response = client.post(
        f"/mentorships/plans/{scenario.program.pk}/",
        {
            "meeting_minutes": "50",
            "cadence": "monthly",
            "channels": ["in_person"],
            "goal_template": "Grow\n- Halfway\n* Read a book",
        },
    )
    assert response.status_code == 302
    plan = agreements.plan_for(scenario.program)
    assert plan.goal_template[0]["tasks"] == ["Read a book"]
    assert "Read a book" in client.get(response.url).content.decode()


def test_program_plan_page_is_not_found_for_mentors(scenario):
    response = scenario.client_for(scenario.mona).get(f"/mentorships/plans/{scenario.program.pk}/")
    assert response.status_code == 404


def _fill(scenario, mentorship, count: int) -> None:
    for i in range(count):
        goal = goals.add_goal(scenario.max, mentorship, f"Goal {i}")
        milestone = goals.add_milestone(scenario.max, goal, f"Milestone {i}")
        goals.add_task(scenario.max, goal, f"Task {i}", owner=scenario.mona, milestone=milestone)
        goals.add_task(scenario.max, goal, f"Other {i}", owner=scenario.max)


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/mentorships/{id}/goals/", "/mentorships/{id}/"])
@pytest.mark.parametrize("who", ["max", "pete"])
def test_goal_pages_answer_in_bounded_queries(scenario, active, path, who):
    client = scenario.client_for(getattr(scenario, who))
    url = path.format(id=active.pk)
    _fill(scenario, active, 2)
    few = _queries(client, url)
    _fill(scenario, active, 8)
    assert _queries(client, url) == few


def test_marking_a_goal_achieved_from_the_page(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    client = scenario.client_for(scenario.mona)
    client.post(f"/mentorships/{active.pk}/goals/{goal.pk}/status/", {"status": "achieved"})
    assert active.goals.get().status == "achieved"
    assert (
        "100% of milestones and tasks done"
        in client.get(f"/mentorships/{active.pk}/goals/").content.decode()
    )


def test_ticking_in_an_ended_mentorship_reloads_the_page_with_the_reason(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    task = goals.add_task(scenario.max, goal, "Read")
    close_mentorship(scenario.mona, active, "completed", "done")
    response = scenario.client_for(scenario.max).post(
        f"/mentorships/{active.pk}/tasks/{task.pk}/done/", HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == f"/mentorships/{active.pk}/goals/"
    assert Task.objects.get(pk=task.pk).done_at is None
