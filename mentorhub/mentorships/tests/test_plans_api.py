"""The plan API: agreement, confirmations, goals, milestones, tasks, the program's plan."""

from __future__ import annotations

from conftest import make_person
from mentorhub.mentorships import goals
from mentorhub.tests import api_as


def test_put_then_confirm_the_agreement(scenario, active):
    url = f"/mentorships/{active.pk}/agreement"
    body = {"goals": "Grow", "meeting_minutes": 30, "channels": ["video", "in_person"]}
    saved = api_as(scenario.max).put(url, body)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["channels"] == ["video", "in_person"]
    api_as(scenario.max).post(url + "/confirm")
    confirmed = api_as(scenario.mona).post(url + "/confirm").json()
    assert confirmed["confirmed"] is True
    assert {c["person"]["id"] for c in confirmed["confirmations"]} == {
        scenario.max.pk,
        scenario.mona.pk,
    }


def test_edit_resets_confirmations_over_the_api(scenario, active):
    url = f"/mentorships/{active.pk}/agreement"
    api_as(scenario.max).post(url + "/confirm")
    changed = api_as(scenario.mona).put(url, {"meeting_minutes": 90}).json()
    assert changed["version"] == 2
    assert changed["confirmations"] == []


def test_agreement_bad_input_names_the_field(scenario, active):
    url = f"/mentorships/{active.pk}/agreement"
    response = api_as(scenario.max).put(url, {"meeting_minutes": 2, "channels": ["fax"]})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"meeting_minutes", "channels.0"}


def test_manager_sees_the_status_but_not_the_text(scenario, active):
    client = api_as(scenario.pete)
    assert client.get(f"/mentorships/{active.pk}/agreement").status_code == 403
    status = client.get(f"/mentorships/{active.pk}/agreement/status").json()
    assert status == {"required": False, "confirmed": False, "confirmed_by": []}


def test_create_goal_with_milestone_and_task_then_mark_done(scenario, active):
    client = api_as(scenario.max)
    base = f"/mentorships/{active.pk}"
    goal = client.post(f"{base}/goals", {"title": "Design", "due_on": "2026-06-30"})
    assert goal.status_code == 201, goal.json()
    goal_id = goal.json()["id"]
    milestone = client.post(f"{base}/goals/{goal_id}/milestones", {"title": "Draft"}).json()
    task = client.post(
        f"{base}/goals/{goal_id}/tasks",
        {"title": "Outline", "owner": scenario.mona.pk, "milestone": milestone["id"]},
    )
    assert task.status_code == 201, task.json()
    done = api_as(scenario.mona).put(f"{base}/tasks/{task.json()['id']}/done", {"done": True})
    assert done.json()["done"] is True
    listed = api_as(scenario.pete).get(f"{base}/goals").json()
    assert listed["items"][0]["progress_percent"] == 50


def test_task_owner_outside_the_mentorship_is_a_422_on_owner(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    stranger = make_person(scenario.org, "Sam Stranger")
    response = api_as(scenario.max).post(
        f"/mentorships/{active.pk}/goals/{goal.pk}/tasks", {"title": "T", "owner": stranger.pk}
    )
    assert response.status_code == 422
    assert "owner" in response.json()["errors"]


def test_goal_without_title_is_a_422_on_title(scenario, active):
    response = api_as(scenario.max).post(f"/mentorships/{active.pk}/goals", {"title": ""})
    assert response.status_code == 422
    assert "title" in response.json()["errors"]


def test_patch_and_delete_a_goal(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    url = f"/api/mentorships/{active.pk}/goals/{goal.pk}"
    client = api_as(scenario.mona)
    patched = client.patch(url.removeprefix("/api"), {"status": "achieved"})
    assert patched.json()["progress_percent"] == 100
    assert client.client.delete(url).status_code == 204
    assert not active.goals.exists()


def test_manager_cannot_add_goals_over_the_api(scenario, active):
    response = api_as(scenario.pete).post(f"/mentorships/{active.pk}/goals", {"title": "Mine"})
    assert response.status_code == 403


def test_program_plan_round_trip(scenario):
    url = f"/programs/{scenario.program.pk}/plan"
    body = {
        "meeting_minutes": 60,
        "channels": ["messaging"],
        "goal_template": [{"title": "Grow", "milestones": ["Halfway"], "tasks": ["Read"]}],
    }
    saved = api_as(scenario.pete).put(url, body)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["goal_template"][0]["milestones"] == ["Halfway"]
    assert api_as(scenario.mona).get(url).status_code == 404


def test_reassign_and_remove_a_task(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    task = goals.add_task(scenario.max, goal, "Read", owner=scenario.max)
    url = f"/mentorships/{active.pk}/tasks/{task.pk}"
    client = api_as(scenario.mona)
    moved = client.patch(url, {"owner": scenario.mona.pk, "due_on": "2026-07-01"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["owner"]["id"] == scenario.mona.pk
    assert client.patch(url, {"owner": scenario.pete.pk}).json()["errors"].keys() == {"owner"}
    assert client.client.delete(f"/api{url}").status_code == 204
    assert not goal.tasks.exists()


def test_removing_a_milestone_keeps_its_tasks_with_the_goal(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    milestone = goals.add_milestone(scenario.max, goal, "Half")
    task = goals.add_task(scenario.max, goal, "Read", milestone=milestone)
    url = f"/api/mentorships/{active.pk}/milestones/{milestone.pk}"
    assert api_as(scenario.max).client.delete(url).status_code == 204
    task.refresh_from_db()
    assert task.milestone_id is None


def test_milestone_title_cannot_be_null(scenario, active):
    goal = goals.add_goal(scenario.max, active, "Learn")
    milestone = goals.add_milestone(scenario.max, goal, "Half")
    response = api_as(scenario.max).patch(
        f"/mentorships/{active.pk}/milestones/{milestone.pk}", {"title": None}
    )
    assert response.status_code == 422
    assert "title" in response.json()["errors"]
