"""Background work for flash mentoring: the hourly sweep that ends challenges whose time is up."""

from __future__ import annotations

from datetime import timedelta

from mentorhub.flash.services import close_due_challenges
from mentorhub.tasks.queue import periodic

CLOSE_DUE = "flash.close_due"


@periodic(CLOSE_DUE, every=timedelta(hours=1))
def close_due() -> None:
    close_due_challenges()
