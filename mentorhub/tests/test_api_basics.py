"""The API as a whole: signing in, the OpenAPI document, error shapes, the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client

from mentorhub.accounts.models import ApiToken
from mentorhub.people.models import Person
from mentorhub.programs.models import Program
from mentorhub.programs.services import create_program
from mentorhub.tests import ApiClient, api_as, token_for

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EVERGREEN = {"name": "Lunch & learn", "approach": "peer", "evergreen": True}


def test_token_acts_as_the_person_it_was_made_for(scenario):
    # GIVEN a token made by Pete
    api = api_as(scenario.pete)
    # WHEN he asks who he is
    response = api.get("/me")
    # THEN the API answers as Pete, in his organization
    assert response.status_code == 200
    assert response.json() == {
        "id": scenario.pete.pk,
        "name": "Pete Manager",
        "email": scenario.pete.email,
        "role": "program_manager",
        "organization": "acme",
    }


def test_missing_token_is_401_with_a_hint(scenario):
    response = ApiClient(None).get("/me")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrong_token_is_401(scenario):
    token_for(scenario.pete)
    response = ApiClient("mh_not-a-real-token").get("/me")
    assert response.status_code == 401


def test_wrong_token_on_a_write_is_401_not_a_csrf_error(scenario):
    response = ApiClient("mh_not-a-real-token").post("/programs", {"name": "X"})
    assert response.status_code == 401


def test_token_of_a_deactivated_person_is_401(scenario):
    # GIVEN Max has a token, and then leaves the organization
    api = api_as(scenario.max)
    Person.objects.filter(pk=scenario.max.pk).update(is_active=False)
    # WHEN the token is used THEN it no longer works
    assert api.get("/me").status_code == 401


def test_token_use_is_noted_at_most_once_a_minute(scenario):
    # GIVEN a fresh token that was used once at noon
    api = api_as(scenario.max)
    token = ApiToken.objects.get(person=scenario.max)
    with time_machine.travel(NOON, tick=False):
        api.get("/me")
    # WHEN it is used again 30 seconds later, and again two minutes later
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        api.get("/me")
    token.refresh_from_db()
    after_30_seconds = token.last_used_at
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        api.get("/me")
    token.refresh_from_db()
    # THEN only the call a minute or more later moved the timestamp
    assert after_30_seconds == NOON
    assert token.last_used_at == NOON + timedelta(minutes=2)


def test_signed_in_browser_can_use_the_api(scenario):
    # GIVEN Alice signed in on the web (as when she tries things on /api/docs)
    browser = scenario.client_for(scenario.alice)
    # WHEN her browser calls the API THEN it acts as her
    response = browser.get("/api/me")
    assert response.status_code == 200
    assert response.json()["id"] == scenario.alice.pk


def test_browser_session_write_without_csrf_token_is_refused(scenario):
    # GIVEN Pete's signed-in browser, and a page elsewhere that makes it POST to the API
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(scenario.pete.user)
    # WHEN the POST comes without the CSRF token THEN nothing is created
    response = browser.post("/api/programs", EVERGREEN, content_type="application/json")
    assert response.status_code == 403
    assert not Program.objects.filter(name=EVERGREEN["name"]).exists()


def test_token_write_needs_no_csrf_token(scenario):
    # A script holding a token is not a browser that can be tricked, so no CSRF dance.
    client = Client(
        enforce_csrf_checks=True, headers={"authorization": f"Bearer {token_for(scenario.pete)}"}
    )
    response = client.post("/api/programs", EVERGREEN, content_type="application/json")
    assert response.status_code == 201


def test_openapi_document_lists_the_paths(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "mentorhub API"
    assert document["info"]["version"] == "1"
    assert {
        "/api/me",
        "/api/people",
        "/api/programs",
        "/api/programs/{program_id}/enrollments",
        "/api/mentorships/{mentorship_id}/accept",
        "/api/audit",
    } <= set(document["paths"])
    assert "BearerToken" in document["components"]["securitySchemes"]


def test_docs_page_loads(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_malformed_json_is_a_readable_400(scenario):
    api = api_as(scenario.pete)
    response = api.client.post("/api/programs", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_missing_body_is_422_naming_the_body(scenario):
    response = api_as(scenario.pete).client.post(
        "/api/programs", "", content_type="application/json"
    )
    assert response.status_code == 422
    assert "body" in response.json()["errors"]


def test_audit_trail_is_forbidden_for_non_admins(scenario):
    response = api_as(scenario.pete).get("/audit")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only org admins can read the audit trail."


def test_audit_trail_is_newest_first_and_only_of_own_organization(scenario):
    # GIVEN a program made in another organization, then one in Alice's
    create_program(
        scenario.charlie, {"name": "Globex circle", "approach": "group", "evergreen": True}
    )
    create_program(scenario.alice, {"name": "Newest", "approach": "peer", "evergreen": True})
    # WHEN Alice reads the program creations in the audit trail
    response = api_as(scenario.alice).get("/audit", verb="program.created")
    # THEN hers come newest first and Globex's is not among them
    assert response.status_code == 200
    labels = [item["target_label"] for item in response.json()["items"]]
    assert labels == ["Newest", "Engineering mentoring"]
