"""The API and CLI for contacts, responders, on-call hours, coverage and extending: each role
gets what it may have (managers and the lead keep the rota; the rest get 404)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.models import EmergencyContact, Responder
from mentorhub.crisis.services import accept_request, ask_for_help
from mentorhub.crisis.tests.conftest import after_planned_end
from mentorhub.programs.services import enroll
from mentorhub.tests import api_as

HOURS = {"hours": [{"weekday": 0, "starts_at": "18:00", "ends_at": "22:00"}]}


def _api(crisis, tail=""):
    return f"/programs/{crisis.program.pk}/crisis{tail}"


def _delete(person, path):
    return api_as(person).client.delete(f"/api{path}")


def test_managers_keep_contacts_per_language(scenario, crisis):
    pete = api_as(scenario.pete)
    added = pete.post(_api(crisis, "/contacts"), {"name": "Notruf", "phone": "112", "locale": "DE"})
    assert added.status_code == 201, added.json()
    pete.post(_api(crisis, "/contacts"), {"name": "EAP", "url": "https://eap.example"})
    assert [c["name"] for c in pete.get(_api(crisis, "/contacts?locale=de")).json()] == ["Notruf"]
    assert len(api_as(scenario.alice).get(_api(crisis, "/contacts")).json()) == 2
    refused = pete.post(_api(crisis, "/contacts"), {"name": "X", "url": "http://x.example"})
    assert refused.status_code == 422 and "url" in str(refused.json())
    for person in (scenario.max, scenario.mona, crisis.lead, scenario.charlie):
        assert api_as(person).get(_api(crisis, "/contacts")).status_code == 404
    gone = _delete(scenario.pete, _api(crisis, f"/contacts/{added.json()['id']}"))
    assert gone.status_code == 204 and EmergencyContact.objects.count() == 1


def test_managers_and_the_lead_see_responders_and_set_their_hours(scenario, crisis):
    for person in (scenario.pete, scenario.alice, crisis.lead):
        listed = api_as(person).get(_api(crisis, "/responders"))
        assert listed.status_code == 200
        assert {r["person"]["name"] for r in listed.json()} == {"Mona Mentor", "Rita Responder"}
    url = _api(crisis, f"/responders/{crisis.rita_responder.pk}/availability")
    set_by_lead = api_as(crisis.lead).put(url, HOURS | {"away_through": None})
    assert set_by_lead.status_code == 200, set_by_lead.json()
    assert set_by_lead.json()["hours_text"] == "mon 18:00-22:00"
    for person in (scenario.max, scenario.mona, scenario.charlie):
        assert api_as(person).get(_api(crisis, "/responders")).status_code == 404
        assert api_as(person).put(url, HOURS).status_code == 404


def test_managers_mark_and_unmark_responders_the_lead_cannot(scenario, crisis):
    ann = crisis.lead  # any enrolled mentor will do: the lead enrolls as one
    enroll(ann, crisis.program, "mentor", "Trained", capacity=1)
    body = {"person": ann.pk, "trained_on": "2026-01-10"}
    assert api_as(crisis.lead).post(_api(crisis, "/responders"), body).status_code == 404
    marked = api_as(scenario.pete).post(_api(crisis, "/responders"), body)
    assert marked.status_code == 201, marked.json()
    outsider = api_as(scenario.pete).post(_api(crisis, "/responders"), body | {"person": 999})
    assert outsider.status_code == 422 and "person" in str(outsider.json())
    url = _api(crisis, f"/responders/{marked.json()['id']}")
    assert _delete(crisis.lead, url).status_code == 404
    assert _delete(scenario.pete, url).status_code == 204
    assert not Responder.objects.filter(person=ann).exists()


def test_a_responder_sets_their_own_switch_and_hours(scenario, crisis):
    rita = api_as(crisis.rita)
    off = rita.put(_api(crisis, "/me/on-call"), {"on_call": False})
    assert off.json()["on_call"] is False and off.json()["available_now"] is False
    mine = rita.put(_api(crisis, "/me/availability"), HOURS | {"away_through": None})
    assert mine.json()["hours"][0]["starts_at"].startswith("18:00")
    bad = rita.put(
        _api(crisis, "/me/availability"),
        {"hours": [{"weekday": 7, "starts_at": "18:00", "ends_at": "22:00"}]},
    )
    assert bad.status_code == 422 and "weekday" in str(bad.json())
    for person in (scenario.max, scenario.pete, crisis.lead, scenario.charlie):
        assert api_as(person).get(_api(crisis, "/me")).status_code == 404


def test_coverage_is_for_managers_and_the_lead(scenario, crisis):
    week = api_as(crisis.lead).get(_api(crisis, "/coverage?start=2026-03-30"))
    assert week.status_code == 200
    assert len(week.json()["days"]) == 7 and len(week.json()["days"][0]["responders"]) == 24
    assert week.json()["gap_hours"] == 168  # the switches are not a plan: no hours yet
    for person in (scenario.max, scenario.mona, scenario.charlie):
        assert api_as(person).get(_api(crisis, "/coverage")).status_code == 404


def test_the_responder_extends_through_the_api_others_cannot(scenario, crisis):
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "S", "en"))
    new_end = after_planned_end(request, 7).isoformat()
    url = f"/crisis/requests/{request.pk}/extend"
    for person in (crisis.rita, scenario.pete, scenario.alice, scenario.charlie):
        assert (
            api_as(person).post(url, {"planned_end_on": new_end, "reason": "R"}).status_code == 404
        )
    assert (
        api_as(scenario.max).post(url, {"planned_end_on": new_end, "reason": "R"}).status_code
        == 403
    )
    done = api_as(scenario.mona).post(url, {"planned_end_on": new_end, "reason": "Needs time"})
    assert done.json()["planned_end_on"] == new_end
    assert done.json()["planned_end_changes"][0]["reason"] == "Needs time"
    too_far = (timezone.localdate() + timedelta(days=50)).isoformat()
    refused = api_as(scenario.mona).post(url, {"planned_end_on": too_far, "reason": "More"})
    assert refused.status_code == 422 and "planned_end_on" in str(refused.json())


def _cli(*args: str) -> str:
    out = StringIO()
    call_command("crisis", *args, stdout=out)
    return out.getvalue()


def _as(person):
    return ("--as", person.email, "--org", person.organization.slug)


def test_cli_keeps_contacts_and_responders(scenario, crisis):
    program = ("--program", str(crisis.program.pk))
    pete = (*_as(scenario.pete), *program)
    assert "Added" in _cli(
        "add-contact", *pete, "--name", "Notruf", "--phone", "112", "--locale", "de"
    )
    contact = EmergencyContact.objects.get()
    assert f"#{contact.pk}  de  Notruf: 112" in _cli("contacts", *pete, "--locale", "de")
    _cli("remove-contact", *pete, str(contact.pk))
    assert not EmergencyContact.objects.exists()
    enroll(crisis.lead, crisis.program, "mentor", "Trained", capacity=1)
    marked = _cli(
        "mark-responder", *pete, "--person", crisis.lead.email, "--trained-on", "2026-01-02"
    )
    assert "Lena Lead is a trained responder" in marked
    assert "Lena Lead" in _cli("responders", *pete)
    lena = Responder.objects.get(person=crisis.lead)
    _cli("unmark-responder", *pete, str(lena.pk))
    with pytest.raises(CommandError, match="No such crisis program"):
        _cli("contacts", *_as(scenario.mona), *program)
    with pytest.raises(CommandError, match="not a day"):
        _cli("mark-responder", *pete, "--person", "x@y", "--trained-on", "yesterday")


def test_cli_hours_on_call_coverage_and_extend(scenario, crisis):
    program = ("--program", str(crisis.program.pk))
    mine = _cli("hours", *_as(crisis.rita), *program, "--set", "mon-fri 18:00-22:00")
    assert "mon-fri 18:00-22:00 (UTC)" in mine
    by_lead = _cli(
        "hours", *_as(crisis.lead), *program,
        "--responder", str(crisis.mona_responder.pk), "--set", "sat 10:00-14:00",
    )  # fmt: skip
    assert "sat 10:00-14:00" in by_lead
    with pytest.raises(CommandError, match="not like"):
        _cli("hours", *_as(crisis.rita), *program, "--set", "weekdays 9-5")
    with pytest.raises(CommandError, match=r"No such (responder|crisis program)"):
        _cli("hours", *_as(crisis.rita), *program, "--responder", str(crisis.mona_responder.pk))
    assert "whatever your hours say" in _cli("on-call", *_as(crisis.rita), *program, "on")
    grid = _cli("coverage", *_as(scenario.pete), *program, "--start", "2026-03-30")
    assert "Mon 30 Mar  " + "." * 18 + "1111" + ".." in grid
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "S", "en"))
    until = after_planned_end(request, 3).isoformat()
    extended = _cli(
        "extend", *_as(scenario.mona), str(request.pk), "--until", until, "--reason", "R"
    )
    assert until in extended
    assert AuditEvent.objects.filter(verb="crisis_request.extended").count() == 1


def test_hours_with_an_offset_are_refused_not_a_500(scenario, crisis):
    # Hours are wall-clock times in the responder's zone: "18:00+02:00" cannot be stored.
    body = {"hours": [{"weekday": 0, "starts_at": "18:00+02:00", "ends_at": "22:00"}]}
    refused = api_as(crisis.rita).put(_api(crisis, "/me/availability"), body)
    assert refused.status_code == 422 and "starts_at" in str(refused.json())


def test_cli_hours_and_away_are_saved_together_or_not_at_all(scenario, crisis):
    program = ("--program", str(crisis.program.pk))
    with pytest.raises(CommandError, match="a year ahead"):
        _cli(
            "hours", *_as(crisis.rita), *program,
            "--set", "mon 18:00-22:00", "--away-through", "2000-01-01",
        )  # fmt: skip
    assert not crisis.rita_responder.hours.exists()


def test_a_coverage_start_off_the_calendar_names_the_field(scenario, crisis):
    crisis.rita.timezone = "America/New_York"  # west of UTC: day one would fall before year 1
    crisis.rita.save(update_fields=["timezone"])
    program = ("--program", str(crisis.program.pk))
    for start in ("0001-01-01", "9999-12-31"):
        with pytest.raises(CommandError, match="start day"):
            _cli("coverage", *_as(scenario.pete), *program, "--start", start)
        refused = api_as(scenario.pete).get(_api(crisis, f"/coverage?start={start}"))
        assert refused.status_code == 422 and "start" in refused.json()["errors"]
