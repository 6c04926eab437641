"""Background work of crisis support: escalate a request nobody accepted in time, and the
hourly sweep of reminders around each crisis mentorship's planned end."""

from __future__ import annotations

from datetime import timedelta

from mentorhub.crisis.ending import remind_planned_ends
from mentorhub.crisis.services import ESCALATE, escalate_if_unanswered
from mentorhub.tasks.queue import periodic, task

PLANNED_ENDS = "crisis.planned_ends"


@task(ESCALATE)
def escalate(request_id: int, at_once: bool = False) -> None:
    # Idempotent: only an open request past its target escalates, and only once.
    escalate_if_unanswered(request_id, at_once=at_once)


@periodic(PLANNED_ENDS, every=timedelta(hours=1))
def planned_ends() -> None:
    # Each reminder is claimed per planned end with its emails: a rerun sends nothing twice.
    remind_planned_ends()
