"""The matching pages: start, review and publish a run; settings; suggestions and rankings."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.utils.html import escape

from mentorhub.matching import selfservice
from mentorhub.matching.execution import execute_match_run
from mentorhub.matching.models import MatchRun, Preference, RunStatus
from mentorhub.matching.services import start_match_run
from mentorhub.matching.tests.runs_helpers import give_skills, new_mentee, new_mentor
from mentorhub.mentorships.models import Mentorship


@pytest.fixture(autouse=True)
def _empty_cache():
    selfservice.clear_cache()
    yield
    selfservice.clear_cache()


@pytest.fixture
def python_team(scenario):
    """Otto offers Python to Nina, who seeks it; Max seeks Python too."""
    give_skills(scenario.max, ("Python", 1, "seeks"))
    otto = new_mentor(scenario, "Otto Python", offers=("Python",), capacity=2)
    nina = new_mentee(scenario, "Nina Python", seeks=("Python",))
    return otto, nina


def _flashes(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_manager_starts_a_run_from_the_program_page_and_sees_the_draft_with_reasons(
    scenario, python_team
):
    client = scenario.client_for(scenario.pete)
    page = client.get(f"/programs/{scenario.program.pk}/")
    assert b"Start match run" in page.content

    response = client.post(
        f"/matching/programs/{scenario.program.pk}/runs/", {"method": "optimal"}, follow=True
    )

    run = MatchRun.objects.get(program=scenario.program)
    assert run.status == RunStatus.DRAFT
    assert response.redirect_chain[-1][0] == f"/matching/runs/{run.pk}/"
    pair = run.pairs.select_related("mentor__person").first()
    assert pair is not None and pair.reasons
    html = response.content.decode()
    assert "Otto Python" in html
    assert escape(pair.reasons[0]) in html
    assert f"/matching/runs/{run.pk}/pairs/{pair.pk}/lock/" in html


def test_publishing_from_the_web_proposes_the_pairs(scenario, python_team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    pairs = run.pairs.count()
    assert pairs > 0

    response = scenario.client_for(scenario.pete).post(f"/matching/runs/{run.pk}/publish/")

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert Mentorship.objects.filter(program=scenario.program).count() == pairs
    assert _flashes(response)[0][0] == "success"
    assert f"{pairs} proposals" in _flashes(response)[0][1]


def test_publishing_twice_is_refused_with_a_message(scenario, python_team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    client = scenario.client_for(scenario.pete)
    client.post(f"/matching/runs/{run.pk}/publish/", follow=True)  # shows its message

    response = client.post(f"/matching/runs/{run.pk}/publish/")

    assert response.status_code == 302
    assert [tag for tag, _ in _flashes(response)] == ["error"]


def test_run_page_is_403_for_a_member_who_does_not_manage_and_404_for_an_outsider(
    scenario, python_team
):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    url = f"/matching/runs/{run.pk}/"
    assert scenario.client_for(scenario.mona).get(url).status_code == 403
    assert scenario.client_for(scenario.charlie).get(url).status_code == 404


def test_progress_fragment_polls_while_queued_and_stops_when_done(scenario, python_team):
    run = start_match_run(scenario.pete, scenario.program, "optimal", inline=False)
    client = scenario.client_for(scenario.pete)

    queued = client.get(f"/matching/runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    assert queued.status_code == 200
    assert b'hx-trigger="every 1s"' in queued.content
    assert b'class="bar"' in queued.content

    execute_match_run(run.pk)
    done = client.get(f"/matching/runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    assert b"hx-trigger" not in done.content
    assert b"width:100%" in done.content
    assert done["HX-Refresh"] == "true"


def test_swap_with_the_same_pair_twice_shows_a_form_error(scenario, python_team):
    run = start_match_run(scenario.pete, scenario.program, "optimal")
    pair = run.pairs.first()
    assert pair is not None

    response = scenario.client_for(scenario.pete).post(
        f"/matching/runs/{run.pk}/swap/", {"pair_a": pair.pk, "pair_b": pair.pk}
    )

    assert response.status_code == 200
    assert "Choose a different pair." in response.content.decode()


def _settings_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "shared_language": "on",
        "expertise": "on",
        "max_timezone_gap_hours": "",
        "min_overlap_minutes": "",
        "max_open_requests": 3,
        "request_expiry_days": 14,
        "circle_min_size": 3,
        "circle_max_size": 8,
        "weight_goals": 3,
        "weight_skills": 3,
        "weight_interests": 1,
        "weight_questionnaire": 2,
        "weight_availability": 1,
        "weight_diversity": 0.5,
        "weight_rankings": 2,
    }
    return {**data, **changes}


def test_settings_form_refuses_a_bad_value_with_a_field_error_and_keeps_the_input(scenario):
    url = f"/matching/programs/{scenario.program.pk}/settings/"

    response = scenario.client_for(scenario.pete).post(
        url, _settings_data(max_open_requests=99, weight_goals=7)
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "max_open_requests" in form.errors
    html = response.content.decode()
    assert 'value="99"' in html
    assert 'value="7"' in html
    scenario.program.refresh_from_db()
    assert scenario.program.max_open_requests == 3


def test_settings_form_saves_only_what_differs_from_the_defaults(scenario):
    url = f"/matching/programs/{scenario.program.pk}/settings/"

    response = scenario.client_for(scenario.pete).post(
        url, _settings_data(shared_language="", max_timezone_gap_hours=4, weight_diversity=0)
    )

    assert response.status_code == 302
    scenario.program.refresh_from_db()
    assert scenario.program.matching_rules == {
        "shared_language": False,
        "max_timezone_gap_hours": 4.0,
    }
    assert scenario.program.matching_weights == {"diversity": 0.0}


def test_settings_page_is_for_managers_only(scenario):
    url = f"/matching/programs/{scenario.program.pk}/settings/"
    assert scenario.client_for(scenario.max).get(url).status_code == 403
    assert scenario.client_for(scenario.charlie).get(url).status_code == 404


def test_mentee_sees_ranked_suggestions_with_reasons_on_the_program_page(scenario, python_team):
    otto, _ = python_team
    expected = selfservice.suggestions_for(scenario.max, scenario.mentee_enrollment)[0]

    response = scenario.client_for(scenario.max).get(f"/programs/{scenario.program.pk}/")

    html = response.content.decode()
    assert "Mentors suggested for you" in html
    assert "Ask Otto Python" in html
    assert escape(expected.reasons[0]) in html
    assert f"/programs/{scenario.program.pk}/request/{otto.pk}/" in html


def test_mentee_ranks_a_shortlist_of_suggestions(scenario, python_team):
    otto, _ = python_team
    url = f"/matching/enrollments/{scenario.mentee_enrollment.pk}/preferences/"
    client = scenario.client_for(scenario.max)
    assert "Otto Python" in client.get(url).content.decode()

    response = client.post(url, {f"rank_{otto.pk}": 1})

    assert response.status_code == 302
    ranked = Preference.objects.get(enrollment=scenario.mentee_enrollment)
    assert (ranked.ranked_id, ranked.rank) == (otto.pk, 1)


def test_the_same_rank_twice_is_a_field_error_and_nothing_is_saved(scenario, python_team):
    otto, _ = python_team
    tara = new_mentor(scenario, "Tara Python", offers=("Python",))
    url = f"/matching/enrollments/{scenario.mentee_enrollment.pk}/preferences/"

    response = scenario.client_for(scenario.max).post(
        url, {f"rank_{otto.pk}": 1, f"rank_{tara.pk}": 1}
    )

    assert response.status_code == 200
    assert "Rank 1 is already given" in response.content.decode()
    assert not Preference.objects.filter(enrollment=scenario.mentee_enrollment).exists()
