"""`mentorhub worker`: run background tasks (emails, reminders, large match runs) until stopped.

Run as many as you like (on PostgreSQL); each task runs on exactly one of them. `--once`
runs what is due now (periodic sweeps included) and exits, for cron or tests. Ctrl-C
finishes the current task first; a second Ctrl-C stops at once and puts the task back.
"""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from datetime import timedelta
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mentorhub.tasks.worker import CLAIM_TIMEOUT, Worker, tick_schedules


class Command(BaseCommand):
    help = "Run background tasks from the queue until stopped (or, with --once, until none is due)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument(
            "--poll", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--claim-timeout",
            type=int,
            default=int(CLAIM_TIMEOUT.total_seconds()),
            metavar="SECONDS",
            help="a task claimed longer ago than this belongs to a crashed worker and runs again",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["poll"] <= 0 or options["claim_timeout"] < 1:
            raise CommandError("--poll and --claim-timeout must be positive.")
        worker = Worker(
            poll=options["poll"], claim_timeout=timedelta(seconds=options["claim_timeout"])
        )
        if options["once"]:
            sweeps = tick_schedules()
            if sweeps:
                self.stdout.write(f"Queued the periodic sweeps that were due: {', '.join(sweeps)}.")
            count = worker.drain()
            self.stdout.write(f"Ran {count} task{'s' * (count != 1)}.")
            return
        stop = threading.Event()
        self._stop_on_signals(stop)
        self.stdout.write(f"Worker {worker.name} is waiting for tasks. Press Ctrl+C to stop.")
        try:
            worker.run(stop)
        except KeyboardInterrupt:
            self.stdout.write("Stopped; the interrupted task goes back to the queue.")
            return
        self.stdout.write("Worker stopped.")

    def _stop_on_signals(self, stop: threading.Event) -> None:
        def finish_then_stop(signum: int, frame: FrameType | None) -> None:
            if stop.is_set():
                raise KeyboardInterrupt  # a second Ctrl-C: stop now
            self.stdout.write("Stopping after the current task (Ctrl+C again to stop now)…")
            stop.set()

        signal.signal(signal.SIGINT, finish_then_stop)
        signal.signal(signal.SIGTERM, finish_then_stop)
