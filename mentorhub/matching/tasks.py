"""Background tasks of matching: large match runs."""

from __future__ import annotations

from mentorhub.matching.execution import execute_match_run
from mentorhub.tasks.queue import task


@task("matching.run")
def run_match(run_id: int) -> None:
    """Idempotent: a run that is already finished (or taken) is left alone."""
    execute_match_run(run_id)
