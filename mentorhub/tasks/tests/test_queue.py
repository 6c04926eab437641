"""The task queue: queued after commit, run once by one worker, retried, reclaimed."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from mentorhub.tasks.models import Schedule, Task, TaskStatus
from mentorhub.tasks.queue import PERIODIC, enqueue, periodic, task
from mentorhub.tasks.worker import (
    Worker,
    WorkerThread,
    backoff,
    claim,
    reclaim_stale,
    tick_schedules,
)

ran: list[int] = []
ran_lock = threading.Lock()


@task("tests.record")
def record_run(n: int, pause: float = 0.0) -> None:
    time.sleep(pause)  # lets the other workers reach for the same tasks meanwhile
    with ran_lock:
        ran.append(n)


@task("tests.broken", max_attempts=3)
def always_fails() -> None:
    raise ValueError("the mail server said no")


@pytest.fixture(autouse=True)
def _nothing_ran_yet():
    ran.clear()


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_task_is_queued_when_the_transaction_commits():
    with transaction.atomic():
        enqueue("tests.record", n=1)
        assert not Task.objects.exists()  # not before the commit
    assert Task.objects.get().payload == {"n": 1}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_queues_nothing():
    with pytest.raises(Rollback), transaction.atomic():
        enqueue("tests.record", n=1)
        raise Rollback
    assert not Task.objects.exists()


def test_an_unknown_kind_of_task_is_refused_at_once(db):
    with pytest.raises(ValueError, match=r"No handler .* for the task kind 'tests\.nope'"):
        enqueue("tests.nope")


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_the_same_task():
    # GIVEN many queued tasks
    Task.objects.bulk_create(
        Task(kind="tests.record", payload={"n": n, "pause": 0.005}) for n in range(40)
    )
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            Worker(name=name).drain()
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    # WHEN four workers drain the queue at the same time
    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # THEN every task ran exactly once
    assert errors == []
    assert sorted(ran) == list(range(40))
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.DONE}
    assert len(set(Task.objects.values_list("claimed_by", flat=True))) > 1  # they all took part


def test_a_failing_task_is_retried_later_with_its_error(db):
    Task.objects.create(kind="tests.broken", max_attempts=3)
    assert Worker().drain() == 1
    failed = Task.objects.get()
    assert (failed.status, failed.attempts) == (TaskStatus.QUEUED, 1)
    assert "ValueError: the mail server said no" in failed.last_error
    assert failed.run_after > timezone.now() + backoff(1) - timedelta(seconds=5)
    assert Worker().drain() == 0  # not due yet


def test_a_task_that_keeps_failing_is_marked_failed_after_its_last_attempt(db):
    Task.objects.create(kind="tests.broken", max_attempts=3)
    for hours in range(3):
        with time_machine.travel(timezone.now() + timedelta(hours=hours * 2), tick=False):
            Worker().drain()
    failed = Task.objects.get()
    assert (failed.status, failed.attempts) == (TaskStatus.FAILED, 3)
    assert "the mail server said no" in failed.last_error
    assert failed.finished_at is not None


def test_a_task_without_a_handler_fails_with_a_clear_error(db):
    Task.objects.create(kind="tests.gone")
    Worker().drain()
    assert Task.objects.get().status == TaskStatus.FAILED
    assert (
        Task.objects.get().last_error == "No handler is registered for the task kind 'tests.gone'."
    )


def test_a_task_claimed_by_a_crashed_worker_runs_again(db):
    # GIVEN a task a worker claimed twenty minutes ago and never finished
    with time_machine.travel(timezone.now() - timedelta(minutes=20), tick=False):
        Task.objects.create(kind="tests.record", payload={"n": 7})
        assert claim("crashed-worker") is not None
    # WHEN another worker looks for stale claims
    assert reclaim_stale() == 1
    Worker().drain()
    # THEN it ran, and is done
    assert ran == [7]
    assert Task.objects.get().status == TaskStatus.DONE


def test_a_fresh_claim_is_left_to_its_worker(db):
    Task.objects.create(kind="tests.record", payload={"n": 7})
    claim("busy-worker")
    assert reclaim_stale() == 0
    assert Task.objects.get().claimed_by == "busy-worker"


def test_the_worker_command_runs_what_is_due_and_exits(db):
    Task.objects.create(kind="tests.record", payload={"n": 1})
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    sweeps = len(PERIODIC)  # each is due on its first tick
    assert out.getvalue().strip().endswith(f"Ran {1 + sweeps} tasks.")
    assert sorted(ran) == [0, 1]  # the task, and this module's own sweep


@pytest.mark.django_db(transaction=True)
def test_the_in_process_worker_runs_queued_tasks():
    worker = WorkerThread(delay=0, poll=0.05).start()
    try:
        enqueue("tests.record", n=3)
        deadline = time.monotonic() + 10
        while not {0, 3} <= set(ran) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    # It ran the task, and (ticking the schedules as it started) this module's sweep.
    assert sorted(ran) == [0, 3]


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_task_waits_until_its_time():
    # GIVEN a task scheduled for an hour from now
    at = timezone.now() + timedelta(hours=1)
    enqueue("tests.record", run_after=at, n=7)
    # WHEN a worker drains the queue now, THEN it is not run yet
    assert Worker().drain() == 0
    assert Task.objects.get().run_after == at
    # WHEN the hour has passed, THEN it runs
    with time_machine.travel(at + timedelta(seconds=1)):
        assert Worker().drain() == 1
    assert ran == [7]


def test_a_naive_run_after_is_refused_at_once(db):
    with pytest.raises(ValueError, match="aware"):
        enqueue("tests.record", run_after=timezone.now().replace(tzinfo=None), n=1)


@periodic("tests.sweep", every=timedelta(hours=1))
def sweep() -> None:
    ran.append(0)  # 0: the sweep


def _sweeps() -> list[Task]:
    return list(Task.objects.filter(kind="tests.sweep"))


def test_a_periodic_sweep_is_queued_once_per_period(db):
    # GIVEN a sweep registered every hour, never run before
    start = timezone.now()
    # WHEN workers tick, twice at the same moment, THEN it is queued once
    assert "tests.sweep" in tick_schedules(start)
    assert "tests.sweep" not in tick_schedules(start)
    assert len(_sweeps()) == 1
    # WHEN 59 minutes pass, THEN nothing more; after the hour, once more
    tick_schedules(start + timedelta(minutes=59))
    assert len(_sweeps()) == 1
    tick_schedules(start + timedelta(minutes=61))
    assert len(_sweeps()) == 2
    assert Schedule.objects.get(kind="tests.sweep").next_run_at == start + timedelta(minutes=121)


@pytest.mark.django_db(transaction=True)
def test_workers_ticking_together_queue_a_sweep_once():
    # GIVEN four threads that tick the schedules at the same moment
    now = timezone.now()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def tick() -> None:
        try:
            barrier.wait()
            tick_schedules(now)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN the sweep was queued exactly once, and no thread failed
    assert errors == []
    assert len(_sweeps()) == 1


def test_a_sweep_runs_like_any_task(db):
    tick_schedules()
    Worker().drain()
    assert 0 in ran


def test_a_periodic_task_needs_a_positive_interval():
    with pytest.raises(ValueError, match="positive"):
        periodic("tests.never", every=timedelta(0))
