"""The `mentorship` command: transitions from the CLI, refusals as clear errors."""

import pytest
from django.core.management import CommandError, call_command

from mentorhub.mentorships.models import Status


def _run(*args: str) -> None:
    call_command("mentorship", *args)


def test_accepting_from_the_cli_records_the_acceptance(scenario, proposed, capsys):
    _run("accept", str(proposed.pk), "--as", scenario.max.email, "--org", "acme")
    _run("accept", str(proposed.pk), "--as", scenario.mona.email, "--org", "acme")
    proposed.refresh_from_db()
    assert proposed.status == Status.ACTIVE
    assert "is now active" in capsys.readouterr().out


def test_illegal_transition_is_a_clear_cli_error(scenario, proposed):
    _run(
        "decline",
        str(proposed.pk),
        "--reason-code",
        "busy",
        "--as",
        scenario.max.email,
        "--org",
        "acme",
    )
    with pytest.raises(CommandError, match="declined; it cannot be accepted"):
        _run("accept", str(proposed.pk), "--as", scenario.mona.email, "--org", "acme")


def test_outsider_cannot_see_the_mentorship_from_the_cli(scenario, proposed):
    with pytest.raises(CommandError, match="No such mentorship"):
        _run("accept", str(proposed.pk), "--as", scenario.charlie.email, "--org", "globex")


def test_propose_from_the_cli_refuses_a_management_chain(scenario):
    from mentorhub.programs.services import enroll

    enroll(scenario.alice, scenario.program, "mentor", capacity=1)
    enroll(scenario.pete, scenario.program, "mentee")  # Alice manages Pete
    with pytest.raises(CommandError, match="same management chain"):
        _run(
            "propose",
            "--program",
            str(scenario.program.pk),
            "--mentor",
            scenario.alice.email,
            "--mentee",
            scenario.pete.email,
            "--as",
            scenario.alice.email,
            "--org",
            "acme",
        )


def test_unknown_actor_is_a_clear_error(scenario):
    with pytest.raises(CommandError, match="No active person"):
        _run("list", "--as", "nobody@acme.example", "--org", "acme")
