"""The programs API: creating and running programs, their managers, and enrollments."""

from __future__ import annotations

import pytest

from mentorhub.audit.models import AuditEvent
from mentorhub.programs.approaches import ApproachKey
from mentorhub.programs.models import EnrollmentStatus, Program
from mentorhub.programs.services import create_program
from mentorhub.tests import api_as

EVERGREEN = {"name": "Lunch & learn", "approach": "peer", "evergreen": True}


def test_program_manager_creating_a_program_writes_an_audit_record(scenario):
    # WHEN Pete creates a program through the API
    response = api_as(scenario.pete).post("/programs", EVERGREEN)
    # THEN it exists, he manages it, and the audit trail says he made it
    assert response.status_code == 201
    program_id = response.json()["id"]
    assert response.json()["managers"] == [{"id": scenario.pete.pk, "name": "Pete Manager"}]
    event = AuditEvent.objects.get(verb="program.created", target_id=str(program_id))
    assert event.actor == scenario.pete
    assert event.organization == scenario.org


@pytest.mark.parametrize("approach", ApproachKey.values)
def test_every_approach_is_accepted(scenario, approach):
    response = api_as(scenario.pete).post("/programs", {**EVERGREEN, "approach": approach})
    assert response.status_code == 201
    assert response.json()["approach"] == approach


def test_unknown_approach_is_422_on_the_approach_field(scenario):
    response = api_as(scenario.pete).post("/programs", {**EVERGREEN, "approach": "nonsense"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["approach"]
    assert "'traditional'" in response.json()["errors"]["approach"][0]


def test_missing_name_is_422_on_the_name_field(scenario):
    response = api_as(scenario.pete).post("/programs", {"approach": "peer", "evergreen": True})
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Field required"]}


def test_program_without_dates_must_be_evergreen(scenario):
    response = api_as(scenario.pete).post("/programs", {"name": "Dateless", "approach": "peer"})
    assert response.status_code == 422
    assert (
        "Give a start and an end date, or mark the program evergreen."
        in (response.json()["detail"])
    )


def test_member_cannot_create_a_program(scenario):
    response = api_as(scenario.max).post("/programs", EVERGREEN)
    assert response.status_code == 403
    assert not Program.objects.filter(name="Lunch & learn").exists()


def test_outsider_gets_404_on_another_organizations_program(scenario):
    response = api_as(scenario.charlie).get(f"/programs/{scenario.program.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such program."}


def test_draft_program_is_hidden_from_members(scenario):
    draft = create_program(scenario.pete, EVERGREEN)
    api = api_as(scenario.max)
    assert api.get(f"/programs/{draft.pk}").status_code == 404
    assert [p["id"] for p in api.get("/programs").json()["items"]] == [scenario.program.pk]


def test_datetimes_are_iso_8601_utc(scenario):
    response = api_as(scenario.max).get(f"/programs/{scenario.program.pk}")
    assert response.json()["created_at"].endswith("Z")


def test_manager_edits_a_program(scenario):
    response = api_as(scenario.pete).patch(
        f"/programs/{scenario.program.pk}",
        {
            "guidelines": "Meet every two weeks.",
            "resources": [{"title": "Handbook", "url": "https://example.org/handbook"}],
        },
    )
    assert response.status_code == 200
    assert response.json()["guidelines"] == "Meet every two weeks."
    assert response.json()["resources"] == [
        {"title": "Handbook", "url": "https://example.org/handbook", "kind": "reading"}
    ]


def test_member_cannot_edit_a_program(scenario):
    response = api_as(scenario.max).patch(f"/programs/{scenario.program.pk}", {"name": "Mine"})
    assert response.status_code == 403


def test_manager_moves_the_program_to_running(scenario):
    response = api_as(scenario.pete).post(
        f"/programs/{scenario.program.pk}/status", {"status": "running"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "running"


def test_finished_program_cannot_reopen(scenario):
    api = api_as(scenario.pete)
    api.post(f"/programs/{scenario.program.pk}/status", {"status": "finished"})
    response = api.post(f"/programs/{scenario.program.pk}/status", {"status": "open"})
    assert response.status_code == 409
    assert (
        response.json()["detail"] == "A program that is finished cannot become open for enrollment."
    )


def test_org_admin_names_the_managers(scenario):
    response = api_as(scenario.alice).put(
        f"/programs/{scenario.program.pk}/managers", {"managers": [scenario.mona.pk]}
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["managers"]] == [scenario.mona.pk]


def test_program_manager_cannot_name_managers(scenario):
    response = api_as(scenario.pete).put(
        f"/programs/{scenario.program.pk}/managers", {"managers": [scenario.mona.pk]}
    )
    assert response.status_code == 403


def test_manager_of_another_organization_is_a_field_error(scenario):
    response = api_as(scenario.alice).put(
        f"/programs/{scenario.program.pk}/managers", {"managers": [scenario.charlie.pk]}
    )
    assert response.status_code == 422
    assert "managers" in response.json()["errors"]


def test_managers_see_every_enrollment(scenario):
    response = api_as(scenario.pete).get(f"/programs/{scenario.program.pk}/enrollments")
    assert response.status_code == 200
    assert {e["id"] for e in response.json()["items"]} == {
        scenario.mentor_enrollment.pk,
        scenario.mentee_enrollment.pk,
    }


def test_participants_see_only_their_own_enrollment(scenario):
    response = api_as(scenario.max).get(f"/programs/{scenario.program.pk}/enrollments")
    assert [e["id"] for e in response.json()["items"]] == [scenario.mentee_enrollment.pk]


def test_person_enrolls_themselves(scenario):
    # WHEN Alice enrolls as a mentor with her own goals and capacity
    response = api_as(scenario.alice).post(
        f"/programs/{scenario.program.pk}/enrollments",
        {"role": "mentor", "goals": "Give back", "capacity": 3},
    )
    # THEN she is enrolled as she asked
    assert response.status_code == 201
    body = response.json()
    assert (body["person"]["id"], body["role"], body["capacity"]) == (
        scenario.alice.pk,
        "mentor",
        3,
    )
    assert body["goals"] == "Give back"


def test_role_the_approach_does_not_have_is_422(scenario):
    response = api_as(scenario.alice).post(
        f"/programs/{scenario.program.pk}/enrollments", {"role": "peer"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"role": ["Choose mentor or mentee."]}


def test_enrollee_updates_goals_and_capacity(scenario):
    response = api_as(scenario.mona).patch(
        f"/enrollments/{scenario.mentor_enrollment.pk}", {"goals": "Grow leads", "capacity": 4}
    )
    assert response.status_code == 200
    assert (response.json()["goals"], response.json()["capacity"]) == ("Grow leads", 4)


def test_someone_elses_enrollment_is_404(scenario):
    response = api_as(scenario.max).patch(
        f"/enrollments/{scenario.mentor_enrollment.pk}", {"capacity": 1}
    )
    assert response.status_code == 404


def test_enrollee_withdraws(scenario):
    response = api_as(scenario.max).post(f"/enrollments/{scenario.mentee_enrollment.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["status"] == EnrollmentStatus.WITHDRAWN
