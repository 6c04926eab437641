"""Background work of crisis support: escalate a request nobody accepted in time."""

from __future__ import annotations

from mentorhub.crisis.services import ESCALATE, escalate_if_unanswered
from mentorhub.tasks.queue import task


@task(ESCALATE)
def escalate(request_id: int, at_once: bool = False) -> None:
    # Idempotent: only an open request past its target escalates, and only once.
    escalate_if_unanswered(request_id, at_once=at_once)
