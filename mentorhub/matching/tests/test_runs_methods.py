"""Circles and peer pairs through the product: the program's settings reach the engine."""

from __future__ import annotations

from collections import Counter

from conftest import make_person
from mentorhub.matching.models import RunStatus
from mentorhub.matching.services import publish_match_run, start_match_run
from mentorhub.programs.services import (
    create_program,
    enroll,
    set_program_status,
    update_matching_settings,
)


def _open_program(scenario, approach: str):
    program = create_program(
        scenario.pete, {"name": f"A {approach} program", "approach": approach, "evergreen": True}
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    return program


def test_a_circles_run_keeps_each_circle_within_the_programs_sizes(scenario):
    # GIVEN a group program with circles of 2 to 3 and two mentors with room for 3 each
    program = _open_program(scenario, "group")
    program = update_matching_settings(
        scenario.pete, program, {"circle_min_size": 2, "circle_max_size": 3}
    )
    for name in ("Gia Guide", "Gus Guide"):
        enroll(make_person(scenario.org, name, level=8), program, "mentor", capacity=3)
    for number in range(6):
        enroll(make_person(scenario.org, f"Member {number}", level=2), program, "mentee")
    # WHEN the circles method runs
    run = start_match_run(scenario.pete, program, "circles")
    # THEN every pair belongs to a circle of 2 to 3 mentees
    assert run.status == RunStatus.DRAFT, run.error
    sizes = Counter(run.pairs.values_list("circle", flat=True))
    assert sizes and all(circle for circle in sizes)
    assert all(2 <= size <= 3 for size in sizes.values())


def test_a_peer_program_pairs_peers_and_publishes_them(scenario):
    # GIVEN four peers on the same level who share an interest
    program = _open_program(scenario, "peer")
    for name in ("Ada", "Bo", "Cy", "Di"):
        person = make_person(scenario.org, f"{name} Peer", level=4, interests=["chess"])
        enroll(person, program, "peer")
    # WHEN the peers method runs and the draft is published
    run = start_match_run(scenario.pete, program, "peers")
    published = publish_match_run(scenario.pete, run)
    # THEN everyone is in exactly one proposed pair
    assert len(published.proposed) == 2
    members = [m.person_id for mentorship in published.proposed for m in mentorship.members.all()]
    assert len(members) == len(set(members)) == 4
