"""Publishing a large draft in the background: batches, progress, retries that lose nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition
from mentorhub.matching import publishing
from mentorhub.matching.models import RunStatus
from mentorhub.matching.publishing import execute_publish
from mentorhub.matching.services import publish_match_run, start_match_run
from mentorhub.matching.tests.runs_helpers import new_mentee, new_mentor
from mentorhub.mentorships.models import Mentorship
from mentorhub.tasks.models import Task, TaskStatus
from mentorhub.tasks.worker import Worker


@pytest.fixture
def big_draft(scenario, monkeypatch):
    """Seven pairs, published three at a time, with anything above two pairs in the background."""
    monkeypatch.setattr(publishing, "BATCH", 3)
    monkeypatch.setattr("mentorhub.matching.services.PUBLISH_INLINE_LIMIT", 2)
    for k in range(6):
        new_mentor(scenario, f"Mentor {k}")
        new_mentee(scenario, f"Mentee {k}")
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    assert run.pairs.count() == 7
    return run


def test_a_large_draft_is_published_by_the_task_queue(
    scenario, big_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published = publish_match_run(scenario.pete, big_draft)
    # The request returns before anything is proposed, and says so
    assert published.in_background and published.proposed == []
    assert Mentorship.objects.count() == 0
    task = Task.objects.get(kind="matching.publish")
    assert task.payload == {"run_id": big_draft.pk}
    # WHEN the worker runs the task
    Worker("test").drain()
    # THEN every pair is proposed once, the run is published and the audit says how many
    big_draft.refresh_from_db()
    assert big_draft.status == RunStatus.PUBLISHED
    assert big_draft.stats["proposed"] == 7 and big_draft.progress == 1.0
    assert Mentorship.objects.count() == 7
    assert AuditEvent.objects.get(verb="match_run.published").details["proposed"] == 7
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_a_crash_between_batches_resumes_without_proposing_twice(scenario, big_draft, monkeypatch):
    publish_match_run(scenario.pete, big_draft)
    real_batch = publishing._publish_batch
    calls: list[int] = []

    def crash_after_first(run, actor):
        if calls:
            raise RuntimeError("worker killed")
        calls.append(1)
        return real_batch(run, actor)

    monkeypatch.setattr(publishing, "_publish_batch", crash_after_first)
    with pytest.raises(RuntimeError):
        execute_publish(big_draft.pk)
    big_draft.refresh_from_db()
    assert big_draft.status == RunStatus.PUBLISHING
    assert Mentorship.objects.count() == 3  # the first batch committed
    assert "3 of 7" in big_draft.phase
    # The retry takes the rest
    monkeypatch.setattr(publishing, "_publish_batch", real_batch)
    assert execute_publish(big_draft.pk)
    assert Mentorship.objects.count() == 7
    assert big_draft.pairs.filter(mentorship__isnull=True, skipped_reason="").count() == 0
    # A further retry (the task ran twice) changes nothing
    assert not execute_publish(big_draft.pk)
    assert Mentorship.objects.count() == 7


def test_a_run_being_published_cannot_be_published_again(scenario, big_draft):
    publish_match_run(scenario.pete, big_draft)
    with pytest.raises(IllegalTransition, match="publishing"):
        publish_match_run(scenario.pete, big_draft)


def test_the_run_page_follows_background_publishing(scenario, big_draft):
    client = scenario.client_for(scenario.pete)
    answer = client.post(reverse("match_run_publish", args=[big_draft.pk]), follow=True)
    page = answer.content.decode()
    assert "Publishing 7 pairs in the background" in page
    assert 'hx-trigger="every 1s"' in page  # the progress keeps updating
    execute_publish(big_draft.pk)
    page = client.get(reverse("match_run_detail", args=[big_draft.pk])).content.decode()
    assert 'hx-trigger="every 1s"' not in page


def test_a_small_draft_is_still_published_at_once(scenario, monkeypatch):
    new_mentor(scenario, "Otto Other")
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    published = publish_match_run(scenario.pete, run)
    assert not published.in_background
    assert len(published.proposed) == run.pairs.count() == 1
