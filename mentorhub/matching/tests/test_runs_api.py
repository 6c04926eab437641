"""The matching API: runs with pairs and reasons, review by body ids, self-service."""

from __future__ import annotations

import json

import pytest

from mentorhub.matching.tests.runs_helpers import Team, give_skills, new_mentor
from mentorhub.people.services import create_api_token


def _client(client, person):
    _, raw = create_api_token(person, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def pete(client, scenario):
    return _client(client, scenario.pete)


def test_a_started_run_shows_its_pairs_reasons_and_unmatched(scenario, pete):
    Team(scenario)
    response = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs", {"method": "optimal"})
    assert response.status_code == 201
    run = response.json()
    assert (run["status"], run["progress"], run["stats"]["matched"]) == ("draft", 1.0, 3)
    nina = next(p for p in run["pairs"] if p["mentee"]["person"]["name"] == "Nina Python")
    assert nina["mentor"]["person"]["name"] == "Otto Python"
    assert any("python" in reason for reason in nina["reasons"])
    assert {u["enrollment"]["person"]["name"] for u in run["unmatched"]} == {
        "Hugo French",
        "Cleo Report",
    }


def test_an_unknown_method_is_a_field_error(scenario, pete):
    response = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs", {"method": "random"})
    assert response.status_code == 422
    assert "method" in response.json()["errors"]


def test_adding_an_enrollment_of_another_program_is_a_field_error(scenario, pete):
    run = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs").json()
    body = {"mentee_enrollment": 10**9, "mentor_enrollment": scenario.mentor_enrollment.pk}
    response = _post(pete, f"/api/match-runs/{run['id']}/pairs", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "mentee_enrollment": ["No such enrollment in this program."]
    }


def test_a_swap_that_breaks_a_rule_answers_422_with_the_reason(scenario, pete):
    team = Team(scenario)
    run = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs").json()
    by_mentee = {p["mentee"]["id"]: p["id"] for p in run["pairs"]}
    body = {"pair_a": by_mentee[team.nina.pk], "pair_b": by_mentee[team.paul.pk]}
    response = _post(pete, f"/api/match-runs/{run['id']}/swap", body)
    assert response.status_code == 422
    assert "no mentor offers a skill sought" in response.json()["detail"]


def test_publishing_lists_the_proposals(scenario, pete):
    run = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs").json()
    response = _post(pete, f"/api/match-runs/{run['id']}/publish")
    assert response.status_code == 200
    assert response.json()["run"]["status"] == "published"
    assert len(response.json()["proposed"]) == 1


def test_a_mentee_gets_ranked_suggestions_with_reasons(scenario, client):
    give_skills(scenario.max, ("Python", 1, "seeks"))
    new_mentor(scenario, "Otto Python", offers=("Python",))
    max_client = _client(client, scenario.max)
    response = max_client.get(f"/api/enrollments/{scenario.mentee_enrollment.pk}/suggestions?k=3")
    assert response.status_code == 200
    [first] = response.json()
    assert first["mentor"]["person"]["name"] == "Otto Python"
    assert first["reasons"]


def test_a_mentee_ranks_mentors(scenario, client):
    max_client = _client(client, scenario.max)
    path = f"/api/enrollments/{scenario.mentee_enrollment.pk}/preferences"
    response = max_client.put(
        path,
        json.dumps({"ranked": [scenario.mentor_enrollment.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["ranked"]] == [scenario.mentor_enrollment.pk]


def test_matching_settings_are_changed_over_the_api(scenario, pete):
    path = f"/api/programs/{scenario.program.pk}/matching-settings"
    body = {"matching_weights": {"goals": 5}, "request_expiry_days": 7}
    response = pete.patch(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["matching_weights"] == {"goals": 5.0}
    assert response.json()["request_expiry_days"] == 7


def test_an_unknown_rule_is_refused_over_the_api_with_its_name(scenario, pete):
    path = f"/api/programs/{scenario.program.pk}/matching-settings"
    body = {"matching_rules": {"chemistry": True}}
    response = pete.patch(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["matching_rules"][0].startswith("“chemistry” is not a")


def test_the_run_page_answers_in_a_fixed_number_of_queries(
    scenario, pete, django_assert_max_num_queries
):
    # GIVEN a draft with pairs and unmatched mentees
    Team(scenario)
    run = _post(pete, f"/api/programs/{scenario.program.pk}/match-runs").json()
    # WHEN it is read THEN a handful of queries answer, however many pairs it has
    with django_assert_max_num_queries(8):
        response = pete.get(f"/api/match-runs/{run['id']}")
    assert len(response.json()["pairs"]) == 3
