"""`mentorhub run`: migrate, load the demo on first start, serve with uvicorn, run tasks."""

from __future__ import annotations

import os
import socket
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mentorhub.demo import DEMO_ORG_NAME, login_table
from mentorhub.demo.build import build_demo, demo_organization
from mentorhub.people.models import Organization
from mentorhub.tasks.worker import WorkerThread

ASGI_APP = "mentorhub.asgi:application"
MAX_PORT = 65535


def migrate_quietly() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def _is_port(raw: str) -> bool:
    return raw.isdigit() and 0 < int(raw) <= MAX_PORT


def port_number(raw: str) -> int:
    """--port: argparse turns the refusal into a clear usage error, not a bind() traceback."""
    if not _is_port(raw.strip()):
        raise ArgumentTypeError(f"{raw!r} is not a port number (1 to {MAX_PORT})")
    return int(raw)


def worker_count(raw: str) -> int:
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ArgumentTypeError(f"{raw!r} is not a number of workers (1 or more)")
    return int(raw)


def _port_from_env() -> int:
    raw = os.environ.get("PORT", "").strip()
    if not raw:
        return 8000
    if not _is_port(raw):
        raise CommandError(f"PORT={raw!r} is not a port number (1 to {MAX_PORT}).")
    return int(raw)


def _check_port_free(host: str, port: int) -> None:
    """Fail before printing the URL, not after, when another program holds the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {host}:{port} ({exc.strerror}). "
                "Is mentorhub already running? Choose another port with PORT=8001 or --port."
            ) from None


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo organization on first start, and serve "
        "mentorhub with uvicorn (PORT and MENTORHUB_HOST set where it listens)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--host",
            default=os.environ.get("MENTORHUB_HOST") or "127.0.0.1",
            help="address to listen on (default: MENTORHUB_HOST or 127.0.0.1)",
        )
        parser.add_argument(
            "--port",
            type=port_number,
            default=None,
            help=f"port to listen on, 1 to {MAX_PORT} (default: PORT or 8000)",
        )
        parser.add_argument(
            "--workers", type=worker_count, default=1, help="number of worker processes (default 1)"
        )
        parser.add_argument(
            "--no-demo", action="store_true", help="do not load the demo organization"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not run background tasks in this process (run `mentorhub worker` instead)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"] if options["port"] is not None else _port_from_env()
        workers: int = options["workers"]
        _check_port_free(host, port)
        migrate_quietly()
        if not options["no_demo"] and not Organization.objects.exists():
            self._load_demo()
        # WhiteNoise warns about a missing static root even when it serves from the apps.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        self._greet(host, port)
        if workers > 1 and not settings.REDIS_URL:
            self.stdout.write(
                self.style.WARNING(
                    f"  {workers} web processes without MENTORHUB_REDIS_URL: a live message "
                    "reaches only the tabs connected to the process that took it."
                )
            )
        worker = None if options["no_worker"] else WorkerThread().start()
        try:
            self._serve(host, port, workers)
        finally:
            if worker is not None:
                worker.stop()

    def _load_demo(self) -> None:
        self.stdout.write(f"First start: loading the demo organization {DEMO_ORG_NAME}…")
        started = time.monotonic()
        build_demo()
        self.stdout.write(f"Loaded in {time.monotonic() - started:.1f} s.")

    def _greet(self, host: str, port: int) -> None:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        url = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"mentorhub is running at {url}"))
        self.stdout.write(f"  API docs: {url}api/docs")
        if demo_organization() is not None:
            self.stdout.write(login_table())
        if host not in ("127.0.0.1", "localhost", "::1") and not settings.DEBUG:
            self.stdout.write(
                "  Listening beyond this machine: list the names people use in "
                "MENTORHUB_ALLOWED_HOSTS."
            )
        self.stdout.write("Press Ctrl+C to stop.\n")

    def _serve(self, host: str, port: int, workers: int) -> None:
        import uvicorn

        self.stdout.flush()
        # Django's ASGI handler has no lifespan support; "off" keeps the log free of the warning.
        uvicorn.run(ASGI_APP, host=host, port=port, workers=workers, lifespan="off")
