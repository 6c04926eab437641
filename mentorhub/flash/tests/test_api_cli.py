"""The flash API and the `flash` command go through the same domain actions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentorhub.flash.models import Challenge, Outcome
from mentorhub.flash.tests.conftest import mentorship_of
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.tests import api_as


def test_api_happy_path(scenario, flash):
    max_, mona = api_as(scenario.max), api_as(scenario.mona)
    created = max_.post(
        "/challenges",
        {"program": flash.program.pk, "title": "First migration", "time_box_days": 7},
    )
    assert created.status_code == 201, created.json()
    challenge_id = created.json()["id"]
    helpers = max_.get(f"/challenges/{challenge_id}/helpers").json()
    assert [h["enrollment_id"] for h in helpers] == [flash.mentor.pk] and helpers[0]["reasons"]
    asked = max_.post(f"/challenges/{challenge_id}/ask", {"mentor": flash.mentor.pk}).json()
    assert asked["state"] == "asked"
    accept_mentorship(scenario.mona, mentorship_of(Challenge.objects.get()))
    terms = {"scope": "Review the plan", "end_condition": "Plan signed off"}
    assert mona.post(f"/challenges/{challenge_id}/terms", terms).status_code == 200
    agreed = max_.post(f"/challenges/{challenge_id}/agree").json()
    assert agreed["due_at"] and agreed["state"] == "in progress"
    resolved = mona.post(f"/challenges/{challenge_id}/resolve", {"outcome": "resolved"}).json()
    assert resolved["outcome"] == "resolved" and resolved["state"] == "resolved"


def test_api_bad_input_is_a_field_error(scenario, flash):
    api = api_as(scenario.max)
    too_long = api.post(
        "/challenges", {"program": flash.program.pk, "title": "x", "time_box_days": 90}
    )
    assert too_long.status_code == 422 and "time_box_days" in too_long.json()["errors"]


def test_api_refusal_reads_as_a_message(scenario, flash):
    refused = api_as(scenario.mona).post(
        "/challenges", {"program": flash.program.pk, "title": "Mine"}
    )
    assert refused.status_code == 422 and "as a mentee" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("who", "status", "full"),
    [("max", 200, True), ("mona", 200, True), ("pete", 200, False), ("charlie", 404, False)],
)
def test_api_privacy_per_role(scenario, asked, who, status, full):
    response = api_as(getattr(scenario, who)).get(f"/challenges/{asked.pk}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["title"] == asked.title
        assert (body["description"] == asked.description) is full


def test_api_list_shows_managers_titles_only(scenario, flash, asked):
    [row] = api_as(scenario.pete).get("/challenges", program=flash.program.pk).json()
    assert row["title"] == asked.title and row["description"] is None


def test_api_helpers_are_for_the_asker_only(scenario, asked):
    assert api_as(scenario.pete).get(f"/challenges/{asked.pk}/helpers").status_code == 403


def _run(scenario, person, *args: str) -> str:
    out = StringIO()
    call_command(
        "flash", *args, "--as", person.email, "--org", person.organization.slug, stdout=out
    )
    return out.getvalue()


def test_cli_flow(scenario, flash):
    made = _run(
        scenario, scenario.max, "challenge", "--program", str(flash.program.pk), "--title", "Talk"
    )
    challenge = Challenge.objects.get()
    assert f"#{challenge.pk}" in made
    assert "Mona Mentor" in _run(scenario, scenario.max, "helpers", str(challenge.pk))
    _run(scenario, scenario.max, "ask", str(challenge.pk), "--mentor", str(flash.mentor.pk))
    challenge.refresh_from_db()
    accept_mentorship(scenario.mona, mentorship_of(challenge))
    _run(scenario, scenario.max, "terms", str(challenge.pk), "--scope", "S", "--done-when", "E")
    assert "time box ends" in _run(scenario, scenario.mona, "agree", str(challenge.pk))
    _run(scenario, scenario.mona, "resolve", str(challenge.pk), "--outcome", "partly")
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.PARTLY
    assert mentorship_of(challenge).status == Status.COMPLETED
    listed = _run(scenario, scenario.pete, "list", "--program", str(flash.program.pk))
    assert "Talk" in listed
    assert "Scope" not in _run(scenario, scenario.pete, "show", str(challenge.pk))


def test_cli_refusals_are_one_line(scenario, asked):
    with pytest.raises(CommandError, match="Only the person with the challenge"):
        _run(scenario, scenario.mona, "drop", str(asked.pk))
    with pytest.raises(CommandError, match="No such challenge"):
        _run(scenario, scenario.charlie, "show", str(asked.pk))
