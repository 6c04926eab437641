"""The problem builder: a program's enrollments as the engine's Problem."""

from __future__ import annotations

from conftest import make_person
from mentorhub.matching.engine import Seniority
from mentorhub.matching.engine.conflicts import chain_above
from mentorhub.matching.models import PairRule, PairRuleKind
from mentorhub.matching.problem_builder import build_problem, participant_id
from mentorhub.matching.tests.runs_helpers import free_on, give_skills, new_mentee, new_mentor
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.people.services import update_profile
from mentorhub.programs.services import enroll, update_matching_settings


def _by_id(built, enrollment):
    problem = built.problem
    return {p.id: p for p in (*problem.mentees, *problem.mentors)}[participant_id(enrollment.pk)]


def test_skills_become_offers_and_seeks_by_their_direction(scenario):
    # GIVEN Mona offers Python, seeks Rust, and both teaches and learns SQL
    give_skills(scenario.mona, ("Python", 5, "offers"), ("Rust", 1, "seeks"), ("SQL", 3, "both"))
    # WHEN the program becomes a problem
    mona = _by_id(build_problem(scenario.program), scenario.mentor_enrollment)
    # THEN offers carry the proficiency and names are compared lowercased
    assert mona.offers == {"python": 5, "sql": 3}
    assert mona.seeks == frozenset({"rust", "sql"})


def test_profile_level_languages_goals_and_bio_are_carried_over(scenario):
    update_profile(scenario.max, scenario.max, {"languages": ["en", "de"], "bio": "Sales rep"})
    max_ = _by_id(build_problem(scenario.program), scenario.mentee_enrollment)
    assert max_.level == 2
    assert max_.languages == frozenset({"en", "de"})
    assert max_.goals == "Learn system design\nSales rep"
    assert max_.department == "Sales"


def test_availability_is_given_in_minutes_after_midnight(scenario):
    free_on(scenario.max, 1, "09:30", "11:00")
    max_ = _by_id(build_problem(scenario.program), scenario.mentee_enrollment)
    assert max_.availability == ((1, 570, 660),)


def test_a_management_chain_through_people_not_enrolled_links_the_enrollments(scenario):
    # GIVEN Max reports to Lee, who is not enrolled, and Lee reports to Mona, a mentor
    lee = make_person(scenario.org, "Lee Lead", level=4, manager=scenario.mona)
    update_profile(scenario.alice, scenario.max, {"manager": lee})
    # WHEN the problem is built
    built = build_problem(scenario.program)
    # THEN Mona's enrollment is above Max's enrollment in the org chart it carries
    max_id = participant_id(scenario.mentee_enrollment.pk)
    chain = chain_above(max_id, built.problem.org_chart or {})
    assert chain == [f"p{lee.pk}", participant_id(scenario.mentor_enrollment.pk)]


def test_someone_enrolled_twice_sits_in_the_chain_with_both_enrollments(scenario):
    # GIVEN Mona manages Ria, and Mona is also enrolled as a mentee
    ria = make_person(scenario.org, "Ria Report", level=7, manager=scenario.mona)
    ria_mentor = enroll(ria, scenario.program, "mentor")
    mona_mentee = enroll(scenario.mona, scenario.program, "mentee")
    # WHEN the problem is built
    chart = build_problem(scenario.program).problem.org_chart
    # THEN both of Mona's enrollments are above Ria, so Ria never mentors her own manager
    above_ria = chain_above(participant_id(ria_mentor.pk), chart or {})
    assert participant_id(mona_mentee.pk) in above_ria
    assert participant_id(scenario.mentor_enrollment.pk) in above_ria


def test_mentors_get_their_seats_left_and_paired_mentees_are_left_out(scenario):
    # GIVEN Mona (capacity 2) actively mentors Ann, and Max has a pending proposal
    ann = new_mentee(scenario, "Ann Active")
    active = propose_mentorship(scenario.pete, scenario.program, scenario.mentor_enrollment, ann)
    accept_mentorship(ann.person, active)
    accept_mentorship(scenario.mona, active)
    other = new_mentor(scenario, "Otto Other", capacity=3)
    propose_mentorship(scenario.pete, scenario.program, other, scenario.mentee_enrollment)
    # WHEN the problem is built
    built = build_problem(scenario.program)
    # THEN neither mentee is in it, Mona has one seat, Otto two
    assert built.problem.mentees == ()
    assert built.left_out == 2
    seats = {p.id: p.capacity for p in built.problem.mentors}
    assert seats == {
        participant_id(scenario.mentor_enrollment.pk): 1,
        participant_id(other.pk): 2,
    }


def test_suggestions_still_include_a_mentee_waiting_on_a_request(scenario):
    propose_mentorship(
        scenario.pete, scenario.program, scenario.mentor_enrollment, scenario.mentee_enrollment
    )
    built = build_problem(scenario.program, for_suggestions=True)
    assert [p.id for p in built.problem.mentees] == [participant_id(scenario.mentee_enrollment.pk)]
    # … but never the mentor they already asked
    pair = (
        participant_id(scenario.mentee_enrollment.pk),
        participant_id(scenario.mentor_enrollment.pk),
    )
    assert pair in built.problem.forbidden


def test_pair_rules_become_locks_and_forbidden_pairs(scenario):
    otto = new_mentor(scenario, "Otto Other")
    nina = new_mentee(scenario, "Nina New")
    PairRule.objects.create(
        program=scenario.program,
        mentee=scenario.mentee_enrollment,
        mentor=scenario.mentor_enrollment,
        kind=PairRuleKind.LOCK,
    )
    PairRule.objects.create(program=scenario.program, mentee=nina, mentor=otto, kind="forbid")
    problem = build_problem(scenario.program).problem
    assert problem.locked == {
        (str(scenario.mentee_enrollment.pk), str(scenario.mentor_enrollment.pk))
    }
    assert problem.forbidden == {(str(nina.pk), str(otto.pk))}


def test_program_switches_apply_but_the_management_chain_rule_stays_on(scenario):
    program = update_matching_settings(
        scenario.pete,
        scenario.program,
        {"matching_rules": {"shared_language": False, "seniority": "any"}},
    )
    rules = build_problem(program).problem.rules
    assert rules.shared_language is False
    assert rules.seniority == Seniority.ANY
    assert rules.management_chain is True
    assert rules.reference_date is not None


def test_a_peer_program_puts_the_same_peers_on_both_sides(scenario):
    from mentorhub.programs.services import create_program, set_program_status

    peers = create_program(
        scenario.pete, {"name": "Peer circle", "approach": "peer", "evergreen": True}
    )
    set_program_status(scenario.pete, peers, "open")
    peers.refresh_from_db()
    for person in (scenario.mona, scenario.max):
        enroll(person, peers, "peer")
    problem = build_problem(peers).problem
    assert problem.mentees == problem.mentors
    assert {p.role for p in problem.mentees} == {"peer"}
