"""Register task handlers and queue work for them once the current transaction commits.

    @task("matching.run")
    def run_match(run_id: int) -> None: ...

    enqueue("matching.run", run_id=run.pk)
    enqueue("reminders.send", run_after=starts_at - timedelta(hours=1), meeting_id=m.pk)

    @periodic("mentorships.nudge", every=timedelta(hours=1))
    def nudge_quiet_mentorships() -> None: ...   # a sweep: workers queue it once per period

Handlers take ids (JSON values) and must be idempotent: a task may run again after a
crash or a retry, so running it twice must do no more than running it once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorhub.tasks.models import Task

Handler = Callable[..., None]
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Registration:
    kind: str
    handler: Handler
    max_attempts: int


REGISTRY: dict[str, Registration] = {}
PERIODIC: dict[str, timedelta] = {}


def task(kind: str, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `kind`."""

    def register(handler: Handler) -> Handler:
        known = REGISTRY.get(kind)
        if known is not None and known.handler is not handler:
            raise ValueError(f"Two handlers for the task kind {kind!r}.")
        REGISTRY[kind] = Registration(kind, handler, max_attempts)
        return handler

    return register


def periodic(
    kind: str, every: timedelta, max_attempts: int = DEFAULT_MAX_ATTEMPTS
) -> Callable[[Handler], Handler]:
    """Register a sweep that running workers queue every `every` (see worker.tick_schedules).

    The handler takes no arguments and must be safe to run at any time: it looks for what is
    due (check-ins to open, quiet mentorships to nudge) rather than being told.
    """
    if every <= timedelta(0):
        raise ValueError("A periodic task needs a positive interval.")

    def register(handler: Handler) -> Handler:
        task(kind, max_attempts)(handler)
        PERIODIC[kind] = every
        return handler

    return register


def enqueue(kind: str, run_after: datetime | None = None, **payload: Any) -> None:
    """Queue `kind` after the current transaction commits; a rollback queues nothing.

    `run_after` (aware) holds the task back until then: reminders and nudges are scheduled
    this way; without it the task is due at once.
    """
    check_task(kind, run_after, payload)
    transaction.on_commit(lambda: insert_task(kind, payload, run_after))


def check_task(kind: str, run_after: datetime | None, payload: dict[str, Any]) -> None:
    """Refuse a bad task now, in the caller, rather than at commit."""
    if kind not in REGISTRY:
        raise ValueError(f"No handler is registered for the task kind {kind!r}.")
    if run_after is not None and timezone.is_naive(run_after):
        raise ValueError("run_after must be an aware datetime.")
    json.dumps(payload)


def insert_task(kind: str, payload: dict[str, Any], run_after: datetime | None = None) -> Task:
    """Store the task now; for callers that insert it together with rows of their own."""
    return Task.objects.create(
        kind=kind,
        payload=payload,
        max_attempts=REGISTRY[kind].max_attempts,
        run_after=run_after or timezone.now(),
    )
