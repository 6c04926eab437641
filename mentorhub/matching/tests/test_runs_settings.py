"""A program's matching settings: validated rules and weights, request limits and expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching.tests.runs_helpers import new_mentor
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import expire_stale, request_mentorship
from mentorhub.programs.models import Program
from mentorhub.programs.services import update_matching_settings


def test_rule_and_weight_overrides_are_saved(scenario):
    program = update_matching_settings(
        scenario.pete,
        scenario.program,
        {
            "matching_rules": {"max_timezone_gap_hours": 6, "shared_language": False},
            "matching_weights": {"goals": 4, "diversity": 0},
        },
    )
    program.refresh_from_db()
    assert program.matching_rules == {"max_timezone_gap_hours": 6, "shared_language": False}
    assert program.matching_weights == {"goals": 4, "diversity": 0}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"shared_langauge": False}, "“shared_langauge” is not a matching rule; use one of"),
        ({"shared_language": "no"}, "is on or off: give true or false"),
        ({"seniority": "older"}, "must be one of any, junior_expert, more_senior, peer"),
        ({"max_timezone_gap_hours": 30}, "must be from 0 to 12"),
        ({"min_overlap_minutes": 30.5}, "must be a whole number"),
        ({"management_chain": False}, "this rule cannot be switched off"),
        (["shared_language"], "Give the matching rules as an object"),
    ],
)
def test_a_rule_the_engine_does_not_know_is_refused_with_a_clear_message(scenario, rules, message):
    with pytest.raises(InvalidInput, match=message):
        update_matching_settings(scenario.pete, scenario.program, {"matching_rules": rules})


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"charisma": 1}, "“charisma” is not a matching weight; use one of goals, skills"),
        ({"goals": -1}, "must be a number from 0 to 100"),
        ({"goals": True}, "must be a number from 0 to 100"),
    ],
)
def test_a_weight_the_engine_does_not_know_is_refused(scenario, weights, message):
    with pytest.raises(InvalidInput, match=message):
        update_matching_settings(scenario.pete, scenario.program, {"matching_weights": weights})


def test_circle_sizes_must_be_in_order(scenario):
    with pytest.raises(InvalidInput, match="smallest size cannot exceed the largest"):
        update_matching_settings(
            scenario.pete, scenario.program, {"circle_min_size": 6, "circle_max_size": 4}
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"max_open_requests": 0},
        {"max_open_requests": 11},
        {"request_expiry_days": 91},
        {"circle_min_size": 9, "circle_max_size": 8},
    ],
)
def test_the_database_refuses_settings_out_of_range(scenario, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=scenario.program.pk).update(**fields)


def test_a_mentee_may_send_as_many_requests_as_the_program_allows(scenario):
    # GIVEN a program that allows one open request
    program = update_matching_settings(scenario.pete, scenario.program, {"max_open_requests": 1})
    other = new_mentor(scenario, "Otto Other")
    request_mentorship(scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment)
    # WHEN Max asks a second mentor THEN he is told to wait
    scenario.mentee_enrollment.program = program
    with pytest.raises(InvalidInput, match="You already have 1 open requests"):
        request_mentorship(scenario.max, scenario.mentee_enrollment, other)


def test_requests_expire_after_their_own_programs_expiry_days(scenario):
    # GIVEN a program whose requests expire after 3 days, and a request made 4 days ago
    update_matching_settings(scenario.pete, scenario.program, {"request_expiry_days": 3})
    with time_machine.travel(timezone.now() - timedelta(days=4), tick=False):
        old = request_mentorship(
            scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment
        )
    # WHEN stale requests expire (the default 14 days would keep it)
    count = expire_stale()
    # THEN it expired
    old.refresh_from_db()
    assert (count, old.status) == (1, Status.EXPIRED)


def test_a_request_younger_than_its_programs_expiry_stays(scenario):
    with time_machine.travel(timezone.now() - timedelta(days=4), tick=False):
        fresh = request_mentorship(
            scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment
        )
    assert expire_stale() == 0
    fresh.refresh_from_db()
    assert fresh.status == Status.REQUESTED


def test_only_the_programs_managers_change_its_matching_settings(scenario):
    with pytest.raises(NotAllowed):
        update_matching_settings(scenario.mona, scenario.program, {"max_open_requests": 5})


def test_a_field_that_is_not_a_matching_setting_is_refused(scenario):
    with pytest.raises(InvalidInput, match="Not a matching setting: name"):
        update_matching_settings(scenario.pete, scenario.program, {"name": "Renamed"})
