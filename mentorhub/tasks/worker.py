"""The worker: claim one queued task at a time, run it, record how it went, retry with backoff.

Claiming is a conditional UPDATE (`… WHERE pk = ? AND status = 'queued'`): the database lets
exactly one worker win, so two workers never run the same task. On PostgreSQL the candidates
are read with SELECT … FOR UPDATE SKIP LOCKED, so workers pass each other instead of queueing.
While idle a worker only reads, so it never holds SQLite's single write lock.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, close_old_connections, connections, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from mentorhub.tasks.models import Schedule, Task, TaskStatus
from mentorhub.tasks.queue import PERIODIC, REGISTRY, insert_task

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=15)  # a claim older than this belongs to a crashed worker
RECLAIM_EVERY = 30.0  # seconds between looks for crashed workers' tasks
BACKOFF = timedelta(seconds=10)  # the first retry waits this long, then twice as long each time
MAX_BACKOFF = timedelta(hours=1)
CANDIDATES = 5  # tasks looked at per claim: a lost race moves on to the next one
MAX_ERROR = 4000
TICK_EVERY = 60.0  # seconds between looks at the periodic schedules


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def claim(worker: str, now: datetime | None = None) -> Task | None:
    """Take one due task for `worker`, or None when nothing is due."""
    now = now or timezone.now()
    ready = Task.objects.filter(
        status=TaskStatus.QUEUED, run_after__lte=now, attempts__lt=F("max_attempts")
    ).order_by("run_after", "id")
    if connections[ready.db].features.has_select_for_update_skip_locked:
        with transaction.atomic(using=ready.db):
            return _take_first(ready.select_for_update(skip_locked=True), worker, now)
    return _take_first(ready, worker, now)


def _take_first(ready: QuerySet[Task], worker: str, now: datetime) -> Task | None:
    for pk in list(ready.values_list("pk", flat=True)[:CANDIDATES]):
        taken = Task.objects.filter(pk=pk, status=TaskStatus.QUEUED).update(
            status=TaskStatus.RUNNING,
            claimed_at=now,
            claimed_by=worker[:200],
            attempts=F("attempts") + 1,
        )
        if taken:
            return Task.objects.get(pk=pk)
    return None


def _mine(task: Task) -> QuerySet[Task]:
    """The task, only while this claim on it still holds (it may have been reclaimed)."""
    return Task.objects.filter(
        pk=task.pk,
        status=TaskStatus.RUNNING,
        claimed_by=task.claimed_by,
        claimed_at=task.claimed_at,
    )


def run_task(task: Task) -> None:
    """Run a claimed task's handler and record the outcome."""
    registration = REGISTRY.get(task.kind)
    if registration is None:
        _record_failure(task, f"No handler is registered for the task kind {task.kind!r}.", True)
        return
    try:
        registration.handler(**task.payload)
    except (KeyboardInterrupt, SystemExit):
        _release(task)
        raise
    except Exception:
        log.exception("task %s failed (attempt %s of %s)", task, task.attempts, task.max_attempts)
        error = traceback.format_exc(limit=8)[-MAX_ERROR:]
        _record_failure(task, error, task.attempts >= task.max_attempts)
        return
    if not _mine(task).update(status=TaskStatus.DONE, finished_at=timezone.now(), last_error=""):
        log.warning("task %s finished after its claim was taken over", task)


def _record_failure(task: Task, error: str, final: bool) -> None:
    now = timezone.now()
    if final:
        _mine(task).update(status=TaskStatus.FAILED, finished_at=now, last_error=error)
        return
    _mine(task).update(
        status=TaskStatus.QUEUED,
        run_after=now + backoff(task.attempts),
        claimed_at=None,
        claimed_by="",
        last_error=error,
    )


def _release(task: Task) -> None:
    """Stopped by hand in the middle: put it back at once; the attempt does not count."""
    _mine(task).update(
        status=TaskStatus.QUEUED, claimed_at=None, claimed_by="", attempts=F("attempts") - 1
    )


def reclaim_stale(timeout: timedelta = CLAIM_TIMEOUT, now: datetime | None = None) -> int:
    """Queue again (or fail, when out of attempts) the tasks of workers that stopped."""
    now = now or timezone.now()
    stale = Task.objects.filter(status=TaskStatus.RUNNING, claimed_at__lt=now - timeout)
    count = 0
    for pk, claimed_at in list(stale.values_list("pk", "claimed_at")):
        same_claim = Task.objects.filter(pk=pk, status=TaskStatus.RUNNING, claimed_at=claimed_at)
        message = f"The worker running it stopped (claimed {claimed_at:%Y-%m-%d %H:%M} UTC)."
        count += same_claim.filter(attempts__lt=F("max_attempts")).update(
            status=TaskStatus.QUEUED, claimed_at=None, claimed_by="", last_error=message
        )
        count += same_claim.filter(attempts__gte=F("max_attempts")).update(
            status=TaskStatus.FAILED, finished_at=now, last_error=message
        )
    return count


def tick_schedules(now: datetime | None = None) -> list[str]:
    """Queue each periodic sweep whose time has come; return the kinds queued.

    A new kind is due at once. Taking a period is a conditional UPDATE of its row, and the
    sweep's task is inserted in the same transaction: two workers ticking together queue it
    once, and a crash between the two writes queues nothing and loses nothing.
    """
    now = now or timezone.now()
    queued = []
    for kind, every in sorted(PERIODIC.items()):
        _ensure_schedule(kind, now)
        with transaction.atomic():
            taken = Schedule.objects.filter(kind=kind, next_run_at__lte=now).update(
                next_run_at=now + every
            )
            if taken:
                insert_task(kind, {}, now)
                queued.append(kind)
    return queued


def _ensure_schedule(kind: str, now: datetime) -> None:
    if Schedule.objects.filter(kind=kind).exists():
        return
    try:
        with transaction.atomic():
            Schedule.objects.create(kind=kind, next_run_at=now)
    except IntegrityError:
        pass  # another worker made it first


class Worker:
    """Runs tasks until told to stop; `drain` runs what is due now and returns."""

    def __init__(
        self, name: str | None = None, poll: float = 1.0, claim_timeout: timedelta = CLAIM_TIMEOUT
    ):
        self.name = name or worker_name()
        self.poll = poll
        self.claim_timeout = claim_timeout

    def run_one(self) -> bool:
        task = claim(self.name)
        if task is None:
            return False
        run_task(task)
        return True

    def drain(self) -> int:
        reclaim_stale(self.claim_timeout)
        count = 0
        while self.run_one():
            count += 1
        return count

    def run(self, stop: threading.Event) -> None:
        last_reclaim = last_tick = -TICK_EVERY
        while not stop.is_set():
            close_old_connections()
            try:
                if time.monotonic() - last_reclaim > RECLAIM_EVERY:
                    reclaim_stale(self.claim_timeout)
                    last_reclaim = time.monotonic()
                if time.monotonic() - last_tick > TICK_EVERY:
                    tick_schedules()
                    last_tick = time.monotonic()
                busy = self.run_one()
            except DatabaseError:
                # e.g. the database is locked or restarting: wait and try again.
                log.exception("worker %s could not reach the queue", self.name)
                busy = False
            if not busy:
                stop.wait(self.poll)


class WorkerThread:
    """A worker inside the web server's process, so `make run` needs no second process."""

    def __init__(self, delay: float = 1.0, poll: float = 1.0):
        self.stop_event = threading.Event()
        self.delay = delay
        self.poll = poll
        self.thread = threading.Thread(target=self._work, name="mentorhub-worker", daemon=True)

    def _work(self) -> None:
        # Let the server start first; a server that stops at once never touches the queue.
        if self.stop_event.wait(self.delay):
            return
        try:
            Worker(poll=self.poll).run(self.stop_event)
        finally:
            connections.close_all()

    def start(self) -> WorkerThread:
        self.thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)
