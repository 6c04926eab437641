"""Topping up a circle: a manager invites, the newcomer accepts or declines; every refusal."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
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
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.circle_invitations import (
    accept_circle_invitation,
    decline_circle_invitation,
    get_invitation_for,
    invite_to_circle,
    withdraw_circle_invitation,
)
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.models import Departure, InvitationStatus, Status
from mentorhub.mentorships.services import close_mentorship
from mentorhub.mentorships.tests.circle_helpers import accept_all, active_circle, group, peers
from mentorhub.people.declarations import declare_conflict
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import enroll


@pytest.fixture
def g(scenario):
    return group(scenario)


@pytest.fixture
def circle(scenario, g):
    return active_circle(scenario, g)


@pytest.fixture
def invited(scenario, g, circle):
    return invite_to_circle(scenario.pete, circle, g.spare)


def _emails_to(person) -> list[str]:
    return [str(m.subject) for m in mail.outbox if person.email in m.to]


# The happy paths


def test_a_newcomer_is_invited_by_email_and_sees_nothing_of_the_circle_yet(
    scenario, g, circle, django_capture_on_commit_callbacks, run_tasks
):
    # WHEN the manager invites Cal into the active circle
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_to_circle(scenario.pete, circle, g.spare)
    run_tasks()
    # THEN Cal is asked by email and is not a member until he accepts
    assert invitation.status == InvitationStatus.PENDING
    assert _emails_to(g.spare.person) == [f"You are invited to join a circle in {g.program.name}"]
    with pytest.raises(Http404):
        get_mentorship_for(g.spare.person, circle.pk)
    assert get_invitation_for(g.spare.person, invitation.pk) == invitation


def test_accepting_makes_the_newcomer_a_member_and_tells_the_circle(
    scenario, g, circle, invited, django_capture_on_commit_callbacks, run_tasks
):
    cal = g.spare.person
    with django_capture_on_commit_callbacks(execute=True):
        member = accept_circle_invitation(cal, invited)
    run_tasks()
    assert member.role == "mentee" and member.accepted_at is not None
    assert get_mentorship_for(cal, circle.pk) == circle
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.ACCEPTED and invited.answered_at
    assert Enrollment.objects.get(pk=g.spare.pk).load == 1
    joined = f"{cal.full_name} joined your circle in {g.program.name}"
    assert _emails_to(scenario.mona) == [joined] and _emails_to(cal) == []
    assert AuditEvent.objects.filter(verb="mentorship.member_joined").count() == 1


def test_someone_who_left_can_be_invited_back_and_their_departure_stays(scenario, g, circle):
    ann = g.mentees[1]
    leave_circle(ann.person, circle, "Busy quarter")
    invitation = invite_to_circle(scenario.pete, circle, ann)
    accept_circle_invitation(ann.person, invitation)
    assert circle.members.filter(person=ann.person).exists()
    assert Departure.objects.get(mentorship=circle).reason == "Busy quarter"


def test_a_co_mentor_joins_without_counting_against_the_size(scenario, g, circle):
    # GIVEN a circle already at its largest size (4 mentees)
    invite_to_circle(scenario.pete, circle, g.spare)
    # WHEN a second mentor is invited
    co = enroll(make_person(scenario.org, "Cora Mentor", level=7), g.program, "mentor")
    invitation = invite_to_circle(scenario.pete, circle, co)
    accept_circle_invitation(co.person, invitation)
    # THEN the circle has two mentors
    assert circle.members.filter(role="mentor").count() == 2


def test_a_peer_circle_is_topped_up_with_a_peer(scenario):
    program, enrollments = peers(scenario, 2)
    circle = accept_all(propose_circle(scenario.pete, program, enrollments))
    third = enroll(make_person(scenario.org, "Pia Peer", level=4), program, "peer")
    accept_circle_invitation(third.person, invite_to_circle(scenario.pete, circle, third))
    assert list(circle.members.values_list("role", flat=True)) == ["peer"] * 3


def test_declining_ends_only_the_invitation_and_tells_whoever_invited(
    scenario, g, circle, invited, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        decline_circle_invitation(g.spare.person, invited)
    run_tasks()
    invited.refresh_from_db()
    circle.refresh_from_db()
    assert invited.status == InvitationStatus.DECLINED
    assert circle.status == Status.ACTIVE and circle.members.count() == 4
    subject = f"{g.spare.person.full_name} declined to join a circle in {g.program.name}"
    assert _emails_to(scenario.pete) == [subject]


def test_a_manager_withdraws_an_invitation_and_it_can_no_longer_be_accepted(scenario, g, invited):
    withdraw_circle_invitation(scenario.pete, invited)
    with pytest.raises(IllegalTransition, match="already answered: withdrawn"):
        accept_circle_invitation(g.spare.person, invited)


# Who may do what


def test_members_cannot_invite_and_others_cannot_answer(scenario, g, circle, invited):
    with pytest.raises(NotAllowed, match="managers"):
        invite_to_circle(scenario.mona, circle, g.spare)
    with pytest.raises(NotAllowed, match="Only Cal Mentee can accept"):
        accept_circle_invitation(scenario.max, invited)
    with pytest.raises(NotAllowed, match="Only Cal Mentee can decline"):
        decline_circle_invitation(scenario.pete, invited)
    with pytest.raises(NotAllowed, match="managers"):
        withdraw_circle_invitation(g.spare.person, invited)


def test_an_org_admin_may_invite(scenario, g, circle):
    assert invite_to_circle(scenario.alice, circle, g.spare).invited_by == scenario.alice


def test_an_outsider_never_sees_an_invitation(scenario, invited):
    with pytest.raises(Http404):
        get_invitation_for(scenario.charlie, invited.pk)


# Refusals


def test_the_newcomer_must_keep_clear_of_every_members_management_chain(scenario, g, circle):
    report = enroll(
        make_person(scenario.org, "Rae Report", level=2, manager=scenario.max), g.program, "mentee"
    )
    with pytest.raises(ConflictOfInterest, match="same management chain"):
        invite_to_circle(scenario.pete, circle, report)


def test_a_declared_conflict_with_any_member_is_refused(scenario, g, circle):
    declare_conflict(g.spare.person, g.spare.person, g.mentees[1].person)
    with pytest.raises(ConflictOfInterest):
        invite_to_circle(scenario.pete, circle, g.spare)


def test_a_conflict_declared_after_the_invitation_refuses_the_accept(scenario, g, invited):
    declare_conflict(g.spare.person, g.spare.person, scenario.mona)
    with pytest.raises(ConflictOfInterest):
        accept_circle_invitation(g.spare.person, invited)
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.PENDING


def test_the_circle_cannot_grow_past_its_largest_size_counting_pending_invitations(
    scenario, g, circle, invited
):
    extra = enroll(make_person(scenario.org, "Eve Mentee", level=2), g.program, "mentee")
    refusal = r"would hold 5 mentees, counting 1 invited; .* allows 4"
    with pytest.raises(InvalidInput, match=refusal):
        invite_to_circle(scenario.pete, circle, extra)


def test_a_full_newcomer_is_refused(scenario, g, circle):
    busy = enroll(make_person(scenario.org, "Bo Mentor", level=7), g.program, "mentor", capacity=1)
    busy.load = 1
    busy.save(update_fields=["load"])
    with pytest.raises(CapacityFull, match="is full"):
        invite_to_circle(scenario.pete, circle, busy)


def test_someone_already_in_or_already_invited_is_refused(scenario, g, circle, invited):
    with pytest.raises(InvalidInput, match="Max Mentee is already in this circle"):
        invite_to_circle(scenario.pete, circle, g.mentees[0])
    with pytest.raises(InvalidInput, match="already invited to this circle"):
        invite_to_circle(scenario.pete, circle, g.spare)


def test_only_an_active_circle_takes_someone_in(scenario, g):
    proposed = propose_circle(scenario.pete, g.program, g.circle)
    with pytest.raises(IllegalTransition, match="only an active circle"):
        invite_to_circle(scenario.pete, proposed, g.spare)


def test_an_invitation_to_a_circle_closed_meanwhile_cannot_be_accepted(
    scenario, g, circle, invited
):
    close_mentorship(scenario.pete, circle, "admin", "Too small to go on")
    with pytest.raises(IllegalTransition, match="only an active circle"):
        accept_circle_invitation(g.spare.person, invited)


def test_someone_from_another_program_or_role_is_refused(scenario, g, circle):
    with pytest.raises(InvalidInput, match="not enrolled in A group program"):
        invite_to_circle(scenario.pete, circle, scenario.mentee_enrollment)


def test_a_pair_outside_circle_programs_cannot_be_topped_up(scenario, active):
    spare = enroll(make_person(scenario.org, "Sam Mentee", level=2), scenario.program, "mentee")
    with pytest.raises(InvalidInput, match="has no circles"):
        invite_to_circle(scenario.pete, active, spare)


# Web, API and CLI


def test_the_manager_tops_up_from_the_circle_page_and_the_newcomer_accepts(scenario, g, circle):
    manager = scenario.client_for(scenario.pete)
    assert b"Top up the circle" in manager.get(f"/mentorships/{circle.pk}/").content
    answer = manager.post(f"/mentorships/{circle.pk}/invite/", {"enrollment": g.spare.pk})
    assert answer.status_code == 302
    invitation = circle.invitations.get()
    cal = scenario.client_for(g.spare.person)
    assert b"A circle in" in cal.get("/mentorships/").content
    page = cal.get(f"/mentorships/invitations/{invitation.pk}/")
    assert b"Accept and join" in page.content
    joined = cal.post(f"/mentorships/invitations/{invitation.pk}/accept/")
    assert joined.status_code == 302 and joined.url == f"/mentorships/{circle.pk}/"


def test_a_refused_invitation_says_why_on_the_circle_page(scenario, g, circle):
    manager = scenario.client_for(scenario.pete)
    answer = manager.post(
        f"/mentorships/{circle.pk}/invite/", {"enrollment": g.mentees[0].pk}, follow=True
    )
    assert b"Choose someone enrolled in the program" in answer.content
    answer = manager.post(f"/mentorships/{circle.pk}/invite/", {"enrollment": "x"}, follow=True)
    assert answer.status_code == 200 and not circle.invitations.exists()


def test_members_do_not_see_the_top_up_form_and_cannot_post_it(scenario, g, circle, invited):
    member = scenario.client_for(scenario.mona)
    assert b"Top up the circle" not in member.get(f"/mentorships/{circle.pk}/").content
    post = member.post(f"/mentorships/{circle.pk}/invite/", {"enrollment": g.spare.pk})
    assert post.status_code == 403
    outsider = scenario.client_for(scenario.charlie)
    assert outsider.get(f"/mentorships/invitations/{invited.pk}/").status_code == 404
    assert outsider.post(f"/mentorships/invitations/{invited.pk}/accept/").status_code == 404
    assert member.post(f"/mentorships/invitations/{invited.pk}/accept/").status_code == 403


def test_the_api_invites_and_the_newcomer_declines(scenario, g, circle):
    manager = scenario.client_for(scenario.pete)
    path = f"/api/mentorships/{circle.pk}/invitations"
    created = manager.post(path, {"enrollment": g.spare.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    invitation = created.json()
    assert invitation["status"] == "pending" and invitation["person"]["id"] == g.spare.person_id
    wrong = manager.post(path, {"enrollment": 999999}, content_type="application/json")
    assert wrong.status_code == 422 and "Not enrolled" in wrong.content.decode()
    member = scenario.client_for(scenario.mona)
    assert (
        member.post(path, {"enrollment": g.spare.pk}, content_type="application/json").status_code
        == 403
    )
    cal = scenario.client_for(g.spare.person)
    assert [i["id"] for i in cal.get("/api/circle-invitations").json()] == [invitation["id"]]
    declined = cal.post(f"/api/circle-invitations/{invitation['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"


def test_the_api_accept_joins_the_circle(scenario, g, invited):
    cal = scenario.client_for(g.spare.person)
    answer = cal.post(f"/api/circle-invitations/{invited.pk}/accept")
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    assert cal.get(f"/api/mentorships/{invited.mentorship_id}").status_code == 200


def test_the_cli_invites_and_the_newcomer_accepts(scenario, g, circle, capsys):
    call_command(
        "circle", "invite", str(circle.pk), "--person", g.spare.person.email,
        "--as", scenario.pete.email, "--org", "acme",
    )  # fmt: skip
    invitation = circle.invitations.get()
    assert f"Invitation #{invitation.pk}" in capsys.readouterr().out
    call_command(
        "circle", "accept-invitation", str(invitation.pk),
        "--as", g.spare.person.email, "--org", "acme",
    )  # fmt: skip
    assert "accepted: you are in the circle" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already answered"):
        call_command(
            "circle", "decline-invitation", str(invitation.pk),
            "--as", g.spare.person.email, "--org", "acme",
        )  # fmt: skip


# Who may close a circle


def test_a_mentee_leaves_a_circle_but_cannot_close_it_for_everyone(scenario, g, circle):
    with pytest.raises(NotAllowed, match="leave it instead"):
        close_mentorship(scenario.max, circle, "mutual", "Done for me")
    page = scenario.client_for(scenario.max).get(f"/mentorships/{circle.pk}/")
    assert b"Leave this circle" in page.content and b"Close this mentorship" not in page.content


def test_the_circles_mentor_closes_it(scenario, circle):
    closed = close_mentorship(scenario.mona, circle, "completed", "We covered it all")
    assert closed.status == Status.COMPLETED


def test_the_last_mentee_closes_the_circle_they_cannot_leave(scenario, g, circle):
    for mentee in g.mentees[1:]:
        leave_circle(mentee.person, circle)
    closed = close_mentorship(scenario.max, circle, "mutual", "Just the two of us")
    assert closed.status == Status.CLOSED_EARLY


def test_any_peer_closes_a_peer_circle(scenario):
    program, enrollments = peers(scenario, 3)
    circle = accept_all(propose_circle(scenario.pete, program, enrollments))
    closed = close_mentorship(scenario.max, circle, "completed", "Swapped what we came for")
    assert closed.status == Status.COMPLETED


def test_after_declining_the_invitee_no_longer_sees_who_is_in_the_circle(
    scenario, g, circle, invited
):
    cal = scenario.client_for(g.spare.person)
    url = f"/mentorships/invitations/{invited.pk}/"
    assert scenario.max.full_name.encode() in cal.get(url).content  # deciding: who is in it
    decline_circle_invitation(g.spare.person, invited)
    page = cal.get(url)
    assert page.status_code == 200 and scenario.max.full_name.encode() not in page.content
    manager = scenario.client_for(scenario.pete)
    assert scenario.max.full_name.encode() in manager.get(url).content
