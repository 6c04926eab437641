"""Live threads: each open messages page holds a socket that receives the new messages.

The socket is authorized like the page (members only) and joins the mentorship's group;
`post_message` sends each new message to that group after commit, and every tab renders
it in its own viewer's time zone. While a socket is open its member counts as online, so
the unread-message email waits (see presence.py and tasks.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any
from zoneinfo import ZoneInfo

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.utils import timezone

from mentorhub.errors import DomainError, NotAllowed
from mentorhub.messaging import presence
from mentorhub.messaging.access import get_conversation_for
from mentorhub.messaging.rendering import ThreadItem, item_html
from mentorhub.messaging.services import group_name, mark_read
from mentorhub.people.middleware import SESSION_KEY, memberships_of
from mentorhub.people.models import Person

log = logging.getLogger(__name__)

# Close codes the page's script reads: do not reconnect after these.
NOT_SIGNED_IN, NOT_ALLOWED, NOT_FOUND = 4401, 4403, 4404


def _person_of(scope: dict[str, Any]) -> Person | None:
    """The person the socket acts as: the one the session chose, as the web pages do."""
    people = memberships_of(scope.get("user"))
    session = scope.get("session")
    chosen = session.get(SESSION_KEY) if session is not None else None
    return next((p for p in people if p.pk == chosen), people[0] if people else None)


def _authorize(scope: dict[str, Any], mentorship_id: int) -> tuple[Person | None, int]:
    person = _person_of(scope)
    if person is None:
        return None, NOT_SIGNED_IN
    try:
        get_conversation_for(person, mentorship_id)
    except Http404:
        return None, NOT_FOUND
    except NotAllowed:
        return None, NOT_ALLOWED
    return person, 0


class ThreadConsumer(AsyncWebsocketConsumer):
    person: Person | None = None
    group: str | None = None
    heartbeat: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self.mentorship_id = int(self.scope["url_route"]["kwargs"]["mentorship_id"])
        person, refusal = await database_sync_to_async(_authorize)(self.scope, self.mentorship_id)
        if person is None:
            # Accepted, then closed with a reason, so the page's script knows not to retry.
            await self.accept()
            await self.close(code=refusal)
            return
        self.person, self.group = person, group_name(self.mentorship_id)
        # In the group before the page hears "open", so no message falls in between.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await sync_to_async(presence.arrive)(self.mentorship_id, person.pk, self.channel_name)
        self.heartbeat = asyncio.create_task(self._beat(person.pk))
        await self.accept()

    async def _beat(self, person_id: int) -> None:
        while True:
            await asyncio.sleep(presence.HEARTBEAT)
            with contextlib.suppress(Exception):  # a cache hiccup must not close the socket
                await sync_to_async(presence.arrive)(
                    self.mentorship_id, person_id, self.channel_name
                )

    async def disconnect(self, code: int) -> None:
        if self.heartbeat is not None:
            self.heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.heartbeat
        if self.person is None or self.group is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await sync_to_async(presence.leave)(self.mentorship_id, self.person.pk, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page says what its reader has seen: `{"type": "read", "up_to_id": N}`."""
        if self.person is None or not text_data:
            return
        try:
            data = json.loads(text_data)
            up_to = int(data["up_to_id"]) if data.get("type") == "read" else 0
        except (ValueError, TypeError, KeyError, AttributeError):
            return
        if 0 < up_to < 2**63:
            await database_sync_to_async(self._mark_read)(up_to)

    def _refusal(self) -> int:
        """0 while the socket's person may still read the thread, else why not (a close code)."""
        assert self.person is not None
        session = self.scope.get("session")
        if session is None or not session.session_key or not session.exists(session.session_key):
            return NOT_SIGNED_IN
        person = Person.objects.select_related("user").filter(pk=self.person.pk).first()
        if person is None or not (person.is_active and person.user.is_active):
            return NOT_SIGNED_IN
        try:
            get_conversation_for(person, self.mentorship_id)
        except Http404:
            return NOT_FOUND
        except NotAllowed:
            return NOT_ALLOWED
        return 0

    def _mark_read(self, up_to_id: int) -> None:
        assert self.person is not None
        try:
            mentorship = get_conversation_for(self.person, self.mentorship_id)
            mark_read(self.person, mentorship, up_to_id)
        except (Http404, DomainError):
            log.info("read mark refused for person %s", self.person.pk)  # e.g. left meanwhile

    async def message_posted(self, event: dict[str, Any]) -> None:
        assert self.person is not None
        # Access can end while the socket stays open (signed out, deactivated, removed):
        # each message is checked again before its text goes out.
        refusal = await database_sync_to_async(self._refusal)()
        if refusal:
            await self.close(code=refusal)
            return
        item = ThreadItem.from_event(event["message"])
        with timezone.override(ZoneInfo(self.person.timezone)):
            html = item_html(item, self.person.pk)
        await self.send(text_data=json.dumps({"type": "message", "id": item.id, "html": html}))
