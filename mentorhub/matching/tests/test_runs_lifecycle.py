"""Match runs from start to draft: pairs that keep the rules, reasons, progress, the queue."""

from __future__ import annotations

import pytest

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching import execution
from mentorhub.matching.engine import match
from mentorhub.matching.execution import execute_match_run
from mentorhub.matching.models import MatchRun, RunStatus
from mentorhub.matching.services import start_match_run
from mentorhub.matching.tests.runs_helpers import Team
from mentorhub.people.orgchart import in_management_chain
from mentorhub.tasks.models import Task, TaskStatus
from mentorhub.tasks.queue import enqueue
from mentorhub.tasks.worker import Worker


@pytest.fixture
def team(scenario) -> Team:
    return Team(scenario)


def _pairs(run: MatchRun) -> dict[str, str]:
    return {p.mentee.person.full_name: p.mentor.person.full_name for p in run.pairs.all()}


def test_a_run_pairs_each_mentee_with_a_mentor_who_offers_what_they_seek(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    assert run.status == RunStatus.DRAFT
    assert _pairs(run) == {
        "Nina Python": "Otto Python",
        "Paul Design": "Vera Design",
        "Max Mentee": "Mona Mentor",
    }


def test_every_pair_of_a_run_keeps_the_hard_rules(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    for pair in run.pairs.select_related("mentee__person", "mentor__person"):
        mentee, mentor = pair.mentee.person, pair.mentor.person
        assert mentor.level > mentee.level
        assert not in_management_chain(mentee, mentor)
        assert pair.reasons and 0 <= pair.score <= 1


def test_everyone_left_unmatched_is_told_why(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    reasons = {u.enrollment.person.full_name: u.reason for u in run.unmatched.all()}
    assert set(reasons) == {"Hugo French", "Cleo Report"}
    assert "shares a language (fr)" in reasons["Hugo French"]
    assert "same management chain" in reasons["Cleo Report"]


def test_a_finished_run_records_its_statistics_and_settings(scenario, team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    assert run.stats["matched"] == 3
    assert run.stats["unmatched"] == 2
    assert 0 < run.stats["mean_score"] <= 1
    assert {"load", "prepare", "engine", "save", "total"} <= set(run.stats["timings"])
    assert run.settings["rules"]["management_chain"] is True
    assert (run.progress, run.phase) == (1.0, "done")


def test_only_program_managers_start_runs(scenario):
    with pytest.raises(NotAllowed):
        start_match_run(scenario.mona, scenario.program, "optimal")


def test_the_peers_method_is_refused_for_a_mentor_program(scenario):
    with pytest.raises(InvalidInput, match="The peers method is for peer programs"):
        start_match_run(scenario.pete, scenario.program, "peers")


def test_progress_is_saved_while_the_engine_works(scenario, team, monkeypatch):
    # GIVEN an engine that reports halfway through its candidates phase
    seen = []

    def reporting_match(prepared, method, progress, **options):
        progress("candidates", 0.5)
        seen.append(MatchRun.objects.values_list("progress", "phase").get())
        return match(prepared, method, progress, **options)

    monkeypatch.setattr(execution, "match", reporting_match)
    # WHEN a run goes
    start_match_run(scenario.pete, scenario.program, "optimal")
    # THEN the run row showed the phase and a part-way progress while it worked
    [(progress, phase)] = seen
    assert phase == "candidates"
    assert 0.15 < progress < 0.9


def test_progress_is_written_at_most_every_half_second(scenario, monkeypatch):
    # GIVEN a run, and a clock that stands still
    run = MatchRun.objects.create(program=scenario.program, created_by=scenario.pete)
    saver = execution.ProgressSaver(run.pk)
    monkeypatch.setattr(execution.time, "monotonic", lambda: 100.0)
    # WHEN the engine reports many times within one phase
    saver.engine("candidates", 0.1)
    for step in range(2, 10):
        saver.engine("candidates", step / 10)
    # THEN only the first report reached the database
    run.refresh_from_db()
    assert run.progress == pytest.approx(0.15 + 0.75 * 0.1)


def test_a_run_that_breaks_records_the_error(scenario, monkeypatch):
    def broken(prepared, method, progress, **options):
        raise ValueError("the solver ran out of patience")

    monkeypatch.setattr(execution, "match", broken)
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    assert run.status == RunStatus.FAILED
    assert run.error == "the solver ran out of patience"


def test_a_large_run_waits_for_the_worker(scenario, team, django_capture_on_commit_callbacks):
    # GIVEN a run sent to the background
    with django_capture_on_commit_callbacks(execute=True):
        run = start_match_run(scenario.pete, scenario.program, "optimal", inline=False)
    assert run.status == RunStatus.QUEUED
    # WHEN a worker drains the queue
    Worker().drain()
    # THEN the draft is there and the task is done
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    assert Task.objects.get(kind="matching.run").status == TaskStatus.DONE


def test_the_run_happens_once_even_if_its_task_is_queued_twice(
    scenario, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = start_match_run(scenario.pete, scenario.program, "optimal", inline=False)
        enqueue("matching.run", run_id=run.pk)
    assert Worker().drain() == 2
    run.refresh_from_db()
    assert run.pairs.count() == 3
    assert run.unmatched.count() == 2
    assert execute_match_run(run.pk) is False  # and any later attempt does nothing
