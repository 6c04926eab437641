"""Publishing a circles run: each circle becomes one mentorship proposed to all its people."""

from __future__ import annotations

from collections import Counter

from conftest import make_person
from mentorhub.matching.services import publish_match_run, start_match_run
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.tests.circle_helpers import open_program
from mentorhub.programs.services import enroll


def _group_program(scenario, mentees: int = 6):
    program = open_program(scenario, "group", 2, 3)
    for name in ("Gia Guide", "Gus Guide"):
        enroll(make_person(scenario.org, name, level=8), program, "mentor", capacity=3)
    for number in range(mentees):
        enroll(make_person(scenario.org, f"Member {number}", level=2), program, "mentee")
    return program


def test_each_circle_is_published_as_one_mentorship_of_all_its_people(scenario):
    # GIVEN a circles draft of two mentors with three mentees each
    program = _group_program(scenario)
    run = start_match_run(scenario.pete, program, "circles")
    circles = Counter(run.pairs.values_list("circle", flat=True))
    # WHEN it is published
    published = publish_match_run(scenario.pete, run)
    # THEN each circle is one proposed mentorship holding its mentor and all its mentees
    assert len(published.proposed) == len(circles) == 2
    for mentorship in Mentorship.objects.filter(program=program):
        assert mentorship.status == Status.PROPOSED
        roles = Counter(mentorship.members.values_list("role", flat=True))
        assert roles["mentor"] == 1 and 2 <= roles["mentee"] <= 3
    # AND every row of the run points at its circle's mentorship
    for label in circles:
        assert run.pairs.filter(circle=label).values("mentorship").distinct().count() == 1


def test_a_circle_that_breaks_a_rule_is_skipped_with_the_reason_on_each_row(scenario):
    program = _group_program(scenario)
    run = start_match_run(scenario.pete, program, "circles")
    # The program shrinks its circles after the run: the drafted circles are now too big.
    from mentorhub.programs.services import update_matching_settings

    update_matching_settings(scenario.pete, program, {"circle_min_size": 2, "circle_max_size": 2})
    published = publish_match_run(scenario.pete, run)
    assert published.proposed == []
    reasons = set(run.pairs.values_list("skipped_reason", flat=True))
    assert reasons == {f"A circle in {program.name} holds at most 2 mentees; this one has 3."}


def test_a_mentee_added_by_hand_cannot_push_a_drafted_circle_past_its_largest_size(scenario):
    import pytest

    from mentorhub.errors import CapacityFull
    from mentorhub.matching.review import add_pair

    # GIVEN a circles draft whose two circles are full (3 of 3) and one mentee left over
    program = _group_program(scenario, mentees=7)
    run = start_match_run(scenario.pete, program, "circles")
    assert sorted(Counter(run.pairs.values_list("circle", flat=True)).values()) == [3, 3]
    placed = set(run.pairs.values_list("mentee_id", flat=True))
    left = program.enrollments.filter(role="mentee").exclude(pk__in=placed).get()
    mentor = run.pairs.earliest("pk").mentor
    # WHEN the manager adds the leftover to a full circle THEN it is refused in review,
    # not later when publishing refuses the whole circle
    with pytest.raises(CapacityFull, match="at most 3"):
        add_pair(scenario.pete, run, left, mentor)
    assert run.pairs.count() == 6
