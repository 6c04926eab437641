"""Reverse mentoring: a junior expert mentors a senior colleague, never the other way round."""

from __future__ import annotations

import pytest

from mentorhub.errors import InvalidInput
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.people.services import SkillEntry, set_skills
from mentorhub.programs.services import create_program, enroll, set_program_status
from mentorhub.programs.topics import topics_of


@pytest.fixture
def reverse(scenario):
    program = create_program(
        scenario.pete,
        {"name": "New tools for leaders", "approach": "reverse", "evergreen": True},
    )
    set_program_status(scenario.pete, program, "open")
    program.refresh_from_db()
    return program


def test_a_senior_mentor_for_a_junior_mentee_is_refused_whoever_proposes(scenario, reverse):
    # Mona (level 6) would mentor Max (level 2): the usual direction, wrong here
    mentor = enroll(scenario.mona, reverse, "mentor", capacity=1)
    mentee = enroll(scenario.max, reverse, "mentee", "Learn our new tools")
    with pytest.raises(
        InvalidInput, match=r"mentor is the less senior one: Mona Mentor \(level 6\)"
    ):
        propose_mentorship(scenario.pete, reverse, mentor, mentee)


def test_a_junior_expert_mentors_a_senior_colleague(scenario, reverse):
    mentor = enroll(scenario.max, reverse, "mentor", capacity=1)
    mentee = enroll(scenario.mona, reverse, "mentee", "Learn our new tools")
    mentorship = propose_mentorship(scenario.pete, reverse, mentor, mentee)
    accept_mentorship(scenario.max, mentorship)
    accept_mentorship(scenario.mona, mentorship)
    mentorship.refresh_from_db()
    assert mentorship.status == "active"


def test_the_rule_is_reverse_only(scenario):
    # In the scenario's traditional program the same pair is fine
    mentorship = propose_mentorship(
        scenario.pete, scenario.program, scenario.mentor_enrollment, scenario.mentee_enrollment
    )
    assert mentorship.pk


def test_the_program_page_shows_topics_covered_and_still_wanted(
    scenario, reverse, django_assert_max_num_queries
):
    set_skills(scenario.max, scenario.max, [SkillEntry("Generative AI", 5, "offers")])
    set_skills(
        scenario.mona,
        scenario.mona,
        [SkillEntry("Generative AI", 1, "seeks"), SkillEntry("Social media", 1, "seeks")],
    )
    mentor = enroll(scenario.max, reverse, "mentor", capacity=1)
    mentee = enroll(scenario.mona, reverse, "mentee", "Learn our new tools")
    mentorship = propose_mentorship(scenario.pete, reverse, mentor, mentee)
    accept_mentorship(scenario.max, mentorship)
    accept_mentorship(scenario.mona, mentorship)
    with django_assert_max_num_queries(2):
        topics = topics_of(reverse)
    assert topics.covered == [("Generative AI", 1)]
    assert topics.wanted == [("Social media", 1)]
    page = scenario.client_for(scenario.pete).get(f"/programs/{reverse.pk}/").content.decode()
    assert "Topics covered" in page and "Generative AI" in page and "Social media" in page
    # Other approaches do not show the panel
    other = scenario.client_for(scenario.pete).get(f"/programs/{scenario.program.pk}/")
    assert "Topics covered" not in other.content.decode()


def test_check_ins_ask_reverse_pairs_about_the_topics_not_goals():
    from mentorhub.feedback.forms import CheckInForm
    from mentorhub.programs.approaches import approach_of

    reverse_form = CheckInForm(rules=approach_of("reverse"))
    usual_form = CheckInForm(rules=approach_of("traditional"))
    assert "topics being taught" in str(reverse_form.fields["goal_progress"].label)
    assert "your goals" in str(usual_form.fields["goal_progress"].label)
    assert "gave" not in reverse_form.fields  # give-and-take is for peers
