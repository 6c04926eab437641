"""The feedback API and the `checkin` command go through the same domain actions, with the
same privacy: members see their own answers, managers scores and alerts, never comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentorhub.feedback.models import CheckInAnswer, ExpectationAlert
from mentorhub.feedback.services import answer_checkin
from mentorhub.feedback.tests.conftest import answer
from mentorhub.meetings.services import MeetingPlan, schedule_meeting
from mentorhub.mentorships.services import close_mentorship
from mentorhub.tests import api_as

BODY = {
    "satisfaction": 2,
    "meeting_rate": "monthly",
    "expected_rate": "weekly",
    "goal_progress": 3,
    "expectations_met": "no",
    "comment": "He never prepares.",
}


def test_api_member_answers_and_lists_their_own_answer(scenario, checkin):
    api = api_as(scenario.max)
    answered = api.post(f"/checkins/{checkin.pk}/answer", BODY)
    assert answered.status_code == 200, answered.json()
    listed = api.get(f"/mentorships/{checkin.mentorship_id}/checkins").json()
    assert listed[0]["mine"]["comment"] == "He never prepares."
    assert listed[0]["scores"] is None and listed[0]["is_open"] is True


def test_api_other_member_sees_only_that_someone_answered(scenario, checkin):
    api_as(scenario.max).post(f"/checkins/{checkin.pk}/answer", BODY)
    listed = api_as(scenario.mona).get(f"/mentorships/{checkin.mentorship_id}/checkins").json()
    assert listed[0]["answered"] == 1 and listed[0]["mine"] is None
    assert "He never prepares." not in str(listed)


def test_api_manager_sees_scores_without_comments(scenario, checkin):
    api_as(scenario.max).post(f"/checkins/{checkin.pk}/answer", BODY)
    listed = api_as(scenario.pete).get(f"/mentorships/{checkin.mentorship_id}/checkins")
    [scores] = listed.json()[0]["scores"]
    assert scores["satisfaction"] == 2 and "comment" not in scores
    assert "He never prepares." not in listed.content.decode()


def test_api_refuses_out_of_range_scores_by_field(scenario, checkin):
    body = BODY | {"goal_progress": 7}
    refused = api_as(scenario.max).post(f"/checkins/{checkin.pk}/answer", body)
    assert refused.status_code == 422 and "goal_progress" in refused.json()["errors"]


def test_api_manager_reads_the_report_and_acknowledges(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5, comment="fine"))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1, comment="awful"))
    api = api_as(scenario.pete)
    report = api.get(f"/programs/{scenario.program.pk}/checkins")
    assert report.status_code == 200
    body = report.json()
    assert body["response_rate_percent"] == 100 and body["average_satisfaction"] == 3
    [alert] = body["open_alerts"]
    assert alert["kind"] == "satisfaction" and "awful" not in report.content.decode()
    done = api.post(f"/alerts/{alert['id']}/acknowledge")
    assert done.json()["acknowledged_by"]["id"] == scenario.pete.pk
    again = api.post(f"/alerts/{alert['id']}/acknowledge")
    assert again.status_code == 409


def test_api_members_get_404_for_reports_and_alerts(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    alert = ExpectationAlert.objects.get()
    api = api_as(scenario.max)
    assert api.get(f"/programs/{scenario.program.pk}/checkins").status_code == 404
    assert api.post(f"/alerts/{alert.pk}/acknowledge").status_code == 404


def test_api_policy_round_trip_with_clear_errors(scenario):
    api = api_as(scenario.pete)
    url = f"/programs/{scenario.program.pk}/checkin-policy"
    assert api.get(url).json() == {"enabled": True, "first_after_days": 30, "every_days": 60}
    bad = api.put(url, {"first_after_days": 30, "every_days": 400})
    assert bad.status_code == 422 and "every_days" in bad.json()["errors"]
    good = api.put(url, {"first_after_days": 21, "every_days": 45})
    assert good.json()["every_days"] == 45


def test_api_meeting_feedback_and_closing_survey(scenario, active, time_machine):
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)
    time_machine.move_to(start - timedelta(days=1), tick=False)
    [meeting] = schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", start))
    api = api_as(scenario.max)
    early = api.post(f"/meetings/{meeting.pk}/feedback", {"rating": "helpful"})
    assert early.status_code == 409
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    rated = api.post(f"/meetings/{meeting.pk}/feedback", {"rating": "helpful"})
    assert rated.json()["rating"] == "helpful"
    url = f"/mentorships/{active.pk}/closing-survey"
    survey = {"goals_met": 5, "would_again": True, "achieved": "Promoted"}
    assert api.post(url, survey).status_code == 409
    close_mentorship(scenario.mona, active, "completed", "Done")
    assert api.post(url, survey).json()["goals_met"] == 5
    assert api_as(scenario.pete).post(url, survey).status_code == 403


def _run(*args: str) -> str:
    out = StringIO()
    call_command("checkin", *args, stdout=out)
    return out.getvalue()


def test_cli_member_lists_and_answers(scenario, checkin):
    who = ["--as", scenario.max.email, "--org", "acme"]
    assert "check-in 1  open" in _run("list", *who, "--mentorship", str(checkin.mentorship_id))
    out = _run(
        "answer", *who, str(checkin.pk), "--satisfaction", "4", "--meet", "weekly",
        "--expected", "weekly", "--goals", "3", "--expectations-met", "partly",
    )  # fmt: skip
    assert "Answered check-in 1" in out
    assert CheckInAnswer.objects.get().expectations_met == "partly"


def test_cli_refusals_are_one_line(scenario, checkin):
    who = ["--as", scenario.pete.email, "--org", "acme"]
    with pytest.raises(CommandError, match="No such check-in"):
        _run(
            "answer", *who, str(checkin.pk), "--satisfaction", "4", "--meet", "weekly",
            "--expected", "weekly", "--goals", "3", "--expectations-met", "yes",
        )  # fmt: skip


def test_cli_manager_lists_and_acknowledges_alerts(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(expectations_met="yes"))
    answer_checkin(scenario.max, checkin, answer(expectations_met="no"))
    who = ["--as", scenario.pete.email, "--org", "acme"]
    listed = _run("alerts", *who, "--program", str(scenario.program.pk))
    alert = ExpectationAlert.objects.get()
    assert f"#{alert.pk}" in listed and "expectations" in listed
    assert "acknowledged" in _run("acknowledge", *who, str(alert.pk))
    with pytest.raises(CommandError, match="acknowledged this alert"):
        _run("acknowledge", *who, str(alert.pk))
