"""Register task handlers and queue work for them once the current transaction commits.

    @task("matching.run")
    def run_match(run_id: int) -> None: ...

    enqueue("matching.run", run_id=run.pk)

Handlers take ids (JSON values) and must be idempotent: a task may run again after a
crash or a retry, so running it twice must do no more than running it once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mentorhub.tasks.models import Task

Handler = Callable[..., None]
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Registration:
    kind: str
    handler: Handler
    max_attempts: int


REGISTRY: dict[str, Registration] = {}


def task(kind: str, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `kind`."""

    def register(handler: Handler) -> Handler:
        known = REGISTRY.get(kind)
        if known is not None and known.handler is not handler:
            raise ValueError(f"Two handlers for the task kind {kind!r}.")
        REGISTRY[kind] = Registration(kind, handler, max_attempts)
        return handler

    return register


def enqueue(kind: str, **payload: Any) -> None:
    """Queue `kind` after the current transaction commits; a rollback queues nothing."""
    if kind not in REGISTRY:
        raise ValueError(f"No handler is registered for the task kind {kind!r}.")
    json.dumps(payload)  # refuse objects now, in the caller, rather than at commit
    max_attempts = REGISTRY[kind].max_attempts

    def insert() -> None:
        Task.objects.create(kind=kind, payload=payload, max_attempts=max_attempts)

    transaction.on_commit(insert)
