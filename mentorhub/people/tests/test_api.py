"""The people API: directory, profiles with skills and availability, invitations, roles."""

from __future__ import annotations

from django.core import mail

from mentorhub.people.models import Person, Role
from mentorhub.people.services import SkillEntry, set_skills
from mentorhub.tests import api_as


def test_directory_lists_only_the_callers_organization(scenario):
    response = api_as(scenario.max).get("/people")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Alice Admin", "Max Mentee", "Mona Mentor", "Pete Manager"]
    assert response.json()["count"] == 4


def test_directory_filters_by_department_and_name(scenario):
    api = api_as(scenario.max)
    by_department = api.get("/people", department="engineering").json()["items"]
    by_name = api.get("/people", q="pete").json()["items"]
    assert [p["id"] for p in by_department] == [scenario.mona.pk]
    assert [p["id"] for p in by_name] == [scenario.pete.pk]


def test_directory_is_paginated(scenario):
    response = api_as(scenario.max).get("/people", limit=2, offset=2)
    body = response.json()
    assert body["count"] == 4
    assert [p["name"] for p in body["items"]] == ["Mona Mentor", "Pete Manager"]


def test_profile_shows_skills_and_availability(scenario):
    # GIVEN Mona offers Python
    set_skills(scenario.mona, scenario.mona, [SkillEntry("Python", 5, "offers")])
    # WHEN Max opens her profile
    response = api_as(scenario.max).get(f"/people/{scenario.mona.pk}")
    # THEN he sees her skill and (empty) weekly availability
    assert response.status_code == 200
    profile = response.json()
    assert profile["skills"] == [{"name": "Python", "proficiency": 5, "direction": "offers"}]
    assert profile["availability"] == []
    assert profile["department"] == "Engineering"


def test_outsider_gets_404_on_a_person_of_another_organization(scenario):
    response = api_as(scenario.charlie).get(f"/people/{scenario.max.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such person."}


def test_person_edits_own_profile_skills_and_availability_in_their_zone(scenario):
    # WHEN Mona sets her zone, a skill and two weekly slots in one PATCH
    response = api_as(scenario.mona).patch(
        f"/people/{scenario.mona.pk}",
        {
            "timezone": "Europe/Berlin",
            "bio": "Backend person.",
            "skills": [{"name": "Go", "proficiency": 4, "direction": "both"}],
            "availability": [
                {"weekday": 2, "start": "16:00", "end": "17:30"},
                {"weekday": 0, "start": "09:00", "end": "10:00"},
            ],
        },
    )
    # THEN all of it is stored, and the times come back as she wrote them
    assert response.status_code == 200, response.json()
    profile = response.json()
    assert profile["timezone"] == "Europe/Berlin"
    assert profile["bio"] == "Backend person."
    assert profile["skills"] == [{"name": "Go", "proficiency": 4, "direction": "both"}]
    assert profile["availability"] == [
        {"weekday": 0, "start": "09:00", "end": "10:00"},
        {"weekday": 2, "start": "16:00", "end": "17:30"},
    ]


def test_time_that_is_not_hh_mm_is_422_on_that_field(scenario):
    response = api_as(scenario.mona).patch(
        f"/people/{scenario.mona.pk}",
        {"availability": [{"weekday": 0, "start": "9am", "end": "10:00"}]},
    )
    assert response.status_code == 422
    assert "availability.0.start" in response.json()["errors"]


def test_refused_availability_keeps_the_rest_of_the_patch_out_too(scenario):
    # WHEN Mona changes her bio and sends two overlapping slots
    response = api_as(scenario.mona).patch(
        f"/people/{scenario.mona.pk}",
        {
            "bio": "Changed",
            "availability": [
                {"weekday": 1, "start": "09:00", "end": "11:00"},
                {"weekday": 1, "start": "10:00", "end": "12:00"},
            ],
        },
    )
    # THEN the request is refused as a whole
    assert response.status_code == 422
    assert response.json()["detail"] == "Two availability slots overlap on the same day."
    scenario.mona.refresh_from_db()
    assert scenario.mona.bio == ""


def test_unknown_time_zone_is_422_on_the_timezone_field(scenario):
    response = api_as(scenario.mona).patch(
        f"/people/{scenario.mona.pk}", {"timezone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    assert "timezone" in response.json()["errors"]


def test_member_cannot_edit_someone_elses_profile(scenario):
    response = api_as(scenario.max).patch(f"/people/{scenario.mona.pk}", {"bio": "Hacked"})
    assert response.status_code == 403
    assert response.json()["detail"] == "You can only edit your own profile."


def test_admin_sets_a_manager_by_id(scenario):
    response = api_as(scenario.alice).patch(
        f"/people/{scenario.max.pk}", {"manager": scenario.mona.pk}
    )
    assert response.status_code == 200
    assert response.json()["manager"] == {"id": scenario.mona.pk, "name": "Mona Mentor"}


def test_manager_from_another_organization_is_a_field_error(scenario):
    response = api_as(scenario.alice).patch(
        f"/people/{scenario.max.pk}", {"manager": scenario.charlie.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"manager": ["No such person in this organization."]}


def test_admin_invites_someone_by_email(scenario, django_capture_on_commit_callbacks, run_tasks):
    api = api_as(scenario.alice)
    # The invitation mail leaves on commit, which the test transaction would otherwise hold.
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/people/invitations", {"email": "nina@acme.example", "name": "Nina New"}
        )
    assert response.status_code == 201
    assert response.json()["role"] == "member"
    assert Person.objects.filter(organization=scenario.org, email="nina@acme.example").exists()
    run_tasks()
    assert [m.to for m in mail.outbox] == [["nina@acme.example"]]


def test_non_admin_cannot_invite(scenario):
    response = api_as(scenario.pete).post(
        "/people/invitations", {"email": "nina@acme.example", "name": "Nina New"}
    )
    assert response.status_code == 403
    assert not Person.objects.filter(email="nina@acme.example").exists()


def test_invitation_with_a_bad_email_is_422_on_email(scenario):
    response = api_as(scenario.alice).post(
        "/people/invitations", {"email": "not-an-address", "name": "Nina New"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["email"] == ["Enter a valid email address."]


def test_admin_changes_a_role(scenario):
    response = api_as(scenario.alice).post(
        f"/people/{scenario.mona.pk}/role", {"role": "program_manager"}
    )
    assert response.status_code == 200
    scenario.mona.refresh_from_db()
    assert scenario.mona.role == Role.PROGRAM_MANAGER


def test_last_org_admin_cannot_be_demoted(scenario):
    response = api_as(scenario.alice).post(f"/people/{scenario.alice.pk}/role", {"role": "member"})
    assert response.status_code == 422
    assert response.json()["detail"] == "An organization needs at least one org admin."


def test_unknown_role_is_422_on_role(scenario):
    response = api_as(scenario.alice).post(f"/people/{scenario.mona.pk}/role", {"role": "boss"})
    assert response.status_code == 422
    assert "role" in response.json()["errors"]


def test_non_numeric_person_id_is_a_readable_422(scenario):
    response = api_as(scenario.max).get("/people/abc")
    assert response.status_code == 422
    assert "person_id" in response.json()["errors"]
