"""Answering a check-in: checked input, once per member (changeable while open), and the
expectation alerts that follow when the members' answers diverge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.feedback.models import CheckInAnswer, ExpectationAlert
from mentorhub.feedback.services import acknowledge_alert, answer_checkin
from mentorhub.feedback.tests.conftest import answer
from mentorhub.mentorships.agreements import save_agreement
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import close_mentorship


def _kinds(checkin) -> set[str]:
    return set(ExpectationAlert.objects.filter(checkin=checkin).values_list("kind", flat=True))


def test_a_member_answers_and_can_change_the_answer_while_open(scenario, checkin):
    answer_checkin(scenario.max, checkin, answer(satisfaction=3))
    answer_checkin(scenario.max, checkin, answer(satisfaction=5))
    saved = CheckInAnswer.objects.get(checkin=checkin, person=scenario.max)
    assert saved.satisfaction == 5


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"satisfaction": 0}, "satisfaction"),
        ({"satisfaction": 6}, "satisfaction"),
        ({"goal_progress": 9}, "goal_progress"),
        ({"meeting_rate": "daily"}, "meeting_rate"),
        ({"expected_rate": ""}, "expected_rate"),
        ({"expectations_met": "maybe"}, "expectations_met"),
        ({"comment": "x" * 5001}, "comment"),
    ],
)
def test_bad_answers_are_refused_with_the_field(scenario, checkin, changes, field):
    with pytest.raises(InvalidInput) as refused:
        answer_checkin(scenario.max, checkin, answer(**changes))
    assert field in refused.value.field_errors
    assert not CheckInAnswer.objects.exists()


def test_only_members_answer(scenario, checkin):
    with pytest.raises(NotAllowed):
        answer_checkin(scenario.pete, checkin, answer())


def test_a_closed_checkin_takes_no_answer(scenario, checkin, time_machine):
    time_machine.move_to(checkin.closes_at + timedelta(seconds=1), tick=False)
    with pytest.raises(IllegalTransition, match="closed"):
        answer_checkin(scenario.max, checkin, answer())


def test_an_ended_mentorship_takes_no_answer(scenario, checkin):
    close_mentorship(scenario.mona, checkin.mentorship, "mutual", "Done")
    checkin.mentorship.refresh_from_db()
    with pytest.raises(IllegalTransition, match="no longer active"):
        answer_checkin(scenario.max, checkin, answer())


def test_answering_is_a_sign_of_life(scenario, checkin):
    answer_checkin(scenario.max, checkin, answer())
    assert Mentorship.objects.get(pk=checkin.mentorship_id).last_activity_at is not None


def test_agreeing_answers_raise_no_alert(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=4, expectations_met="partly"))
    assert _kinds(checkin) == set()


def test_one_answer_alone_raises_no_alert(scenario, checkin):
    answer_checkin(scenario.max, checkin, answer(satisfaction=1, expectations_met="no"))
    assert _kinds(checkin) == set()


def test_great_versus_struggling_raises_a_satisfaction_alert(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5, comment="secret"))
    answer_checkin(scenario.max, checkin, answer(satisfaction=2, comment="secret"))
    alert = ExpectationAlert.objects.get(checkin=checkin)
    assert alert.kind == "satisfaction"
    assert "Mona Mentor 5/5" in alert.summary and "Max Mentee 2/5" in alert.summary
    assert "secret" not in alert.summary


def test_expectations_met_yes_versus_no_raises_an_alert(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(expectations_met="yes"))
    answer_checkin(scenario.max, checkin, answer(expectations_met="no"))
    assert _kinds(checkin) == {"expectations"}


def test_weekly_versus_monthly_expectation_raises_an_alert(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(expected_rate="monthly", meeting_rate="monthly"))
    answer_checkin(scenario.max, checkin, answer(expected_rate="weekly", meeting_rate="monthly"))
    assert "expected_rate" in _kinds(checkin)
    summary = ExpectationAlert.objects.get(checkin=checkin, kind="expected_rate").summary
    assert "every week" in summary and "every month" in summary


def test_weekly_versus_every_two_weeks_is_no_alert(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(expected_rate="fortnightly"))
    answer_checkin(scenario.max, checkin, answer(expected_rate="weekly"))
    assert "expected_rate" not in _kinds(checkin)


def test_both_meeting_less_often_than_agreed_raises_an_alert(scenario, checkin):
    mentorship = checkin.mentorship
    save_agreement(scenario.mona, mentorship, {"cadence": "weekly"})
    slow = {"meeting_rate": "monthly", "expected_rate": "weekly"}
    answer_checkin(scenario.mona, checkin, answer(**slow))
    answer_checkin(scenario.max, checkin, answer(**slow))
    summary = ExpectationAlert.objects.get(checkin=checkin, kind="below_cadence").summary
    assert "less often than agreed (every week)" in summary


def test_as_needed_cadence_never_raises_a_cadence_alert(scenario, checkin):
    save_agreement(scenario.mona, checkin.mentorship, {"cadence": "as_needed"})
    slow = {"meeting_rate": "less", "expected_rate": "less"}
    answer_checkin(scenario.mona, checkin, answer(**slow))
    answer_checkin(scenario.max, checkin, answer(**slow))
    assert _kinds(checkin) == set()


def test_an_alert_goes_when_the_answers_agree_again(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    answer_checkin(scenario.max, checkin, answer(satisfaction=4))
    assert _kinds(checkin) == set()


def test_an_acknowledged_alert_stays_on_record(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    acknowledge_alert(scenario.pete, ExpectationAlert.objects.get(checkin=checkin))
    answer_checkin(scenario.max, checkin, answer(satisfaction=5))
    alert = ExpectationAlert.objects.get(checkin=checkin)
    assert alert.acknowledged_by == scenario.pete


def test_acknowledging_twice_says_who_did(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    alert = ExpectationAlert.objects.get(checkin=checkin)
    acknowledge_alert(scenario.pete, alert)
    with pytest.raises(IllegalTransition, match="Pete Manager acknowledged"):
        acknowledge_alert(scenario.alice, alert)


def test_acknowledging_an_alert_the_answers_cleared_meanwhile_says_so(scenario, checkin):
    # GIVEN a manager looking at an alert while the member changes their answer
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    seen = ExpectationAlert.objects.get(checkin=checkin)
    answer_checkin(scenario.max, checkin, answer(satisfaction=5))
    # THEN the acknowledgement is refused with the reason, not a crash
    with pytest.raises(IllegalTransition, match="no longer applies"):
        acknowledge_alert(scenario.pete, seen)


def test_members_cannot_acknowledge_alerts(scenario, checkin):
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1))
    with pytest.raises(NotAllowed):
        acknowledge_alert(scenario.mona, ExpectationAlert.objects.get(checkin=checkin))
