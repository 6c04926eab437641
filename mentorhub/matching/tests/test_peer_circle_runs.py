"""Peer circles through the product: a peer program's run, its page, publishing, the method
choices, and a group mentor's capacity counted in circles."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from conftest import make_person
from mentorhub.errors import InvalidInput
from mentorhub.matching.forms import methods_for
from mentorhub.matching.models import RunStatus
from mentorhub.matching.review import add_pair, remove_pair, swap_mentors
from mentorhub.matching.services import publish_match_run, set_pair_rule, start_match_run
from mentorhub.mentorships.models import Status
from mentorhub.mentorships.tests.circle_helpers import open_program
from mentorhub.programs.services import enroll, update_matching_settings


def _peer_program(scenario, count: int = 8, low: int = 2, high: int = 4):
    program = open_program(scenario, "peer", low, high)
    for number in range(count):
        person = make_person(scenario.org, f"Peer {number}", level=4, interests=["chess"])
        enroll(person, program, "peer")
    return program


def test_a_peer_circles_run_keeps_circles_within_the_range_from_three_up(scenario):
    # GIVEN a peer program whose circles hold 2 to 4 peers, and eight peers who share chess
    program = _peer_program(scenario)
    # WHEN a peer-circles run is made
    run = start_match_run(scenario.pete, program, "peer-circles")
    # THEN every peer sits in a circle of 3 to 4 (two peers are a pair, not a circle)
    assert run.status == RunStatus.DRAFT, run.error
    sizes = Counter(run.pairs.values_list("circle", flat=True))
    assert sum(sizes.values()) == 8 and all(3 <= n <= 4 for n in sizes.values())
    assert run.stats["engine"]["exact"] == 1.0


def test_each_peer_circle_is_published_as_one_mentorship_of_peers(scenario):
    program = _peer_program(scenario, count=6, low=3, high=3)
    run = start_match_run(scenario.pete, program, "peer-circles")
    published = publish_match_run(scenario.pete, run)
    assert len(published.proposed) == 2
    for mentorship in published.proposed:
        assert mentorship.status == Status.PROPOSED
        assert list(mentorship.members.values_list("role", flat=True)) == ["peer"] * 3


def test_the_run_page_shows_the_circles_and_their_fit(scenario):
    program = _peer_program(scenario, count=6, low=3, high=3)
    run = start_match_run(scenario.pete, program, "peer-circles")
    page = scenario.client_for(scenario.pete).get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Peer circles (small groups of equals)" in page
    assert "proven the best possible" in page and "peer circle of 3 (fit" in page


def test_a_peer_program_offers_pairs_and_circles(scenario):
    program = _peer_program(scenario, count=0)
    assert [value for value, _ in methods_for(program)] == ["peers", "peer-circles"]
    page = scenario.client_for(scenario.pete).get(f"/programs/{program.pk}/")
    assert b'value="peer-circles"' in page.content


def test_peer_circles_are_refused_outside_peer_programs(scenario):
    with pytest.raises(InvalidInput, match="The peer-circles method is for peer programs"):
        start_match_run(scenario.pete, scenario.program, "peer-circles")


def test_peer_circles_need_a_largest_size_of_three(scenario):
    program = _peer_program(scenario, count=0, low=2, high=2)
    with pytest.raises(InvalidInput, match="Peer circles hold at least 3 people"):
        start_match_run(scenario.pete, program, "peer-circles")


def test_the_api_and_the_cli_take_the_peer_circles_method(scenario):
    program = _peer_program(scenario, count=6, low=3, high=3)
    client = scenario.client_for(scenario.pete)
    answer = client.post(
        f"/api/programs/{program.pk}/match-runs",
        {"method": "peer-circles"},
        content_type="application/json",
    )
    assert answer.status_code in (200, 201, 202), answer.content
    assert answer.json()["method"] == "peer-circles"
    out = io.StringIO()
    call_command(
        "match_run", "--program", str(program.pk), "--method", "peer-circles",
        "--as", scenario.pete.email, "--org", "acme", stdout=out,
    )  # fmt: skip
    assert "(peer-circles)" in out.getvalue()


def test_a_group_mentor_with_one_seat_leads_one_circle_of_any_size_in_range(scenario):
    # GIVEN a group program with circles of 2 to 4 and a mentor with one seat
    program = open_program(scenario, "group", 2, 4)
    update_matching_settings(scenario.pete, program, {"circle_min_size": 2, "circle_max_size": 4})
    enroll(make_person(scenario.org, "Gia Guide", level=8), program, "mentor", capacity=1)
    for number in range(4):
        enroll(make_person(scenario.org, f"Member {number}", level=2), program, "mentee")
    # WHEN the circles method runs and is published
    run = start_match_run(scenario.pete, program, "circles")
    published = publish_match_run(scenario.pete, run)
    # THEN her one seat is one circle of four mentees, as when a circle is formed by hand
    assert Counter(run.pairs.values_list("circle", flat=True)).most_common(1)[0][1] == 4
    assert len(published.proposed) == 1


def test_review_counts_a_circle_as_one_seat_of_its_mentor(scenario):
    # GIVEN a circles draft of two mentors with one seat each, three mentees in each circle
    program = open_program(scenario, "group", 2, 3)
    for name in ("Gia Guide", "Gus Guide"):
        enroll(make_person(scenario.org, name, level=8), program, "mentor", capacity=1)
    for number in range(6):
        enroll(make_person(scenario.org, f"Member {number}", level=2), program, "mentee")
    run = start_match_run(scenario.pete, program, "circles")
    labels = sorted(set(run.pairs.values_list("circle", flat=True)))
    first, second = (run.pairs.filter(circle=label).earliest("id") for label in labels)
    # WHEN two mentees swap circles, and one is taken out and added back by hand
    swap_mentors(scenario.pete, first, second)
    moved = run.pairs.get(pk=first.pk)
    remove_pair(scenario.pete, moved)
    added = add_pair(scenario.pete, run, moved.mentee, moved.mentor)
    # THEN each mentor still leads one circle: the one seat is the circle, not its members
    assert added.circle == labels[1]
    assert sorted(Counter(run.pairs.values_list("circle", flat=True)).values()) == [3, 3]


def test_a_lock_keeps_two_peers_in_one_circle_of_the_next_run(scenario):
    program = _peer_program(scenario, count=6, low=3, high=3)
    first, last = program.enrollments.order_by("pk")[0], program.enrollments.order_by("pk")[5]
    set_pair_rule(scenario.pete, program, first, last, "lock")
    run = start_match_run(scenario.pete, program, "peer-circles")
    circle_of = {p.mentee_id: p.circle for p in run.pairs.all()}
    assert circle_of[first.pk] == circle_of[last.pk]
    assert run.pairs.get(mentee=first).locked


def test_a_peer_taken_out_of_a_drafted_circle_is_not_proposed_with_it(scenario):
    # GIVEN a draft of two peer circles of four
    program = _peer_program(scenario, count=8, low=3, high=4)
    run = start_match_run(scenario.pete, program, "peer-circles")
    # WHEN the manager removes one peer's row before publishing
    removed = run.pairs.earliest("id")
    remove_pair(scenario.pete, removed)
    published = publish_match_run(scenario.pete, run)
    # THEN that peer is in no proposed circle, and their circle goes ahead with three
    members = [m.enrollment_id for c in published.proposed for m in c.members.all()]
    assert removed.mentee_id not in members
    assert sorted(len(c.members.all()) for c in published.proposed) == [3, 4]
