"""Slow down password guessing: too many failed sign-ins for one email pause it a while.

Counts live in the cache: per process by default, shared by every web process when
MENTORHUB_REDIS_URL points at Redis.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _key(email: str) -> str:
    return f"signin-failures:{email.strip().lower()}"


def is_locked(email: str) -> bool:
    return int(cache.get(_key(email), 0)) >= settings.SIGNIN_MAX_FAILURES


def note_failure(email: str) -> None:
    key = _key(email)
    # add() starts the window once; incr() never extends it, so the pause really ends.
    if not cache.add(key, 1, timeout=settings.SIGNIN_LOCK_MINUTES * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.SIGNIN_LOCK_MINUTES * 60)


def clear(email: str) -> None:
    cache.delete(_key(email))
