"""The messages page: members only, the thread in the viewer's zone, bounded queries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorhub.mentorships.services import close_mentorship
from mentorhub.messaging.models import Message
from mentorhub.messaging.services import post_message
from mentorhub.messaging.unread import unread_count
from mentorhub.messaging.views import PAGE_SIZE


def _path(mentorship) -> str:
    return f"/mentorships/{mentorship.pk}/messages/"


def _post_many(scenario, active, count: int) -> list[Message]:
    return [post_message(scenario.mona, active, f"Message {i}") for i in range(count)]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "status"), [("pete", 403), ("alice", 403), ("charlie", 404)])
def test_only_members_see_the_thread(scenario, active, who, status):
    post_message(scenario.mona, active, "Private words")
    page = scenario.client_for(getattr(scenario, who)).get(_path(active))
    assert page.status_code == status
    assert "Private words" not in page.text


def test_member_sees_the_thread_in_their_zone(scenario, active, time_machine):
    time_machine.move_to(datetime(2026, 3, 3, 14, tzinfo=UTC), tick=False)
    post_message(scenario.mona, active, "Hello <b>Max</b>\nhttps://example.org")
    scenario.max.timezone = "Asia/Tokyo"
    scenario.max.save()
    page = scenario.client_for(scenario.max).get(_path(active))
    assert "Tue 3 Mar 2026, 23:00" in page.text and "Asia/Tokyo" in page.text
    assert "Hello &lt;b&gt;Max&lt;/b&gt;<br>" in page.text
    assert 'rel="nofollow noopener noreferrer"' in page.text
    assert 'data-socket="/ws/mentorships/' in page.text


def test_viewing_the_latest_page_marks_it_read(scenario, active):
    _post_many(scenario, active, 2)
    scenario.client_for(scenario.max).get(_path(active))
    assert unread_count(scenario.max, active.pk) == 0


def test_post_without_javascript_redirects_to_the_new_message(scenario, active):
    response = scenario.client_for(scenario.max).post(_path(active), {"body": "Hi Mona"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_path(active)}#message-{message.pk}"
    assert message.author == scenario.max and message.body == "Hi Mona"


def test_htmx_post_answers_the_new_message_fragment(scenario, active):
    response = scenario.client_for(scenario.max).post(
        _path(active), {"body": "Hi <i>there</i>"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="message-' in response.text and "Hi &lt;i&gt;there&lt;/i&gt;" in response.text
    assert "<html" not in response.text


def test_empty_post_shows_the_error_and_saves_nothing(scenario, active):
    client = scenario.client_for(scenario.max)
    page = client.post(_path(active), {"body": "   "})
    assert page.status_code == 200 and "Write something first." in page.text
    fragment = client.post(_path(active), {"body": ""}, headers={"HX-Request": "true"})
    assert fragment["HX-Retarget"] == "#message-errors"
    assert "Write something first." in fragment.text
    assert not Message.objects.exists()


def test_closed_mentorship_shows_the_thread_without_a_form(scenario, active):
    post_message(scenario.mona, active, "Thanks for everything")
    close_mentorship(scenario.mona, active, "completed", "Done")
    client = scenario.client_for(scenario.max)
    page = client.get(_path(active))
    assert "Thanks for everything" in page.text
    assert 'name="body"' not in page.text and "data-socket" not in page.text
    assert "no new ones written" in page.text
    assert client.post(_path(active), {"body": "Late"}).status_code == 200
    assert Message.objects.count() == 1


def test_older_messages_are_a_page_back(scenario, active):
    messages = _post_many(scenario, active, PAGE_SIZE + 3)
    client = scenario.client_for(scenario.max)
    latest = client.get(_path(active)).text
    assert f'id="message-{messages[-1].pk}"' in latest
    assert f'id="message-{messages[2].pk}"' not in latest
    assert f"?before={messages[3].pk}" in latest
    older = client.get(f"{_path(active)}?before={messages[3].pk}").text
    assert f'id="message-{messages[0].pk}"' in older
    assert f'id="message-{messages[3].pk}"' not in older
    assert "Back to the latest" in older and 'name="body"' not in older


@pytest.mark.parametrize("path", ["", "?before=999999"])
def test_page_queries_do_not_grow_with_messages(
    scenario, active, path, django_assert_max_num_queries
):
    client = scenario.client_for(scenario.max)
    _post_many(scenario, active, 1)
    client.get(_path(active))  # the first visit makes the read mark
    _post_many(scenario, active, 2)
    few = _queries(client, _path(active) + path)
    post_message(scenario.max, active, "mine too")
    _post_many(scenario, active, PAGE_SIZE + 10)
    assert _queries(client, _path(active) + path) == few
    with django_assert_max_num_queries(16):
        client.get(_path(active) + path)


def test_overview_shows_members_their_unread_count(scenario, active):
    _post_many(scenario, active, 3)
    overview = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/")
    assert "3 unread messages" in overview.text
    assert _path(active) in overview.text
    manager_view = scenario.client_for(scenario.pete).get(f"/mentorships/{active.pk}/")
    assert "for the members only" in manager_view.text and _path(active) not in manager_view.text


def test_overview_queries_do_not_grow_with_messages(scenario, active):
    client = scenario.client_for(scenario.max)
    _post_many(scenario, active, 2)
    few = _queries(client, f"/mentorships/{active.pk}/")
    _post_many(scenario, active, 20)
    assert _queries(client, f"/mentorships/{active.pk}/") == few


@pytest.mark.parametrize("raw", ["²", "99999999999999999999999", "0"])
def test_a_cursor_that_is_not_an_id_shows_the_latest_messages(scenario, active, raw):
    post_message(scenario.mona, active, "still here")
    response = scenario.client_for(scenario.max).get(
        f"/mentorships/{active.pk}/messages/", {"before": raw}
    )
    assert response.status_code == 200
    assert "still here" in response.content.decode()
