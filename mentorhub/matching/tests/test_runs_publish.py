"""Publishing a draft: proposals for both sides, audit records, pairs that now fail skipped."""

from __future__ import annotations

import pytest
from django.core import mail

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition
from mentorhub.matching.models import RunStatus
from mentorhub.matching.services import publish_match_run, start_match_run
from mentorhub.matching.tests.runs_helpers import new_mentee, new_mentor
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.services import update_profile


@pytest.fixture
def draft(scenario):
    scenario.otto = new_mentor(scenario, "Otto Other")
    scenario.nina = new_mentee(scenario, "Nina New")
    return start_match_run(scenario.pete, scenario.program, "optimal")


def test_publishing_proposes_every_pair_to_both_people(
    scenario, draft, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        published = publish_match_run(scenario.pete, draft)
    run_tasks()
    assert len(published.proposed) == 2
    assert {m.status for m in Mentorship.objects.all()} == {Status.PROPOSED}
    assert len(mail.outbox) == 4  # each pair's mentor and mentee
    draft.refresh_from_db()
    assert draft.status == RunStatus.PUBLISHED
    assert draft.pairs.filter(mentorship__isnull=False).count() == 2


def test_publishing_leaves_an_audit_trail(scenario, draft):
    publish_match_run(scenario.pete, draft)
    verbs = list(AuditEvent.objects.filter(actor=scenario.pete).values_list("verb", flat=True))
    assert verbs.count("mentorship.proposed") == 2
    assert "match_run.published" in verbs


def test_a_pair_that_became_a_conflict_is_skipped_with_its_reason(scenario, draft):
    # GIVEN Max's mentor in the draft becomes his manager after the run
    pair = draft.pairs.get(mentee=scenario.mentee_enrollment)
    update_profile(scenario.alice, scenario.max, {"manager": pair.mentor.person})
    # WHEN the draft is published
    published = publish_match_run(scenario.pete, draft)
    # THEN that pair is skipped and said why, and the other is proposed
    [skipped] = published.skipped
    assert skipped.mentee == scenario.mentee_enrollment
    assert "same management chain" in skipped.skipped_reason
    assert len(published.proposed) == 1


def test_publishing_discards_the_programs_other_drafts(scenario, draft):
    older = start_match_run(scenario.pete, scenario.program, "optimal")
    publish_match_run(scenario.pete, draft)
    older.refresh_from_db()
    assert older.status == RunStatus.DISCARDED


def test_a_run_is_published_only_once(scenario, draft):
    publish_match_run(scenario.pete, draft)
    with pytest.raises(IllegalTransition, match="Only a draft can be published"):
        publish_match_run(scenario.pete, draft)
