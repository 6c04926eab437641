"""The messages API and the `message` command go through the same domain actions."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorhub.messaging.models import Message
from mentorhub.messaging.services import post_message
from mentorhub.messaging.unread import unread_count
from mentorhub.tests import api_as


def _thread(mentorship) -> str:
    return f"/mentorships/{mentorship.pk}/messages"


def test_api_posts_and_lists_the_raw_text(scenario, active):
    api = api_as(scenario.max)
    created = api.post(_thread(active), {"body": "  <b>Hi</b> Mona  "})
    assert created.status_code == 201, created.json()
    assert created.json()["body"] == "<b>Hi</b> Mona"
    assert created.json()["author"] == {"id": scenario.max.pk, "name": "Max Mentee"}
    listed = api_as(scenario.mona).get(_thread(active)).json()
    assert [m["body"] for m in listed] == ["<b>Hi</b> Mona"]


def test_api_refuses_empty_and_too_long_messages(scenario, active):
    api = api_as(scenario.max)
    assert api.post(_thread(active), {"body": "   "}).status_code == 422
    too_long = api.post(_thread(active), {"body": "x" * 5001})
    assert too_long.status_code == 422 and "body" in too_long.json()["errors"]
    assert not Message.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("pete", 403), ("alice", 403), ("charlie", 404)])
def test_api_keeps_the_thread_to_its_members(scenario, active, who, status):
    post_message(scenario.mona, active, "Private words")
    api = api_as(getattr(scenario, who))
    listed = api.get(_thread(active))
    assert listed.status_code == status and "Private words" not in listed.text
    assert api.post(_thread(active), {"body": "Hi"}).status_code == status


def test_api_pages_back_and_catches_up_by_id(scenario, active):
    ids = [post_message(scenario.mona, active, f"m{i}").pk for i in range(7)]
    api = api_as(scenario.max)
    assert [m["id"] for m in api.get(_thread(active), limit=3).json()] == ids[-3:]
    back = api.get(_thread(active), limit=3, before_id=ids[4]).json()
    assert [m["id"] for m in back] == ids[1:4]
    ahead = api.get(_thread(active), limit=2, after_id=ids[2]).json()
    assert [m["id"] for m in ahead] == ids[3:5]
    assert api.get(_thread(active), limit=500).status_code == 422


def test_api_marks_read_and_counts_unread(scenario, active):
    ids = [post_message(scenario.mona, active, f"m{i}").pk for i in range(3)]
    api = api_as(scenario.max)
    assert api.get("/messages/unread").json() == {
        "total": 3,
        "mentorships": [{"mentorship_id": active.pk, "unread": 3}],
    }
    read = api.post(_thread(active) + "/read", {"up_to_id": ids[1]}).json()
    assert read == {"mentorship_id": active.pk, "last_read_id": ids[1], "unread": 1}
    assert api.get("/messages/unread").json()["total"] == 1


def test_api_list_queries_do_not_grow_with_messages(
    scenario, active, django_assert_max_num_queries
):
    api = api_as(scenario.max)
    post_message(scenario.mona, active, "first")
    with CaptureQueriesContext(connection) as few:
        assert api.get(_thread(active)).status_code == 200
    for i in range(60):
        post_message(scenario.mona, active, f"m{i}")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(_thread(active)).json()) == 50
    assert len(many) == len(few)
    with django_assert_max_num_queries(8):
        api.get(_thread(active))


def _cli(*args: str) -> str:
    out = io.StringIO()
    call_command("message", *args, stdout=out)
    return out.getvalue()


def test_cli_posts_and_lists_in_the_actors_zone(scenario, active, time_machine):
    time_machine.move_to(datetime(2026, 3, 3, 14, tzinfo=UTC), tick=False)
    scenario.max.timezone = "Asia/Tokyo"
    scenario.max.save()
    who = ("--mentorship", str(active.pk), "--as", scenario.max.email, "--org", "acme")
    assert _cli("post", *who, "Hello\nfrom the terminal").startswith("Posted message #")
    listed = _cli("list", *who)
    assert "2026-03-03 23:00 Asia/Tokyo  Max Mentee" in listed
    assert "    Hello\n    from the terminal" in listed
    assert unread_count(scenario.mona, active.pk) == 1


def test_cli_refuses_managers_and_empty_messages(scenario, active):
    manager = ("--mentorship", str(active.pk), "--as", scenario.pete.email, "--org", "acme")
    with pytest.raises(CommandError, match="Only the members"):
        _cli("list", *manager)
    member = ("--mentorship", str(active.pk), "--as", scenario.max.email, "--org", "acme")
    with pytest.raises(CommandError, match="The message is empty"):
        _cli("post", *member, "  ")
    outsider = ("--mentorship", str(active.pk), "--as", scenario.charlie.email, "--org", "globex")
    with pytest.raises(CommandError, match="No such mentorship"):
        _cli("list", *outsider)
