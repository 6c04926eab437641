"""Who may do what with match runs: managers act, others who see the program get 403, the
rest 404 (the URL walk checks the same over the API for every role)."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import make_person
from mentorhub.errors import NotAllowed
from mentorhub.matching.access import get_match_run_for, get_own_enrollment_for
from mentorhub.matching.review import remove_pair
from mentorhub.matching.services import publish_match_run, set_pair_rule, start_match_run
from mentorhub.people.models import Role


@pytest.fixture
def run(scenario):
    return start_match_run(scenario.pete, scenario.program, "optimal")


@pytest.mark.parametrize("who", ["pete", "alice"])
def test_program_managers_and_org_admins_open_a_run(scenario, run, who):
    assert get_match_run_for(getattr(scenario, who), run.pk) == run


@pytest.mark.parametrize("who", ["mona", "max"])
def test_members_who_see_the_program_are_refused_its_runs(scenario, run, who):
    with pytest.raises(NotAllowed):
        get_match_run_for(getattr(scenario, who), run.pk)


def test_a_program_manager_of_other_programs_is_refused(scenario, run):
    other_manager = make_person(scenario.org, "Olga Other", Role.PROGRAM_MANAGER)
    with pytest.raises(NotAllowed):
        get_match_run_for(other_manager, run.pk)


def test_an_outsider_does_not_learn_the_run_exists(scenario, run):
    with pytest.raises(Http404):
        get_match_run_for(scenario.charlie, run.pk)


def test_only_managers_publish(scenario, run):
    with pytest.raises(NotAllowed):
        publish_match_run(scenario.mona, run)


def test_only_managers_change_a_draft(scenario, run):
    with pytest.raises(NotAllowed):
        remove_pair(scenario.max, run.pairs.get())


def test_only_managers_set_pair_rules(scenario):
    with pytest.raises(NotAllowed):
        set_pair_rule(
            scenario.mona,
            scenario.program,
            scenario.mentee_enrollment,
            scenario.mentor_enrollment,
            "forbid",
        )


def test_a_manager_may_see_an_enrollment_but_not_act_as_its_person(scenario):
    with pytest.raises(NotAllowed):
        get_own_enrollment_for(scenario.pete, scenario.mentee_enrollment.pk)
