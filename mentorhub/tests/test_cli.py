"""The `mentorhub` command line: createadmin, expire-requests, demo, run, hyphenated names."""

from __future__ import annotations

import io
import re
import socket
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mentorhub.cli import command_args, main
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import request_mentorship
from mentorhub.people.models import Organization, Person, Role
from mentorhub.people.services import create_organization

PASSWORD = "a-long-pass-phrase-42"


def _run(*args: str, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def admin_password(monkeypatch):
    monkeypatch.setenv("MENTORHUB_ADMIN_PASSWORD", PASSWORD)


def test_createadmin_creates_the_organization_and_its_admin(db, admin_password):
    out = _run("createadmin", "--email", "Ada@Example.org", "--org", "acme-labs", "--name", "Ada L")
    person = Person.objects.select_related("organization", "user").get(email="ada@example.org")
    assert person.organization.name == "Acme Labs"
    assert person.role == Role.ADMIN
    assert person.user.check_password(PASSWORD)
    assert "Ada L <ada@example.org> is an org admin of Acme Labs" in out


def test_createadmin_joins_an_existing_organization(db, admin_password):
    org = create_organization("Globex Corporation", "globex")
    _run("createadmin", "--email", "hank@globex.example", "--org", "globex")
    assert Person.objects.get(email="hank@globex.example").organization == org
    assert Organization.objects.count() == 1


def test_createadmin_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.delenv("MENTORHUB_ADMIN_PASSWORD", raising=False)
    stdin = io.StringIO(PASSWORD + "\n")
    _run(
        "createadmin",
        "--email",
        "ada@example.org",
        "--org",
        "acme",
        "--password-stdin",
        stdin=stdin,
    )
    assert Person.objects.get(email="ada@example.org").user.check_password(PASSWORD)


def test_createadmin_refuses_a_bad_email_clearly(db, admin_password):
    with pytest.raises(CommandError, match="“not-an-email” is not a valid email address"):
        _run("createadmin", "--email", "not-an-email", "--org", "acme")
    assert not Organization.objects.exists()


def test_createadmin_refuses_a_bad_slug_clearly(db, admin_password):
    with pytest.raises(CommandError, match="not a valid organization slug"):
        _run("createadmin", "--email", "ada@example.org", "--org", "Acme Labs!")


def test_createadmin_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("MENTORHUB_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="Choose a stronger password"):
        _run("createadmin", "--email", "ada@example.org", "--org", "acme")
    assert not Person.objects.exists()


def test_createadmin_without_a_password_off_a_terminal_says_how_to_give_one(db, monkeypatch):
    monkeypatch.delenv("MENTORHUB_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="set MENTORHUB_ADMIN_PASSWORD or pass --password-stdin"):
        _run("createadmin", "--email", "ada@example.org", "--org", "acme")


def test_createadmin_refuses_someone_already_in_the_organization(scenario, admin_password):
    with pytest.raises(CommandError, match="already a member of Acme"):
        _run("createadmin", "--email", scenario.alice.email, "--org", "acme")


def test_expire_requests_expires_a_request_nobody_answered(scenario):
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        old = request_mentorship(
            scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment
        )
    out = _run("expire_requests")
    old.refresh_from_db()
    assert old.status == Status.EXPIRED
    assert "Expired 1 proposal or request with no answer after 14 days." in out


def test_expire_requests_leaves_a_fresh_request_alone(scenario):
    fresh = request_mentorship(scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment)
    assert "Expired 0 proposals and requests" in _run("expire_requests", "--days", "1")
    fresh.refresh_from_db()
    assert fresh.status == Status.REQUESTED


def test_hyphenated_subcommands_run_the_django_command(scenario, capsys):
    main(["mentorhub", "expire-requests"])
    assert "Expired 0 proposals and requests" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["x", "import-people", "people.csv"], ["mentorhub", "import_people", "people.csv"]),
        (["x", "help", "expire-requests"], ["mentorhub", "help", "expire_requests"]),
        (["x", "run", "--no-demo"], ["mentorhub", "run", "--no-demo"]),
        (["x", "--version"], ["mentorhub", "--version"]),
        (["x"], ["mentorhub"]),
    ],
)
def test_command_args_spell_hyphenated_names_the_django_way(argv, expected):
    assert command_args(argv) == expected


def test_demo_refuses_to_overwrite_an_existing_demo(db):
    create_organization("Northwind Labs", "demo")
    with pytest.raises(CommandError, match=r"already exists\. Use --reset"):
        _run("demo")


class FakeServer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, app: str, **options) -> None:
        self.calls.append((app, options))


@pytest.fixture
def server(monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    fake = FakeServer()
    monkeypatch.setattr("uvicorn.run", fake)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("MENTORHUB_HOST", raising=False)
    return fake


@pytest.fixture
def demo_builds(monkeypatch):
    built: list[bool] = []
    monkeypatch.setattr(
        "mentorhub.accounts.management.commands.run.build_demo", lambda: built.append(True)
    )
    return built


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_run_loads_the_demo_on_first_start_and_serves_with_uvicorn(db, server, demo_builds):
    port = _free_port()
    out = _run("run", "--port", str(port))
    assert demo_builds == [True]
    assert server.calls == [
        (
            "mentorhub.asgi:application",
            {"host": "127.0.0.1", "port": port, "workers": 1, "lifespan": "off"},
        )
    ]
    assert f"mentorhub is running at http://127.0.0.1:{port}/" in out


def test_run_leaves_an_existing_installation_without_demo(db, server, demo_builds, monkeypatch):
    create_organization("Acme", "acme")
    monkeypatch.setenv("PORT", str(_free_port()))
    _run("run", "--workers", "2")
    assert demo_builds == []
    assert server.calls[0][1]["workers"] == 2


def test_run_warns_that_several_processes_need_redis_for_live_messages(
    db, server, demo_builds, settings, monkeypatch
):
    create_organization("Acme", "acme")
    monkeypatch.setenv("PORT", str(_free_port()))
    settings.REDIS_URL = ""
    assert "without MENTORHUB_REDIS_URL" in _run("run", "--workers", "2")
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    monkeypatch.setenv("PORT", str(_free_port()))
    assert "without MENTORHUB_REDIS_URL" not in _run("run", "--workers", "2")


def test_run_with_no_demo_skips_it(db, server, demo_builds):
    _run("run", "--no-demo", "--port", str(_free_port()))
    assert demo_builds == []


def test_run_refuses_a_port_that_is_not_a_number(db, server, monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(CommandError, match="PORT='eighty' is not a port number"):
        _run("run")
    assert server.calls == []


def test_run_refuses_a_port_already_in_use(db, server):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=re.escape(f"Cannot listen on 127.0.0.1:{port}")):
            _run("run", "--port", str(port))
    assert server.calls == []
