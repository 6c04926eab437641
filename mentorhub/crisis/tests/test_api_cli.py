"""The crisis API and the `crisis` command go through the same actions, with the same privacy:
a request's content for requester, responder and lead only, and every view audit-logged."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.models import CrisisRequest, RequestStatus
from mentorhub.crisis.services import Contact, add_emergency_contact, ask_for_help
from mentorhub.tests import api_as


def test_api_ask_accept_and_close(scenario, crisis):
    asked = api_as(scenario.max).post(
        "/crisis/requests",
        {"program": crisis.program.pk, "need": "Rough week", "language": "en"},
    )
    assert asked.status_code == 201, asked.json()
    request_id = asked.json()["id"]
    queue = api_as(scenario.mona).get("/crisis/queue").json()
    assert [w["id"] for w in queue] == [request_id]
    assert "Rough week" not in str(queue)
    accepted = api_as(scenario.mona).post(f"/crisis/requests/{request_id}/accept")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["mentorship_id"] is not None
    closed = api_as(scenario.mona).post(
        f"/crisis/requests/{request_id}/close", {"hand_off": "EAP", "mode": "completed"}
    )
    assert closed.json()["status"] == "closed"


def test_api_request_is_private_and_each_read_is_logged(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    for person in (scenario.pete, scenario.alice, scenario.mona, scenario.charlie):
        assert api_as(person).get(f"/crisis/requests/{request.pk}").status_code == 404
    shown = api_as(crisis.lead).get(f"/crisis/requests/{request.pk}")
    assert shown.json()["need"] == "My secret trouble"
    assert AuditEvent.objects.filter(verb="crisis_request.viewed", actor=crisis.lead).exists()
    listed = api_as(scenario.max).get("/crisis/requests").json()
    assert [r["id"] for r in listed] == [request.pk] and "need" not in listed[0]


def test_api_ask_refuses_an_empty_need_by_field(scenario, crisis):
    refused = api_as(scenario.max).post(
        "/crisis/requests", {"program": crisis.program.pk, "need": ""}
    )
    assert refused.status_code == 422
    assert "need" in str(refused.json())


def test_api_help_now_for_everyone_and_settings_for_managers(scenario, crisis):
    add_emergency_contact(scenario.pete, crisis.program, Contact("Local emergency", phone="112"))
    help_now = api_as(scenario.max).get(f"/programs/{crisis.program.pk}/crisis/help").json()
    assert "not an emergency service" in help_now["notice"]
    assert help_now["contacts"][0]["phone"] == "112"
    assert api_as(scenario.max).get(f"/programs/{crisis.program.pk}/crisis").status_code == 404
    put = api_as(scenario.pete).put(
        f"/programs/{crisis.program.pk}/crisis",
        {"response_minutes": 30, "default_length_days": 14, "safeguarding_lead": None},
    )
    assert put.status_code == 200, put.json()
    assert put.json()["response_minutes"] == 30 and put.json()["safeguarding_lead"] is None
    too_fast = api_as(scenario.pete).put(
        f"/programs/{crisis.program.pk}/crisis",
        {"response_minutes": 0, "default_length_days": 14},
    )
    assert too_fast.status_code == 422 and "response_minutes" in str(too_fast.json())


def _cli(*args: str) -> str:
    out = StringIO()
    call_command("crisis", *args, stdout=out)
    return out.getvalue()


def test_cli_ask_list_accept_show_and_close(scenario, crisis):
    add_emergency_contact(scenario.pete, crisis.program, Contact("Local emergency", phone="112"))
    asked = _cli(
        "ask", "--as", scenario.max.email, "--org", "acme",
        "--program", str(crisis.program.pk), "--need", "Rough week", "--language", "en",
    )  # fmt: skip
    assert "not an emergency service" in asked and "112" in asked
    request = CrisisRequest.objects.get()
    mona = ("--as", scenario.mona.email, "--org", "acme")
    assert f"waiting #{request.pk}" in _cli("list", *mona)
    assert "accepted" in _cli("accept", *mona, str(request.pk))
    assert "Rough week" in _cli("show", *mona, str(request.pk))
    assert AuditEvent.objects.filter(verb="crisis_request.viewed", details__via="cli").exists()
    _cli("close", *mona, str(request.pk), "--hand-off", "EAP")
    assert CrisisRequest.objects.get().status == RequestStatus.CLOSED


def test_cli_show_is_refused_to_a_manager(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    with pytest.raises(CommandError, match="No such crisis request"):
        _cli("show", "--as", scenario.pete.email, "--org", "acme", str(request.pk))
