"""Group mentoring: forming a circle, its size limits and rules, leaving it, and who sees what."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.http import Http404

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import (
    CapacityFull,
    ConflictOfInterest,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
)
from mentorhub.meetings.services import MeetingPlan, schedule_meeting
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.goals import add_goal
from mentorhub.mentorships.models import Departure, GoalStatus, Status
from mentorhub.mentorships.services import accept_mentorship, decline_mentorship
from mentorhub.mentorships.tests.circle_helpers import accept_all, active_circle, group
from mentorhub.messaging.services import post_message
from mentorhub.people.services import update_profile
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import enroll, update_matching_settings


@pytest.fixture
def g(scenario):
    return group(scenario)


@pytest.fixture
def circle(scenario, g):
    return active_circle(scenario, g)


def test_a_circle_is_one_mentorship_proposed_to_everyone_in_it(
    scenario, g, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        circle = propose_circle(scenario.pete, g.program, g.circle)
    run_tasks()
    assert circle.status == Status.PROPOSED
    assert sorted(m.person_id for m in circle.members.all()) == sorted(
        e.person_id for e in g.circle
    )
    assert {m.role for m in circle.members.all()} == {"mentor", "mentee"}
    assert len(mail.outbox) == 4


def test_a_circle_starts_once_everyone_has_accepted(scenario, g):
    circle = propose_circle(scenario.pete, g.program, g.circle)
    members = list(circle.members.select_related("person"))
    for member in members[:-1]:
        accept_mentorship(member.person, circle)
    circle.refresh_from_db()
    assert circle.status == Status.REQUESTED  # still waiting on the last one
    accept_mentorship(members[-1].person, circle)
    circle.refresh_from_db()
    assert circle.status == Status.ACTIVE
    # Each member takes one seat: the mentor's one circle, each mentee's one place.
    enrollments = Enrollment.objects.filter(pk__in=[e.pk for e in g.circle])
    assert set(enrollments.values_list("load", flat=True)) == {1}


def test_a_circle_smaller_than_the_programs_smallest_is_refused(scenario, g):
    with pytest.raises(InvalidInput, match="at least 2 mentees; this one has 1") as refused:
        propose_circle(scenario.pete, g.program, [g.mentor, g.mentees[0]])
    assert "enrollments" in refused.value.field_errors


def test_a_circle_larger_than_the_programs_largest_is_refused(scenario, g):
    extra = enroll(make_person(scenario.org, "Dan Mentee", level=2), g.program, "mentee")
    with pytest.raises(InvalidInput, match="at most 4 mentees; this one has 5"):
        propose_circle(scenario.pete, g.program, [*g.circle, g.spare, extra])


def test_a_circle_needs_a_mentor(scenario, g):
    with pytest.raises(InvalidInput, match="at least one mentor and one mentee"):
        propose_circle(scenario.pete, g.program, [*g.mentees, g.spare])


def test_a_circle_with_a_mentee_and_their_manager_is_refused(scenario, g):
    # GIVEN Ann reports to Bea, both mentees of the would-be circle
    ann, bea = g.mentees[1].person, g.mentees[2].person
    update_profile(scenario.alice, ann, {"manager": bea})
    with pytest.raises(ConflictOfInterest, match="same management chain"):
        propose_circle(scenario.pete, g.program, g.circle)


def test_a_mentor_with_no_seat_left_cannot_lead_another_circle(scenario, g, circle):
    others = [
        enroll(make_person(scenario.org, f"New {n}", level=2), g.program, "mentee")
        for n in range(2)
    ]
    with pytest.raises(CapacityFull, match="Mona Mentor is full"):
        propose_circle(scenario.pete, g.program, [g.mentor, *others])


def test_only_the_programs_managers_form_circles(scenario, g):
    with pytest.raises(NotAllowed):
        propose_circle(scenario.mona, g.program, g.circle)


def test_circles_are_formed_only_in_group_and_peer_programs(scenario):
    s = scenario
    ann = enroll(make_person(s.org, "Ann Mentee", level=2), s.program, "mentee")
    bea = enroll(make_person(s.org, "Bea Mentee", level=2), s.program, "mentee")
    enrollments = [s.mentor_enrollment, s.mentee_enrollment, ann, bea]
    with pytest.raises(InvalidInput, match="circles are formed in group and peer programs"):
        propose_circle(s.pete, s.program, enrollments)


def test_one_member_declining_ends_the_circle_proposal_for_all(scenario, g):
    circle = propose_circle(scenario.pete, g.program, g.circle)
    decline_mentorship(g.mentees[1].person, circle, "busy")
    circle.refresh_from_db()
    assert circle.status == Status.DECLINED


def test_a_mentee_leaves_and_the_circle_carries_on(
    scenario, g, circle, django_capture_on_commit_callbacks, run_tasks
):
    ann = g.mentees[1].person
    shared = add_goal(scenario.mona, circle, "Run better one-to-ones")
    own = add_goal(ann, circle, "Delegate more", owner=ann)
    run_tasks()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        departure = leave_circle(ann, circle, "Moving to another team")
    run_tasks()
    circle.refresh_from_db()
    assert circle.status == Status.ACTIVE
    assert ann.pk not in {m.person_id for m in circle.members.all()}
    assert departure.reason == "Moving to another team" and departure.role == "mentee"
    assert Enrollment.objects.get(pk=g.mentees[1].pk).load == 0
    own.refresh_from_db()
    shared.refresh_from_db()
    assert own.status == GoalStatus.DROPPED and shared.status == GoalStatus.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.person.email for m in circle.members.select_related("person")
    )
    assert "Ann Mentee left your circle" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(verb="mentorship.member_left").exists()


def test_someone_who_left_loses_access_to_everything_in_the_circle(scenario, g, circle):
    ann = g.mentees[1].person
    post_message(scenario.mona, circle, "Welcome all")
    leave_circle(ann, circle)
    with pytest.raises(Http404):
        get_mentorship_for(ann, circle.pk)
    client = scenario.client_for(ann)
    for page in ("", "goals/", "messages/", "meetings/", "checkins/"):
        assert client.get(f"/mentorships/{circle.pk}/{page}").status_code == 404, page
    assert client.get(f"/api/mentorships/{circle.pk}/messages").status_code == 404


def test_the_last_mentee_cannot_leave(scenario, g):
    circle = accept_all(propose_circle(scenario.pete, g.program, g.circle[:3]))
    leave_circle(g.mentees[0].person, circle)
    with pytest.raises(InvalidInput, match=r"last mentee.*Close the mentorship instead"):
        leave_circle(g.mentees[1].person, circle)


def test_the_only_mentor_cannot_leave(scenario, circle):
    with pytest.raises(InvalidInput, match="last mentor"):
        leave_circle(scenario.mona, circle)


def test_only_an_active_circle_can_be_left(scenario, g):
    circle = propose_circle(scenario.pete, g.program, g.circle)
    with pytest.raises(IllegalTransition, match="only an active circle can be left"):
        leave_circle(scenario.max, circle)


def test_a_non_member_cannot_leave(scenario, circle):
    with pytest.raises(NotAllowed):
        leave_circle(scenario.pete, circle)
    assert not Departure.objects.exists()


def test_group_meetings_and_the_conversation_reach_all_four(scenario, g, circle):
    s = scenario
    plan = MeetingPlan(title="Circle session", starts_at=datetime(2026, 3, 3, 14, tzinfo=UTC))
    schedule_meeting(s.mona, circle, plan)
    post_message(g.mentees[2].person, circle, "Looking forward to it")
    for enrollment in g.circle:
        client = s.client_for(enrollment.person)
        assert b"Looking forward to it" in client.get(f"/mentorships/{circle.pk}/messages/").content
        assert b"Circle session" in client.get(f"/mentorships/{circle.pk}/meetings/").content
    assert (
        s.client_for(g.spare.person).get(f"/mentorships/{circle.pk}/messages/").status_code == 404
    )


def test_a_circle_keeps_one_live_mentorship_per_set_of_people(scenario, g):
    propose_circle(scenario.pete, g.program, g.circle)
    with pytest.raises(InvalidInput, match="already have a proposed"):
        propose_circle(scenario.pete, g.program, list(reversed(g.circle)))


def test_a_pair_outside_group_and_peer_programs_cannot_be_left(scenario, active):
    with pytest.raises(InvalidInput, match="close this instead"):
        leave_circle(scenario.max, active)


def test_when_a_circle_starts_a_mentees_other_open_circles_are_invalidated(scenario, g):
    # GIVEN Max is proposed to two circles (one mentee place each, as the program allows)
    gia = enroll(make_person(scenario.org, "Gia Guide", level=8), g.program, "mentor")
    first = propose_circle(scenario.pete, g.program, g.circle)
    second = propose_circle(scenario.pete, g.program, [gia, g.mentees[0], g.spare])
    # WHEN the first one starts
    accept_all(first)
    # THEN the second one is invalidated, and nobody's seat leaks
    second.refresh_from_db()
    assert second.status == Status.INVALIDATED
    assert Enrollment.objects.get(pk=gia.pk).load == 0


def test_a_circle_that_no_longer_fits_the_size_range_does_not_start(scenario, g):
    # GIVEN a proposed circle of 3 mentees, then the program's circles shrink to 2
    circle = propose_circle(scenario.pete, g.program, g.circle)
    update_matching_settings(scenario.pete, g.program, {"circle_max_size": 2})
    members = list(circle.members.select_related("person"))
    for member in members[:-1]:
        accept_mentorship(member.person, circle)
    # WHEN the last member accepts THEN the circle is refused, and stays waiting
    with pytest.raises(InvalidInput, match="at most 2 mentees; this one has 3"):
        accept_mentorship(members[-1].person, circle)
