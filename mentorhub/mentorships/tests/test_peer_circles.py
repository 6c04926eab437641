"""Peer mentoring: circles of equals, what each offers and seeks, and leaving a peer circle."""

from __future__ import annotations

import pytest

from conftest import make_person
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching.tests.runs_helpers import give_skills
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.peer import exchanges, set_exchange
from mentorhub.mentorships.tests.circle_helpers import accept_all, peers
from mentorhub.programs.services import enroll


@pytest.fixture
def peer_circle(scenario):
    program, enrollments = peers(scenario, 3)
    return accept_all(propose_circle(scenario.pete, program, enrollments))


def test_a_peer_circle_gives_everyone_the_peer_role(scenario, peer_circle):
    assert {m.role for m in peer_circle.members.all()} == {"peer"}
    assert peer_circle.members.count() == 3


def test_a_peer_circle_counts_every_peer_against_the_size_range(scenario):
    program, enrollments = peers(scenario, 5)
    with pytest.raises(InvalidInput, match="at most 4 peers; this one has 5"):
        propose_circle(scenario.pete, program, enrollments)


def test_peers_enroll_only_as_peers_so_everyone_gives_and_receives(scenario):
    program, _ = peers(scenario, 3)
    with pytest.raises(InvalidInput, match="you enroll as peer"):
        enroll(make_person(scenario.org, "Bo Senior", level=9), program, "mentor")


def test_a_peer_leaves_and_two_peers_carry_on_but_the_last_two_cannot_leave(scenario, peer_circle):
    third = next(
        m.person
        for m in peer_circle.members.all()
        if m.person_id != scenario.max.pk and m.person_id != scenario.mona.pk
    )
    leave_circle(third, peer_circle)
    with pytest.raises(InvalidInput, match="last two peers; close the mentorship"):
        leave_circle(scenario.max, peer_circle)


def test_each_member_says_what_they_offer_and_seek_beside_their_profile(scenario, peer_circle):
    give_skills(scenario.mona, ("Public speaking", 4, "offers"), ("SQL", 1, "seeks"))
    set_exchange(scenario.mona, peer_circle, "Feedback on talks", "Help with reporting queries")
    mine = next(e for e in exchanges(peer_circle) if e.member.person_id == scenario.mona.pk)
    assert mine.member.offers == "Feedback on talks"
    assert mine.offered_skills == ["Public speaking"] and mine.sought_skills == ["SQL"]
    page = scenario.client_for(scenario.max).get(f"/mentorships/{peer_circle.pk}/")
    assert b"Feedback on talks" in page.content and b"Public speaking" in page.content


def test_only_members_say_what_they_offer(scenario, peer_circle):
    with pytest.raises(NotAllowed):
        set_exchange(scenario.pete, peer_circle, "Advice", "")
    answer = scenario.client_for(scenario.pete).post(
        f"/mentorships/{peer_circle.pk}/exchange/", {"offers": "x", "seeks": "y"}
    )
    assert answer.status_code == 403


def test_a_member_saves_offers_and_seeks_from_the_page(scenario, peer_circle):
    client = scenario.client_for(scenario.max)
    answer = client.post(
        f"/mentorships/{peer_circle.pk}/exchange/", {"offers": "Sales demos", "seeks": "Python"}
    )
    assert answer.status_code == 302
    member = peer_circle.members.get(person=scenario.max)
    assert (member.offers, member.seeks) == ("Sales demos", "Python")


def test_the_api_sets_offers_and_seeks(scenario, peer_circle):
    answer = scenario.client_for(scenario.mona).put(
        f"/api/mentorships/{peer_circle.pk}/exchange",
        {"offers": "Talks", "seeks": "SQL"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["offers"] == "Talks"
