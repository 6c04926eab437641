"""`mentorhub match-run`: the same services from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentorhub.matching.models import MatchRun, RunStatus
from mentorhub.matching.tests.runs_helpers import Team
from mentorhub.mentorships.models import Mentorship, Status


def _run(scenario, *extra: str, actor=None) -> str:
    out = io.StringIO()
    call_command(
        "match_run",
        "--program",
        str(scenario.program.pk),
        "--as",
        (actor or scenario.pete).email,
        "--org",
        "acme",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_a_run_prints_its_summary_with_reasons(scenario):
    Team(scenario)
    out = _run(scenario, "--wait")
    assert "(optimal): draft. Matched 3 of 5 mentees" in out
    assert "Otto Python → Nina Python" in out
    assert "Unmatched: 2, because:" in out
    assert MatchRun.objects.get().status == RunStatus.DRAFT


def test_publish_sends_the_proposals(scenario):
    out = _run(scenario, "--publish")
    assert "Published: 1 proposals sent." in out
    assert Mentorship.objects.get().status == Status.PROPOSED


def test_someone_who_does_not_manage_the_program_is_refused(scenario):
    with pytest.raises(CommandError, match="Only this program's managers"):
        _run(scenario, actor=scenario.mona)
    assert not MatchRun.objects.exists()
