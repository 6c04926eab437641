"""The mentorship lifecycle through the domain actions."""

import pytest

from mentorhub.errors import ConflictOfInterest, IllegalTransition, NotAllowed
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    decline_mentorship,
    propose_mentorship,
)
from mentorhub.programs.services import enroll


def test_both_sides_accepting_activates_and_takes_a_seat(scenario, proposed):
    accept_mentorship(scenario.mona, proposed)
    proposed.refresh_from_db()
    assert proposed.status == Status.REQUESTED  # waiting on the mentee now
    accept_mentorship(scenario.max, proposed)
    proposed.refresh_from_db()
    scenario.mentor_enrollment.refresh_from_db()
    assert proposed.status == Status.ACTIVE
    assert scenario.mentor_enrollment.load == 1


def test_declined_mentorship_cannot_be_accepted(scenario, proposed):
    decline_mentorship(scenario.max, proposed, "not_a_fit", "Different goals")
    with pytest.raises(IllegalTransition, match="declined; it cannot be accepted"):
        accept_mentorship(scenario.mona, proposed)


def test_closing_releases_the_seat(scenario, proposed):
    accept_mentorship(scenario.mona, proposed)
    accept_mentorship(scenario.max, proposed)
    close_mentorship(scenario.max, proposed, "mutual", "Goals met early")
    proposed.refresh_from_db()
    scenario.mentor_enrollment.refresh_from_db()
    assert proposed.status == Status.CLOSED_EARLY
    assert scenario.mentor_enrollment.load == 0


def test_manager_cannot_pair_someone_with_their_own_manager(scenario):
    from conftest import make_person

    boss = make_person(scenario.org, "Bea Boss", level=7)
    scenario.max.manager = boss
    scenario.max.save()
    boss_enrollment = enroll(boss, scenario.program, "mentor", capacity=1)
    with pytest.raises(ConflictOfInterest):
        propose_mentorship(
            scenario.alice, scenario.program, boss_enrollment, scenario.mentee_enrollment
        )


def test_outsider_cannot_accept(scenario, proposed):
    with pytest.raises(NotAllowed):
        accept_mentorship(scenario.charlie, proposed)
