"""Who has a mentorship's thread open right now, kept in the cache (Redis when configured).

Each open socket is an entry with an expiry, refreshed by its consumer's heartbeat: a
closed tab removes its entry, and a crashed process's entries simply run out, so nobody
stays "online" for more than `TTL` seconds after their last tab is gone.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache

TTL = 90  # seconds an entry lives without a heartbeat
HEARTBEAT = 30  # seconds between a consumer's refreshes


def _key(mentorship_id: int, person_id: int) -> str:
    return f"messaging:online:{mentorship_id}:{person_id}"


def _live(tabs: object, now: float) -> dict[str, float]:
    if not isinstance(tabs, dict):
        return {}
    return {name: until for name, until in tabs.items() if until > now}


def arrive(mentorship_id: int, person_id: int, connection: str) -> None:
    """The socket `connection` is open (or still open, for a heartbeat)."""
    key, now = _key(mentorship_id, person_id), time.time()
    # Two tabs arriving at once may overwrite each other; the next heartbeat puts it back.
    tabs = _live(cache.get(key), now) | {connection: now + TTL}
    cache.set(key, tabs, TTL)


def leave(mentorship_id: int, person_id: int, connection: str) -> None:
    key = _key(mentorship_id, person_id)
    tabs = _live(cache.get(key), time.time())
    tabs.pop(connection, None)
    if tabs:
        cache.set(key, tabs, TTL)
    else:
        cache.delete(key)


def online_among(mentorship_id: int, person_ids: Iterable[int]) -> set[int]:
    """Which of `person_ids` have the thread open, in one cache round trip."""
    keys = {_key(mentorship_id, pid): pid for pid in person_ids}
    now = time.time()
    return {keys[k] for k, tabs in cache.get_many(list(keys)).items() if _live(tabs, now)}


def is_online(mentorship_id: int, person_id: int) -> bool:
    return bool(online_among(mentorship_id, [person_id]))
