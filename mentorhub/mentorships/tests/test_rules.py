"""Rules that hold whatever path an action takes: org-chart changes, modes, finished programs."""

import pytest

from conftest import make_person
from mentorhub.errors import ConflictOfInterest, IllegalTransition, InvalidInput
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.services import (
    accept_mentorship,
    request_mentorship,
    withdraw_mentorship,
)
from mentorhub.people.importing import ImportRejected, import_people
from mentorhub.people.services import update_profile
from mentorhub.programs.services import enroll, set_program_status, update_enrollment


def _activate(scenario, mentorship):
    accept_mentorship(scenario.max, mentorship)
    accept_mentorship(scenario.mona, mentorship)


def test_making_a_mentor_the_mentees_manager_is_refused_while_they_are_paired(scenario, proposed):
    # GIVEN Mona mentoring Max
    _activate(scenario, proposed)
    # WHEN an admin makes Mona Max's manager
    with pytest.raises(ConflictOfInterest, match="one management chain"):
        update_profile(scenario.alice, scenario.max, {"manager": scenario.mona})
    # THEN nothing changed
    scenario.max.refresh_from_db()
    assert scenario.max.manager_id is None


def test_a_manager_change_above_someone_counts_for_their_reports_too(scenario, proposed):
    # GIVEN Max reports to Rita, and Mona mentors Max
    rita = make_person(scenario.org, "Rita Lead", level=4)
    update_profile(scenario.alice, scenario.max, {"manager": rita})
    _activate(scenario, proposed)
    # WHEN Rita gets Mona as her manager, Mona would be above Max
    with pytest.raises(ConflictOfInterest):
        update_profile(scenario.alice, rita, {"manager": scenario.mona})


def test_an_import_that_would_make_a_mentor_the_mentees_manager_is_rejected(scenario, proposed):
    _activate(scenario, proposed)
    text = f"email,name,manager_email\n{scenario.max.email},Max Mentee,{scenario.mona.email}\n"
    with pytest.raises(ImportRejected) as rejected:
        import_people(scenario.alice, scenario.org, text)
    assert rejected.value.errors[0].line == 2
    assert "one management chain" in rejected.value.errors[0].message
    scenario.max.refresh_from_db()
    assert scenario.max.manager_id is None


def test_accepting_rechecks_the_org_chart_changed_since_the_proposal(scenario, proposed):
    # GIVEN a proposal, and an org chart changed underneath it (written straight to the
    # database, as an older version or a manual fix could have done)
    from mentorhub.people.models import Person

    Person.objects.filter(pk=scenario.max.pk).update(manager=scenario.mona)
    accept_mentorship(scenario.max, proposed)
    with pytest.raises(ConflictOfInterest):
        accept_mentorship(scenario.mona, proposed)
    proposed.refresh_from_db()
    assert proposed.status == Status.REQUESTED


def test_a_mentee_cannot_choose_a_capacity(scenario):
    with pytest.raises(InvalidInput, match="Only mentors set a capacity"):
        update_enrollment(scenario.max, scenario.mentee_enrollment, capacity=5)
    newbie = make_person(scenario.org, "Nia New", level=2)
    with pytest.raises(InvalidInput, match="Only mentors set a capacity"):
        enroll(newbie, scenario.program, "mentee", "Grow", capacity=7)


def test_requests_are_refused_where_managers_make_the_matches(scenario):
    from mentorhub.programs.services import update_program

    update_program(scenario.pete, scenario.program, {"matching_mode": "admin"})
    scenario.mentee_enrollment.program.refresh_from_db()
    with pytest.raises(InvalidInput, match="program managers make the matches"):
        request_mentorship(scenario.max, scenario.mentee_enrollment, scenario.mentor_enrollment)
    assert not Mentorship.objects.exists()


def test_finishing_a_program_withdraws_what_is_still_pending(scenario, proposed):
    set_program_status(scenario.pete, scenario.program, "finished")
    proposed.refresh_from_db()
    assert proposed.status == Status.WITHDRAWN
    assert "has finished" in proposed.reason
    with pytest.raises(IllegalTransition):
        accept_mentorship(scenario.max, proposed)


def test_withdrawing_an_active_mentorship_says_it_is_active(scenario, proposed):
    _activate(scenario, proposed)
    with pytest.raises(IllegalTransition, match="active; it cannot be withdrawn"):
        withdraw_mentorship(scenario.max, proposed)
