"""Self-service: ranked suggestions with reasons, and preferences that feed a stable run."""

from __future__ import annotations

import pytest

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching import selfservice
from mentorhub.matching.models import Preference
from mentorhub.matching.selfservice import set_preferences, suggestions_for
from mentorhub.matching.services import start_match_run
from mentorhub.matching.tests.runs_helpers import give_skills, new_mentee, new_mentor
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.services import update_program


@pytest.fixture(autouse=True)
def _empty_cache():
    selfservice.clear_cache()
    yield
    selfservice.clear_cache()


def _fill(scenario, mentor):
    ann = new_mentee(scenario, "Ann Active")
    mentorship = propose_mentorship(scenario.pete, scenario.program, mentor, ann)
    accept_mentorship(ann.person, mentorship)
    accept_mentorship(mentor.person, mentorship)


def test_suggestions_are_ranked_best_first_with_their_reasons(scenario):
    # GIVEN Max seeks Python; Otto offers it at 4/5, Tara at 5/5 and writes the same goals
    give_skills(scenario.max, ("Python", 1, "seeks"))
    new_mentor(scenario, "Otto Python", offers=("Python",))
    tara = new_mentor(scenario, "Tara Expert", goals="I love system design")
    give_skills(tara.person, ("Python", 5, "offers"))
    # WHEN Max asks for suggestions
    suggestions = suggestions_for(scenario.max, scenario.mentee_enrollment, k=5)
    # THEN Tara comes first, and each says why
    assert [s.mentor.person.full_name for s in suggestions] == ["Tara Expert", "Otto Python"]
    assert suggestions[0].score > suggestions[1].score
    assert any("python (5/5)" in reason for reason in suggestions[0].reasons)


def test_suggestions_leave_out_mentors_who_are_full(scenario):
    give_skills(scenario.max, ("Python", 1, "seeks"))
    otto = new_mentor(scenario, "Otto Python", offers=("Python",))
    new_mentor(scenario, "Vera Python", offers=("Python",))
    _fill(scenario, otto)
    names = [
        s.mentor.person.full_name for s in suggestions_for(scenario.max, scenario.mentee_enrollment)
    ]
    assert names == ["Vera Python"]


def test_suggestions_are_only_for_the_person_enrolled(scenario):
    with pytest.raises(NotAllowed):
        suggestions_for(scenario.pete, scenario.mentee_enrollment)


def test_repeated_browsing_reuses_the_prepared_program(scenario, monkeypatch):
    built = []
    real = selfservice.build_problem

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selfservice, "build_problem", counting)
    suggestions_for(scenario.max, scenario.mentee_enrollment)
    suggestions_for(scenario.max, scenario.mentee_enrollment)
    assert len(built) == 1


def test_a_new_mentor_shows_up_in_the_next_suggestions(scenario):
    suggestions_for(scenario.max, scenario.mentee_enrollment)
    new_mentor(scenario, "Otto New")
    names = {
        s.mentor.person.full_name for s in suggestions_for(scenario.max, scenario.mentee_enrollment)
    }
    assert "Otto New" in names


def test_preferences_are_saved_in_order(scenario):
    otto = new_mentor(scenario, "Otto Other")
    set_preferences(
        scenario.max, scenario.mentee_enrollment, [otto.pk, scenario.mentor_enrollment.pk]
    )
    ranked = Preference.objects.filter(enrollment=scenario.mentee_enrollment)
    assert list(ranked.values_list("ranked_id", "rank")) == [
        (otto.pk, 1),
        (scenario.mentor_enrollment.pk, 2),
    ]


@pytest.mark.parametrize(
    ("ranked", "message"),
    [
        (lambda s: [s.mentor_enrollment.pk, s.mentor_enrollment.pk], "only once"),
        (lambda s: [s.mentee_enrollment.pk], "Rank only mentors enrolled in Engineering mentoring"),
        (lambda s: list(range(1, 22)), "Rank at most 20 people"),
    ],
)
def test_preferences_that_break_the_rules_are_refused(scenario, ranked, message):
    with pytest.raises(InvalidInput, match=message):
        set_preferences(scenario.max, scenario.mentee_enrollment, ranked(scenario))


def test_preferences_are_refused_where_managers_match_people(scenario):
    update_program(scenario.pete, scenario.program, {"matching_mode": "admin"})
    scenario.mentee_enrollment.refresh_from_db()
    with pytest.raises(InvalidInput, match="does not collect rankings"):
        set_preferences(scenario.max, scenario.mentee_enrollment, [scenario.mentor_enrollment.pk])


def test_preferences_feed_a_stable_run(scenario):
    # GIVEN both mentees want Otto first, and Otto wants Max
    otto = new_mentor(scenario, "Otto Other")
    nina = new_mentee(scenario, "Nina New")
    mona, max_ = scenario.mentor_enrollment, scenario.mentee_enrollment
    set_preferences(scenario.max, max_, [otto.pk, mona.pk])
    set_preferences(nina.person, nina, [otto.pk, mona.pk])
    set_preferences(otto.person, otto, [max_.pk, nina.pk])
    set_preferences(scenario.mona, mona, [nina.pk, max_.pk])
    # WHEN the stable method runs
    run = start_match_run(scenario.pete, scenario.program, "stable")
    # THEN Otto gets his first choice, and Nina her second
    pairs = {p.mentee_id: p.mentor_id for p in run.pairs.all()}
    assert pairs == {max_.pk: otto.pk, nina.pk: mona.pk}
