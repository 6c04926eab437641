"""Flash pages: the whole flow in the browser, privacy per role, and bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_person
from mentorhub.flash.models import Challenge, OpenSlot, Outcome
from mentorhub.flash.services import drop_challenge, resolve_challenge
from mentorhub.flash.slots import publish_slot
from mentorhub.flash.tests.conftest import describe, mentorship_of
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.programs.services import enroll

SECRET = "I freeze when asked about impact"


def test_the_whole_flow_from_the_program_page_to_resolved(scenario, flash):
    max_, mona = scenario.client_for(scenario.max), scenario.client_for(scenario.mona)
    program_page = max_.get(f"/programs/{flash.program.pk}/")
    assert "Find someone who can help" in program_page.text
    created = max_.post(
        f"/programs/{flash.program.pk}/challenges/",
        {"title": "Promotion panel", "description": SECRET, "time_box_days": 10},
    )
    challenge = Challenge.objects.get()
    assert created.url == f"/challenges/{challenge.pk}/"
    page = max_.get(created.url)
    assert "Who can help now" in page.text and "Ask Mona Mentor" in page.text
    max_.post(f"/challenges/{challenge.pk}/ask/", {"mentor": flash.mentor.pk})
    challenge.refresh_from_db()
    accept_mentorship(scenario.mona, mentorship_of(challenge))
    overview = mona.get(f"/mentorships/{challenge.mentorship_id}/")
    assert SECRET in overview.text and "Propose the scope" in overview.text
    mona.post(
        f"/challenges/{challenge.pk}/terms/",
        {"scope": "Two mock panels", "end_condition": "Story in five minutes"},
    )
    assert "Confirm the scope" in max_.get(f"/mentorships/{challenge.mentorship_id}/").text
    max_.post(f"/challenges/{challenge.pk}/agree/")
    assert "10 days left" in max_.get(f"/mentorships/{challenge.mentorship_id}/").text
    done = max_.post(f"/challenges/{challenge.pk}/resolve/", {"outcome": "resolved"})
    assert done.status_code == 302
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.RESOLVED
    assert mentorship_of(challenge).status == Status.COMPLETED


def test_bad_input_is_a_message_not_a_500(scenario, flash):
    client = scenario.client_for(scenario.max)
    response = client.post(
        f"/programs/{flash.program.pk}/challenges/", {"title": "x", "time_box_days": "999"}
    )
    assert response.status_code == 302 and not Challenge.objects.exists()
    followed = client.get(response.url)
    assert "Time box (days)" in followed.text


@pytest.mark.parametrize(
    ("who", "status", "sees_text"),
    [
        ("max", 200, True),  # the asker
        ("mona", 200, True),  # the helper he asked
        ("pete", 200, False),  # the program's manager: title and outcome only
        ("alice", 200, False),  # the org admin: the same
        ("charlie", 404, False),  # another organization
    ],
)
def test_who_reads_the_challenge(scenario, asked, who, status, sees_text):
    response = scenario.client_for(getattr(scenario, who)).get(f"/challenges/{asked.pk}/")
    assert response.status_code == status
    assert (SECRET in response.text) is sees_text
    if status == 200:
        assert asked.title in response.text


def test_a_mentor_not_asked_gets_404(scenario, flash, challenge):
    nia = make_person(scenario.org, "Nia Negotiator", level=6)
    enroll(nia, flash.program, "mentor", "Panels")
    assert scenario.client_for(nia).get(f"/challenges/{challenge.pk}/").status_code == 404


def test_managers_see_titles_and_outcomes_on_the_program_page(scenario, flash, working):
    resolve_challenge(scenario.max, working, Outcome.PARTLY)
    page = scenario.client_for(scenario.pete).get(f"/programs/{flash.program.pk}/")
    assert working.title in page.text and "partly 1" in page.text
    assert SECRET not in page.text


def test_a_mentor_cannot_describe_a_challenge(scenario, flash):
    response = scenario.client_for(scenario.mona).post(
        f"/programs/{flash.program.pk}/challenges/", {"title": "Mine", "time_box_days": 14}
    )
    assert response.status_code == 302 and not Challenge.objects.exists()


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _grow(scenario, flash, count: int) -> None:
    """More challenges (Max drops each one to write the next) and more of Mona's slots."""
    for i in range(count):
        drop_challenge(scenario.max, describe(scenario, flash, title=f"Challenge {i}"))
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        publish_slot(scenario.mona, flash.mentor, start + timedelta(hours=OpenSlot.objects.count()))


@pytest.mark.parametrize("who", ["pete", "max", "mona"])
def test_program_page_queries_do_not_grow_with_challenges(scenario, flash, who):
    client = scenario.client_for(getattr(scenario, who))
    path = f"/programs/{flash.program.pk}/"
    _grow(scenario, flash, 2)
    _queries(client, path)  # warms the suggestions' cache the program page keeps
    few = _queries(client, path)
    _grow(scenario, flash, 8)
    assert _queries(client, path) == few


def test_mentorship_page_panel_costs_one_query(
    scenario, agreed, active, django_assert_max_num_queries
):
    client = scenario.client_for(scenario.max)
    flash_page, plain_page = f"/mentorships/{agreed.mentorship_id}/", f"/mentorships/{active.pk}/"
    client.get(flash_page)  # warm the session
    assert _queries(client, flash_page) == _queries(client, plain_page) + 1
    with django_assert_max_num_queries(13):
        response = client.get(flash_page)
    assert "Two mock panels" in response.text and "14 days left" in response.text


def test_program_panel_for_a_mentee_lists_their_own_challenges(scenario, flash):
    describe(scenario, flash)
    page = scenario.client_for(scenario.max).get(f"/programs/{flash.program.pk}/")
    assert "Prepare for my promotion panel" in page.text
    assert "Find someone who can help" not in page.text  # one open challenge at a time
