"""The `circle` command: a manager forms a circle, a member leaves it; refusals read clearly."""

import pytest
from django.core.management import CommandError, call_command

from mentorhub.mentorships.models import Departure, Mentorship
from mentorhub.mentorships.tests.circle_helpers import accept_all, group


def test_a_manager_forms_a_circle_and_a_mentee_leaves_it_from_the_cli(scenario, capsys):
    g = group(scenario)
    people = ",".join(e.person.email for e in g.circle)
    call_command(
        "circle", "propose", "--program", str(g.program.pk), "--people", people,
        "--as", scenario.pete.email, "--org", "acme",
    )  # fmt: skip
    circle = accept_all(Mentorship.objects.get(program=g.program))
    assert "proposed to 4 people" in capsys.readouterr().out
    ann = g.mentees[1].person
    call_command("circle", "leave", str(circle.pk), "--as", ann.email, "--org", "acme")
    assert Departure.objects.get(mentorship=circle).person == ann


def test_a_circle_too_small_is_a_clear_cli_error(scenario):
    g = group(scenario)
    people = f"{scenario.mona.email},{scenario.max.email}"
    with pytest.raises(CommandError, match="needs at least 2 mentees"):
        call_command(
            "circle", "propose", "--program", str(g.program.pk), "--people", people,
            "--as", scenario.pete.email, "--org", "acme",
        )  # fmt: skip


def test_members_cannot_form_circles_from_the_cli(scenario):
    g = group(scenario)
    with pytest.raises(CommandError, match="managers"):
        call_command(
            "circle", "propose", "--program", str(g.program.pk), "--people", scenario.max.email,
            "--as", scenario.mona.email, "--org", "acme",
        )  # fmt: skip
