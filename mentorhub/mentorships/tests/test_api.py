"""The mentorships API: pairing, requests, and moving through the lifecycle."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import (
    accept_mentorship,
    decline_mentorship,
    propose_mentorship,
)
from mentorhub.programs.services import (
    create_program,
    enroll,
    set_program_status,
    update_enrollment,
)
from mentorhub.tests import api_as


def pairing(scenario) -> dict[str, int]:
    return {
        "program": scenario.program.pk,
        "mentor_enrollment": scenario.mentor_enrollment.pk,
        "mentee_enrollment": scenario.mentee_enrollment.pk,
    }


def enroll_in_second_program(scenario):
    second = create_program(
        scenario.pete, {"name": "Sales circle", "approach": "traditional", "evergreen": True}
    )
    set_program_status(scenario.pete, second, "open")
    second.refresh_from_db()
    return enroll(scenario.mona, second, "mentor")


def test_manager_pairs_and_both_accept_so_the_mentorship_is_active(scenario):
    # GIVEN Pete pairs Mona with Max through the API
    created = api_as(scenario.pete).post("/mentorships", pairing(scenario))
    assert created.status_code == 201
    mentorship_id = created.json()["id"]
    assert created.json()["status"] == "proposed"
    # WHEN both of them accept through the API
    api_as(scenario.mona).post(f"/mentorships/{mentorship_id}/accept")
    response = api_as(scenario.max).post(f"/mentorships/{mentorship_id}/accept")
    # THEN the mentorship is active and both members show as accepted
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert response.json()["activated_at"].endswith("Z")
    assert [m["accepted"] for m in response.json()["members"]] == [True, True]


def test_one_acceptance_turns_the_proposal_into_a_request(scenario, proposed):
    response = api_as(scenario.mona).post(f"/mentorships/{proposed.pk}/accept")
    assert response.status_code == 200
    assert response.json()["status"] == "requested"
    accepted = {m["person"]["id"]: m["accepted"] for m in response.json()["members"]}
    assert accepted == {scenario.mona.pk: True, scenario.max.pk: False}


def test_accepting_a_declined_mentorship_is_409_with_the_reason(scenario, proposed):
    # GIVEN Max declined the pairing
    decline_mentorship(scenario.max, proposed, "not_a_fit", "Different goals")
    # WHEN Mona tries to accept it anyway
    response = api_as(scenario.mona).post(f"/mentorships/{proposed.pk}/accept")
    # THEN she is told why not
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is declined; it cannot be accepted.",
        "errors": {},
    }


def test_pairing_with_a_full_mentor_is_409(scenario, proposed):
    # GIVEN Mona takes one mentee at most, and already has Max
    update_enrollment(scenario.mona, scenario.mentor_enrollment, capacity=1)
    accept_mentorship(scenario.mona, proposed)
    accept_mentorship(scenario.max, proposed)
    nora = make_person(scenario.org, "Nora Newbie", level=1)
    nora_enrollment = enroll(nora, scenario.program, "mentee", "Find my feet")
    # WHEN Pete pairs her with another mentee
    response = api_as(scenario.pete).post(
        "/mentorships", {**pairing(scenario), "mentee_enrollment": nora_enrollment.pk}
    )
    # THEN the API refuses with the capacity message
    assert response.status_code == 409
    assert response.json()["detail"] == "Mentor Mona Mentor is full (1 of 1 mentees)."


def test_member_cannot_pair_people(scenario):
    response = api_as(scenario.mona).post("/mentorships", pairing(scenario))
    assert response.status_code == 403
    assert not Mentorship.objects.exists()


def test_unknown_enrollment_in_the_body_is_a_field_error(scenario):
    response = api_as(scenario.pete).post(
        "/mentorships", {**pairing(scenario), "mentor_enrollment": 999_999}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"mentor_enrollment": ["No such enrollment."]}


def test_outsider_gets_404_on_another_organizations_mentorship(scenario, proposed):
    api = api_as(scenario.charlie)
    assert api.get(f"/mentorships/{proposed.pk}").status_code == 404
    response = api.post(f"/mentorships/{proposed.pk}/accept")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such mentorship."}


def test_unrelated_member_gets_404_on_someone_elses_mentorship(scenario, proposed):
    response = api_as(scenario.alice).get(f"/mentorships/{proposed.pk}")
    bystander = make_person(scenario.org, "Bo Bystander")
    assert response.status_code == 200  # the org admin may look
    assert api_as(bystander).get(f"/mentorships/{proposed.pk}").status_code == 404


def test_mentee_requests_a_mentor(scenario):
    response = api_as(scenario.max).post(
        "/mentorships/requests",
        {
            "mentee_enrollment": scenario.mentee_enrollment.pk,
            "mentor_enrollment": scenario.mentor_enrollment.pk,
        },
    )
    assert response.status_code == 201
    assert response.json()["status"] == "requested"
    assert response.json()["initiated_by"]["id"] == scenario.max.pk


def test_request_for_a_mentor_of_another_program_is_a_field_error(scenario):
    other = enroll_in_second_program(scenario)
    response = api_as(scenario.max).post(
        "/mentorships/requests",
        {"mentee_enrollment": scenario.mentee_enrollment.pk, "mentor_enrollment": other.pk},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["mentor_enrollment"]


def test_decline_needs_a_known_reason_code(scenario, proposed):
    response = api_as(scenario.max).post(
        f"/mentorships/{proposed.pk}/decline", {"reason_code": "meh"}
    )
    assert response.status_code == 422
    assert "reason_code" in response.json()["errors"]


def test_mentee_declines_with_a_reason(scenario, proposed):
    response = api_as(scenario.max).post(
        f"/mentorships/{proposed.pk}/decline", {"reason_code": "busy", "reason": "Quarter end"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == ("declined", "busy")
    assert response.json()["reason"] == "Quarter end"


def test_manager_withdraws_a_proposal(scenario, proposed):
    response = api_as(scenario.pete).post(
        f"/mentorships/{proposed.pk}/withdraw", {"reason": "Paired by mistake"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_member_closes_an_active_mentorship_as_completed(scenario, proposed):
    accept_mentorship(scenario.mona, proposed)
    accept_mentorship(scenario.max, proposed)
    response = api_as(scenario.max).post(
        f"/mentorships/{proposed.pk}/close", {"mode": "completed", "reason": "Goals met"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closure_mode"]) == (
        "completed",
        "completed",
    )


def test_closing_a_proposal_is_409(scenario, proposed):
    response = api_as(scenario.max).post(
        f"/mentorships/{proposed.pk}/close", {"mode": "mutual", "reason": "Never mind"}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This mentorship is proposed; it cannot be closed."


def test_list_shows_visible_mentorships_filtered_by_status(scenario, proposed):
    api = api_as(scenario.max)
    proposed_ids = [m["id"] for m in api.get("/mentorships", status="proposed").json()["items"]]
    active = api.get("/mentorships", status="active").json()
    assert proposed_ids == [proposed.pk]
    assert active == {"items": [], "count": 0}
    assert api_as(scenario.charlie).get("/mentorships").json()["count"] == 0


def test_list_filters_by_program(scenario, proposed):
    api = api_as(scenario.pete)
    same = api.get("/mentorships", program=scenario.program.pk).json()["count"]
    other = api.get("/mentorships", program=scenario.program.pk + 1000).json()["count"]
    assert (same, other) == (1, 0)


def test_listing_more_mentorships_costs_no_more_queries(scenario, proposed):
    # GIVEN Pete's listing with one mentorship (after a warm-up that notes the token's use)
    api = api_as(scenario.pete)
    api.get("/mentorships")
    with CaptureQueriesContext(connection) as with_one:
        api.get("/mentorships")
    # WHEN a second pairing exists
    nora = make_person(scenario.org, "Nora Newbie", level=1)
    nora_enrollment = enroll(nora, scenario.program, "mentee")
    propose_mentorship(scenario.pete, scenario.program, scenario.mentor_enrollment, nora_enrollment)
    with CaptureQueriesContext(connection) as with_two:
        response = api.get("/mentorships")
    # THEN listing both takes as many queries as listing one did
    assert response.json()["count"] == 2
    assert len(with_two) == len(with_one)
