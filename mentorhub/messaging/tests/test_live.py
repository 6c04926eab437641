"""Live delivery: sockets of members get new messages; everyone else's socket is closed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from mentorhub.asgi import application
from mentorhub.messaging import presence
from mentorhub.messaging.consumers import NOT_ALLOWED, NOT_FOUND, NOT_SIGNED_IN
from mentorhub.messaging.services import post_message
from mentorhub.messaging.tests.sockets import Socket
from mentorhub.messaging.unread import unread_count

ORIGIN = (b"origin", b"http://127.0.0.1")


def _cookie(person) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(person.user)
    return b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()


def _socket(mentorship_id: int, person=None) -> Socket:
    headers = [ORIGIN] + ([_cookie(person)] if person is not None else [])
    return Socket(application, f"/ws/mentorships/{mentorship_id}/messages/", headers)


@pytest.mark.django_db(transaction=True)
def test_member_receives_the_message_the_other_member_posts(scenario, active):
    scenario.max.timezone = "Asia/Tokyo"
    scenario.max.save()
    socket = _socket(active.pk, scenario.max)

    async def run() -> dict:
        connected, _ = await socket.connect()
        assert connected
        assert await database_sync_to_async(presence.is_online)(active.pk, scenario.max.pk)
        await database_sync_to_async(post_message)(scenario.mona, active, "Hi <b>Max</b>")
        received = await socket.receive_json()
        await socket.disconnect()
        return received

    received = async_to_sync(run)()
    assert received["type"] == "message"
    assert "Hi &lt;b&gt;Max&lt;/b&gt;" in received["html"]
    assert "Mona Mentor" in received["html"] and "+09:00" in received["html"]
    assert not presence.is_online(active.pk, scenario.max.pk)  # gone with the socket


@pytest.mark.django_db(transaction=True)
def test_socket_marks_read_what_the_page_showed(scenario, active):
    message = post_message(scenario.mona, active, "Hi")
    socket = _socket(active.pk, scenario.max)

    async def run() -> None:
        await socket.connect()
        await socket.send_text(json.dumps({"type": "read", "up_to_id": message.pk}))
        await socket.send_text("not json")  # ignored, the socket stays open
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    async_to_sync(run)()
    assert unread_count(scenario.max, active.pk) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("who", "code"),
    [("pete", NOT_ALLOWED), ("alice", NOT_ALLOWED), ("charlie", NOT_FOUND), (None, NOT_SIGNED_IN)],
)
def test_socket_of_a_non_member_is_closed(scenario, active, who, code):
    socket = _socket(active.pk, getattr(scenario, who) if who else None)

    async def run() -> dict:
        await socket.connect()
        closed = await socket.receive_output(timeout=5)
        await socket.disconnect()
        return closed

    assert async_to_sync(run)() == {"type": "websocket.close", "code": code}
    assert not presence.is_online(active.pk, getattr(scenario, who).pk if who else 0)


@pytest.mark.django_db(transaction=True)
def test_socket_from_another_site_is_refused(scenario, active):
    socket = Socket(
        application,
        f"/ws/mentorships/{active.pk}/messages/",
        [(b"origin", b"https://evil.example"), _cookie(scenario.max)],
    )

    async def run() -> bool:
        connected, _ = await socket.connect()
        await socket.disconnect()
        return connected

    assert async_to_sync(run)() is False


def test_channel_layer_follows_the_redis_setting():
    configured: dict[str, Any] = settings.CHANNEL_LAYERS["default"]
    layer = get_channel_layer()
    if settings.REDIS_URL:
        assert configured["BACKEND"] == "channels_redis.core.RedisChannelLayer"
        assert configured["CONFIG"]["hosts"] == [settings.REDIS_URL]
    else:
        assert configured["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert f"{type(layer).__module__}.{type(layer).__name__}" == configured["BACKEND"]


def test_group_messages_pass_through_the_configured_layer():
    layer = get_channel_layer()

    async def run() -> dict:
        channel = await layer.new_channel()
        await layer.group_add("mentorship-test", channel)
        await layer.group_send("mentorship-test", {"type": "message.posted", "n": 1})
        received = await layer.receive(channel)
        await layer.group_discard("mentorship-test", channel)
        return received

    assert async_to_sync(run)() == {"type": "message.posted", "n": 1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ended", ["deactivated", "signed out", "left the program's people"])
def test_a_socket_stops_receiving_once_its_person_may_no_longer_read(scenario, active, ended):
    socket = _socket(active.pk, scenario.max)

    def end_access() -> None:
        if ended == "deactivated":
            type(scenario.max).objects.filter(pk=scenario.max.pk).update(is_active=False)
        elif ended == "signed out":
            from django.contrib.sessions.models import Session

            Session.objects.all().delete()
        else:
            active.members.filter(person=scenario.max).delete()

    async def run() -> dict[str, Any]:
        connected, _ = await socket.connect()
        assert connected
        await database_sync_to_async(end_access)()
        await database_sync_to_async(post_message)(scenario.mona, active, "not for Max now")
        return await socket.receive_output(5)

    output = async_to_sync(run)()
    assert output["type"] == "websocket.close"
    assert "not for Max now" not in json.dumps(output)
