"""`mentorhub run` runs background tasks in its own process unless told not to."""

from __future__ import annotations

import io
import socket

import pytest
from django.core.management import call_command


class FakeWorker:
    events: list[str] = []

    def start(self) -> FakeWorker:
        self.events.append("start")
        return self

    def stop(self) -> None:
        self.events.append("stop")


@pytest.fixture
def serve(db, monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    monkeypatch.setattr("mentorhub.accounts.management.commands.run.WorkerThread", FakeWorker)
    FakeWorker.events = []

    def run(*extra: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        call_command("run", "--no-demo", "--port", str(port), *extra, stdout=io.StringIO())

    return run


def test_run_starts_a_worker_and_stops_it_with_the_server(serve):
    serve()
    assert FakeWorker.events == ["start", "stop"]


def test_run_with_no_worker_leaves_tasks_to_worker_processes(serve):
    serve("--no-worker")
    assert FakeWorker.events == []
