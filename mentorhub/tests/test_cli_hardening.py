"""The command line with awkward input: existing accounts, odd ports, peer programs, requests."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import PASSWORD as ACCOUNT_PASSWORD
from conftest import make_person
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.models import Person, Role
from mentorhub.programs.services import create_program, enroll, set_program_status

NEW_PASSWORD = "a-long-pass-phrase-42"


def _run(*args: str, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


# Item 8: createadmin for someone who already has an account


def test_createadmin_for_an_existing_account_says_its_password_is_unchanged(scenario, monkeypatch):
    # GIVEN Charlie has an account (in Globex), and a new password is offered
    monkeypatch.setenv("MENTORHUB_ADMIN_PASSWORD", NEW_PASSWORD)
    # WHEN he is made an org admin of Acme
    out = _run("createadmin", "--email", scenario.charlie.email, "--org", "acme")
    # THEN he is, the output says his password did not change, and it did not
    person = Person.objects.get(organization=scenario.org, email=scenario.charlie.email)
    assert person.role == Role.ADMIN
    assert f"{scenario.charlie.email} already had an account, so its password is unchanged" in out
    assert "any password given here was not used" in out
    user = person.user
    assert user.check_password(ACCOUNT_PASSWORD)
    assert not user.check_password(NEW_PASSWORD)


def test_createadmin_for_an_existing_account_asks_for_no_password(scenario, monkeypatch):
    # GIVEN no password anywhere, off a terminal
    monkeypatch.delenv("MENTORHUB_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    # WHEN Charlie, who has an account, is made an admin of Acme
    out = _run("createadmin", "--email", scenario.charlie.email, "--org", "acme")
    # THEN it works, with his existing password
    assert "is an org admin of Acme" in out
    assert Person.objects.filter(organization=scenario.org, email=scenario.charlie.email).exists()


# Item 9: run with out-of-range numbers


@pytest.fixture
def no_server(monkeypatch):
    served: list[dict] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(options))
    monkeypatch.delenv("PORT", raising=False)
    return served


@pytest.mark.parametrize("port", ["70000", "65536", "0", "-1", "http"])
def test_run_refuses_a_port_out_of_range(db, no_server, port):
    # WHEN run is given a port no socket can have
    # THEN it says which ports exist, instead of an OverflowError traceback
    with pytest.raises(CommandError, match=r"is not a port number \(1 to 65535\)"):
        _run("run", "--port", port, "--no-demo")
    assert no_server == []


@pytest.mark.parametrize("workers", ["0", "-2", "many"])
def test_run_refuses_a_worker_count_below_one(db, no_server, workers):
    with pytest.raises(CommandError, match=r"is not a number of workers \(1 or more\)"):
        _run("run", "--workers", workers, "--no-demo")
    assert no_server == []


# Item 10: the mentorship command in peer programs, and requests


def _mentorship(*args: str) -> str:
    return _run("mentorship", *args)


@pytest.fixture
def peer_program(scenario):
    program = create_program(
        scenario.pete,
        {
            "name": "Peer circle",
            "approach": "peer",
            "evergreen": True,
            "matching_mode": "self_service",  # peers may ask each other
        },
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    enroll(scenario.mona, program, "peer")
    enroll(scenario.max, program, "peer")
    return program


def test_propose_pairs_two_peers_in_a_peer_program(scenario, peer_program):
    # WHEN the manager pairs Mona and Max in the peer program from the CLI
    out = _mentorship(
        "propose",
        "--program",
        str(peer_program.pk),
        "--mentor",
        scenario.mona.email,
        "--mentee",
        scenario.max.email,
        "--as",
        scenario.pete.email,
        "--org",
        "acme",
    )
    # THEN they are proposed as two peers
    mentorship = Mentorship.objects.get(program=peer_program)
    assert mentorship.status == Status.PROPOSED
    assert sorted(m.role for m in mentorship.members.all()) == ["peer", "peer"]
    assert "is now proposed" in out


def test_propose_in_a_traditional_program_still_needs_a_mentor_and_a_mentee(scenario):
    # WHEN the manager names the mentee as the mentor
    with pytest.raises(CommandError, match="is not enrolled as mentor in Engineering mentoring"):
        _mentorship(
            "propose",
            "--program",
            str(scenario.program.pk),
            "--mentor",
            scenario.max.email,
            "--mentee",
            scenario.mona.email,
            "--as",
            scenario.pete.email,
            "--org",
            "acme",
        )
    # THEN nothing is proposed
    assert not Mentorship.objects.exists()


def test_request_asks_a_mentor_as_the_acting_mentee(scenario):
    # WHEN Max requests Mona from the CLI
    out = _mentorship(
        "request",
        "--program",
        str(scenario.program.pk),
        "--mentor",
        scenario.mona.email,
        "--as",
        scenario.max.email,
        "--org",
        "acme",
    )
    # THEN a request from Max waits for Mona
    mentorship = Mentorship.objects.get()
    assert mentorship.status == Status.REQUESTED
    assert mentorship.initiated_by == scenario.max
    assert "is now requested" in out


def test_request_in_a_peer_program_asks_another_peer(scenario, peer_program):
    _mentorship(
        "request",
        "--program",
        str(peer_program.pk),
        "--mentor",
        scenario.mona.email,
        "--as",
        scenario.max.email,
        "--org",
        "acme",
    )
    mentorship = Mentorship.objects.get(program=peer_program)
    assert mentorship.status == Status.REQUESTED
    assert sorted(m.role for m in mentorship.members.all()) == ["peer", "peer"]


def test_request_by_someone_not_enrolled_as_mentee_is_a_clear_error(scenario):
    # GIVEN Nia is in Acme but not enrolled in the program
    nia = make_person(scenario.org, "Nia New", level=3)
    # WHEN she requests Mona
    with pytest.raises(CommandError, match=f"{nia.email} is not enrolled as mentee"):
        _mentorship(
            "request",
            "--program",
            str(scenario.program.pk),
            "--mentor",
            scenario.mona.email,
            "--as",
            nia.email,
            "--org",
            "acme",
        )
    # THEN nothing is requested
    assert not Mentorship.objects.exists()


def test_accept_takes_no_reason(scenario, proposed):
    # WHEN a reason is given to accept (it was silently dropped before)
    with pytest.raises(CommandError, match="unrecognized arguments: --reason"):
        _mentorship(
            "accept", str(proposed.pk), "--reason", "x", "--as", scenario.max.email, "--org", "acme"
        )
    # THEN nothing was accepted
    assert not proposed.members.filter(accepted_at__isnull=False).exists()
