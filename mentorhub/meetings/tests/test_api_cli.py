"""The meetings API and the `meeting` command go through the same domain actions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.meetings.services import schedule_meeting
from mentorhub.meetings.tests.conftest import plan
from mentorhub.tests import api_as

BODY = {"title": "Kick-off", "starts_at": "2026-03-03T14:00:00Z", "duration_minutes": 30}


def test_api_schedule_update_cancel_keeps_one_meeting_with_growing_sequence(scenario, active):
    api = api_as(scenario.mona)
    created = api.post("/meetings", {"mentorship": active.pk, **BODY, "generate_video": True})
    assert created.status_code == 201, created.json()
    meeting_id = created.json()[0]["id"]
    assert created.json()[0]["video_url"].startswith("https://meet.jit.si/mentorhub-")
    changed = api.patch(f"/meetings/{meeting_id}", {"starts_at": "2026-03-04T14:00:00+01:00"})
    assert changed.status_code == 200 and changed.json()["sequence"] == 1
    cancelled = api.post(f"/meetings/{meeting_id}/cancel")
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["sequence"] == 2
    assert Meeting.objects.count() == 1


def test_api_refuses_naive_times_and_bad_links(scenario, active):
    api = api_as(scenario.mona)
    naive = api.post(
        "/meetings", {"mentorship": active.pk, **BODY, "starts_at": "2026-03-03T14:00"}
    )
    assert naive.status_code == 422
    bad = api.post("/meetings", {"mentorship": active.pk, **BODY, "video_url": "javascript:x"})
    assert bad.status_code == 422 and "video_url" in bad.json()["errors"]


def test_api_patch_refuses_null_title_without_a_500(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan())
    response = api_as(scenario.mona).patch(f"/meetings/{meeting.pk}", {"title": None})
    assert response.status_code == 422 and "title" in response.json()["errors"]


def test_api_list_hides_titles_from_the_manager(scenario, active):
    schedule_meeting(scenario.mona, active, plan(title="Private topic"))
    as_manager = api_as(scenario.pete).get("/meetings", mentorship=active.pk).json()
    as_member = api_as(scenario.max).get("/meetings", mentorship=active.pk).json()
    assert as_manager[0]["title"] is None and as_manager[0]["starts_at"]
    assert as_member[0]["title"] == "Private topic"
    assert api_as(scenario.charlie).get("/meetings", mentorship=active.pk).status_code == 404


def test_api_notes_private_to_author_and_held(scenario, active):
    [meeting] = schedule_meeting(scenario.mona, active, plan())
    mona, max_ = api_as(scenario.mona), api_as(scenario.max)
    mine = mona.post(f"/meetings/{meeting.pk}/notes", {"body": "mine", "private": True})
    assert mine.status_code == 201
    assert mona.post(f"/meetings/{meeting.pk}/notes", {"body": "ours"}).status_code == 201
    assert [n["body"] for n in max_.get(f"/meetings/{meeting.pk}/notes").json()] == ["ours"]
    assert api_as(scenario.pete).get(f"/meetings/{meeting.pk}/notes").status_code == 404
    assert max_.post(f"/meetings/{meeting.pk}/held").json()["status"] == "held"


def test_api_proposals_are_utc_times(scenario, active):
    response = api_as(scenario.max).get("/meetings/proposals", mentorship=active.pk, minutes=60)
    assert response.status_code == 200 and response.json() == []


def _run(*args: str) -> None:
    call_command("meeting", *args)


def test_cli_schedules_in_the_actors_zone_lists_and_cancels(scenario, active, capsys):
    scenario.mona.timezone = "Asia/Tokyo"
    scenario.mona.save()
    who = ("--as", scenario.mona.email, "--org", "acme")
    _run(
        "schedule",
        "--mentorship",
        str(active.pk),
        "--title",
        "Sync",
        "--start",
        "2026-03-03T09:00",
        *who,
    )
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime(2026, 3, 3, 0, tzinfo=UTC)
    _run("list", "--mentorship", str(active.pk), *who)
    assert "2026-03-03 09:00 Asia/Tokyo" in capsys.readouterr().out
    _run("cancel", str(meeting.pk), *who)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


@pytest.mark.parametrize(
    ("start", "problem"),
    [("2026-03-29T02:30", "does not exist"), ("2026-10-25T02:30", "happens twice")],
)
def test_cli_refuses_a_wall_clock_time_the_clocks_skip_or_repeat(scenario, active, start, problem):
    scenario.mona.timezone = "Europe/Berlin"
    scenario.mona.save()
    who = ("--as", scenario.mona.email, "--org", "acme")
    with pytest.raises(CommandError, match=problem):
        _run("schedule", "--mentorship", str(active.pk), "--title", "x", "--start", start, *who)
    assert not Meeting.objects.exists()


def test_cli_refuses_a_manager_scheduling(scenario, active):
    who = ("--as", scenario.pete.email, "--org", "acme")
    with pytest.raises(CommandError, match="Only the mentorship's members"):
        _run(
            "schedule",
            "--mentorship",
            str(active.pk),
            "--title",
            "x",
            "--start",
            "2026-03-03T09:00Z",
            *who,
        )
