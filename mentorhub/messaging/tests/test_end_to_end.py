"""End to end: a real uvicorn server, a real WebSocket client, a message posted over HTTP."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
import uvicorn
from django.db import connection
from django.test import Client
from websockets.sync.client import connect

from mentorhub.asgi import application
from mentorhub.tests import token_for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(settings, monkeypatch) -> Iterator[str]:
    """uvicorn on a free port in a thread, as `mentorhub run` serves (one process)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # The server's threads must not keep database connections open past the test.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    port = _free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not served.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    served.should_exit = True
    thread.join(15)


@pytest.mark.django_db(transaction=True)
def test_message_posted_over_http_arrives_on_the_other_members_socket(scenario, active, server):
    browser = Client()
    browser.force_login(scenario.max.user)
    headers = {
        "Cookie": f"sessionid={browser.cookies['sessionid'].value}",
        "Origin": f"http://{server}",
    }
    url = f"ws://{server}/ws/mentorships/{active.pk}/messages/"
    with connect(url, additional_headers=headers, open_timeout=10) as live:
        request = urllib.request.Request(
            f"http://{server}/api/mentorships/{active.pk}/messages",
            data=json.dumps({"body": "Over the wire <3"}).encode(),
            headers={
                "Authorization": f"Bearer {token_for(scenario.mona)}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
        pushed = json.loads(live.recv(timeout=10))
    assert pushed["type"] == "message"
    assert "Over the wire &lt;3" in pushed["html"] and "Mona Mentor" in pushed["html"]
