"""Peer check-ins ask both directions, and flag give and take that runs one way."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorhub.errors import InvalidInput
from mentorhub.feedback.alerts import Said, divergences
from mentorhub.feedback.models import AlertKind, CheckIn
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import answer_checkin
from mentorhub.feedback.tests.conftest import FIRST_DUE, START, answer
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.mentorships.tests.circle_helpers import open_program
from mentorhub.programs.services import enroll


@pytest.fixture
def peer_checkin(scenario, time_machine) -> CheckIn:
    time_machine.move_to(START, tick=False)
    program = open_program(scenario, "peer")
    mona = enroll(scenario.mona, program, "peer", "Talks")
    max_ = enroll(scenario.max, program, "peer", "Sales")
    pair = propose_mentorship(scenario.pete, program, mona, max_)
    accept_mentorship(scenario.mona, pair)
    accept_mentorship(scenario.max, pair)
    time_machine.move_to(FIRST_DUE + timedelta(hours=1), tick=False)
    [opened] = open_due_checkins()
    return CheckIn.objects.select_related("mentorship__program__organization").get(pk=opened.pk)


def test_a_peer_check_in_requires_both_directions(scenario, peer_checkin):
    with pytest.raises(InvalidInput, match="say how much you got") as refused:
        answer_checkin(scenario.mona, peer_checkin, answer())
    assert "received" in refused.value.field_errors
    saved = answer_checkin(scenario.mona, peer_checkin, answer(received=4, gave=3))
    assert (saved.received, saved.gave) == (4, 3)


def test_a_peer_check_in_refuses_scores_outside_one_to_five(scenario, peer_checkin):
    with pytest.raises(InvalidInput, match="how much you gave from 1 to 5"):
        answer_checkin(scenario.mona, peer_checkin, answer(received=4, gave=9))


def test_one_sided_give_and_take_raises_an_alert(scenario, peer_checkin):
    answer_checkin(scenario.mona, peer_checkin, answer(received=2, gave=5))
    answer_checkin(scenario.max, peer_checkin, answer(received=5, gave=2))
    alert = peer_checkin.alerts.get(kind=AlertKind.ONE_SIDED)
    assert "Mona Mentor gave 5/5, got 2/5" in alert.summary


def test_balanced_give_and_take_raises_no_alert(scenario, peer_checkin):
    answer_checkin(scenario.mona, peer_checkin, answer(received=4, gave=4))
    answer_checkin(scenario.max, peer_checkin, answer(received=4, gave=3))
    assert not peer_checkin.alerts.filter(kind=AlertKind.ONE_SIDED).exists()


def test_the_rule_needs_a_giver_and_a_receiver():
    def said(name: str, received: int, gave: int) -> Said:
        return Said(name, 4, "fortnightly", "fortnightly", "yes", received, gave)

    both_give = [said("A", 2, 5), said("B", 3, 4)]
    assert AlertKind.ONE_SIDED not in divergences(both_give, None)
    one_way = [said("A", 2, 3), said("B", 3, 2)]
    assert AlertKind.ONE_SIDED in divergences(one_way, None)


def test_the_check_in_page_asks_both_directions_only_in_peer_programs(
    scenario, peer_checkin, checkin
):
    peer_page = scenario.client_for(scenario.max).get(
        f"/mentorships/{peer_checkin.mentorship_id}/checkins/"
    )
    assert b"How much did you give?" in peer_page.content
    pair_page = scenario.client_for(scenario.max).get(
        f"/mentorships/{checkin.mentorship_id}/checkins/"
    )
    assert pair_page.status_code == 200 and b"How much did you give?" not in pair_page.content


def test_a_traditional_check_in_ignores_give_and_take(scenario, checkin):
    saved = answer_checkin(scenario.max, checkin, answer(received=1, gave=5))
    assert saved.received is None and saved.gave is None


def test_the_page_saves_both_directions(scenario, peer_checkin):
    client = scenario.client_for(scenario.max)
    fields = {
        "satisfaction": 4,
        "meeting_rate": "fortnightly",
        "expected_rate": "fortnightly",
        "goal_progress": 4,
        "expectations_met": "yes",
        "received": 5,
        "gave": 3,
    }
    answer_ = client.post(f"/checkins/{peer_checkin.pk}/answer/", fields)
    assert answer_.status_code == 302
    saved = peer_checkin.answers.get(person=scenario.max)
    assert (saved.received, saved.gave) == (5, 3)
