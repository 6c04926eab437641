"""A mentor's side of preference mode: mentees best fit first, with the score and reasons."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from conftest import Scenario
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching import selfservice
from mentorhub.matching.models import Preference
from mentorhub.matching.selfservice import (
    mentee_suggestions_for,
    set_preferences,
    shortlist_for,
    suggestions_for,
)
from mentorhub.matching.tests.runs_helpers import Team, new_mentee
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.people.services import create_api_token


@pytest.fixture(autouse=True)
def _empty_cache():
    selfservice.clear_cache()
    yield
    selfservice.clear_cache()


class OttoTeam(Team):
    """Otto offers Python. Nina seeks it, Paula seeks it and Rust; Rita seeks it but reports
    to Otto; Hugo seeks it but speaks only French; Max seeks nothing in particular."""

    def __init__(self, s: Scenario):
        super().__init__(s)
        self.paula = new_mentee(s, "Paula Partly", seeks=("Python", "Rust"), languages=["en"])
        self.rita = new_mentee(
            s, "Rita Report", seeks=("Python",), languages=["en"], manager=self.otto.person
        )


@pytest.fixture
def team(scenario):
    return OttoTeam(scenario)


def _names(suggestions) -> list[str]:
    return [s.mentee.person.full_name for s in suggestions]


def _page(scenario, enrollment) -> str:
    client = scenario.client_for(enrollment.person)
    response = client.get(f"/matching/enrollments/{enrollment.pk}/preferences/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentor_gets_mentees_best_fit_first_with_their_reasons(team):
    suggestions = mentee_suggestions_for(team.otto.person, team.otto, k=10)

    assert _names(suggestions) == ["Nina Python", "Paula Partly", "Max Mentee"]
    assert suggestions[0].score > suggestions[1].score > suggestions[2].score
    assert any("python (4/5)" in reason for reason in suggestions[0].reasons)


def test_both_sides_see_the_same_score_for_a_pair(team):
    [nina_for_otto] = mentee_suggestions_for(team.otto.person, team.otto, k=1)
    otto_for_nina = next(
        s for s in suggestions_for(team.nina.person, team.nina) if s.mentor.pk == team.otto.pk
    )
    assert nina_for_otto.mentee.pk == team.nina.pk
    assert (nina_for_otto.score, nina_for_otto.reasons) == (
        otto_for_nina.score,
        otto_for_nina.reasons,
    )


def test_mentees_who_break_a_hard_rule_with_the_mentor_are_never_suggested(team):
    names = _names(mentee_suggestions_for(team.otto.person, team.otto, k=50))
    assert "Rita Report" not in names  # in Otto's management chain
    assert "Hugo French" not in names  # no shared language
    assert "Paul Design" not in names  # seeks nothing Otto offers


def test_k_limits_the_suggestions_to_the_best(team):
    assert _names(mentee_suggestions_for(team.otto.person, team.otto, k=1)) == ["Nina Python"]


def test_a_mentee_who_found_a_mentor_is_no_longer_suggested(scenario, team):
    mentorship = propose_mentorship(scenario.pete, scenario.program, team.vera, team.nina)
    accept_mentorship(team.nina.person, mentorship)
    accept_mentorship(team.vera.person, mentorship)

    assert "Nina Python" not in _names(mentee_suggestions_for(team.otto.person, team.otto))


def test_mentee_suggestions_are_for_the_mentor_themselves(scenario, team):
    with pytest.raises(NotAllowed):
        mentee_suggestions_for(scenario.pete, team.otto)
    with pytest.raises(InvalidInput, match="for mentors"):
        mentee_suggestions_for(team.nina.person, team.nina)


def test_a_full_mentor_is_told_so_and_may_still_rank_mentees_by_name(scenario, team):
    mentorship = propose_mentorship(scenario.pete, scenario.program, team.otto, team.nina)
    accept_mentorship(team.nina.person, mentorship)
    accept_mentorship(team.otto.person, mentorship)

    shortlist = shortlist_for(team.otto.person, team.otto)

    assert "as many people as you offered" in shortlist.note
    assert all(c.score is None for c in shortlist.candidates)
    names = [c.enrollment.person.full_name for c in shortlist.candidates]
    assert names == sorted(names) and "Rita Report" in names


def test_the_mentor_preference_page_lists_the_best_fit_mentee_first_with_reasons(scenario, team):
    best = mentee_suggestions_for(team.otto.person, team.otto)[0]

    html = _page(scenario, team.otto)

    assert html.index("Nina Python") < html.index("Paula Partly") < html.index("Max Mentee")
    assert escape(best.reasons[0]) in html
    assert f'name="rank_{team.nina.pk}"' in html
    assert "Rita Report" not in html and "Hugo French" not in html


def test_a_mentee_ranked_before_who_no_longer_fits_stays_on_the_page_marked(scenario, team):
    set_preferences(team.otto.person, team.otto, [team.hugo.pk])

    html = _page(scenario, team.otto)

    assert f'name="rank_{team.hugo.pk}"' in html
    hugo = html[html.index("Hugo French") :]
    assert "not among your suggestions now" in hugo[: hugo.index("</div>")]


def test_a_mentor_ranks_from_the_page(scenario, team):
    url = f"/matching/enrollments/{team.otto.pk}/preferences/"
    client = scenario.client_for(team.otto.person)

    response = client.post(url, {f"rank_{team.paula.pk}": 1, f"rank_{team.nina.pk}": 2})

    assert response.status_code == 302
    ranked = Preference.objects.filter(enrollment=team.otto).order_by("rank")
    assert list(ranked.values_list("ranked_id", flat=True)) == [team.paula.pk, team.nina.pk]


def test_the_mentee_side_page_shows_scores_and_reasons_too(scenario, team):
    best = suggestions_for(team.nina.person, team.nina)[0]

    html = _page(scenario, team.nina)

    assert best.mentor.person.full_name == "Otto Python"
    assert escape(best.reasons[0]) in html


def _page_queries(scenario, enrollment) -> int:
    selfservice.clear_cache()  # each count includes preparing the program afresh
    client = scenario.client_for(enrollment.person)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/matching/enrollments/{enrollment.pk}/preferences/")
    assert response.status_code == 200
    return len(captured)


def _more_mentees(scenario, count: int) -> None:
    start = scenario.program.enrollments.count()
    for i in range(start, start + count):
        new_mentee(scenario, f"Mentee {i}", seeks=("Python",), languages=["en"])


def test_the_mentor_page_queries_do_not_grow_with_the_mentees_shown(scenario, team):
    _more_mentees(scenario, 2)
    few = _page_queries(scenario, team.otto)
    _more_mentees(scenario, 8)
    many = _page_queries(scenario, team.otto)
    assert "Mentee " in _page(scenario, team.otto)
    assert many == few, f"{few} queries with a few mentees, {many} with more"


def test_a_mentor_gets_mentees_over_the_api(client, team):
    _, raw = create_api_token(team.otto.person, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    response = client.get(f"/api/enrollments/{team.otto.pk}/suggestions?k=2")

    assert response.status_code == 200, json.dumps(response.json())
    first, second = response.json()
    assert first["mentee"]["person"]["name"] == "Nina Python"
    assert first["mentor"] is None
    assert first["score"] > second["score"] and first["reasons"]
