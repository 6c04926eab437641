"""Background tasks of matching: large match runs, and publishing large drafts."""

from __future__ import annotations

from mentorhub.matching.execution import execute_match_run
from mentorhub.matching.publishing import execute_publish
from mentorhub.tasks.queue import task


@task("matching.run")
def run_match(run_id: int) -> None:
    """Idempotent: a run that is already finished (or taken) is left alone."""
    execute_match_run(run_id)


@task("matching.publish")
def publish_run(run_id: int) -> None:
    """Idempotent: continues with the pairs not yet proposed; a published run is left alone."""
    execute_publish(run_id)
