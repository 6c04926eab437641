"""The matching questionnaire: managers ask, participants answer, the engine counts the same
answers on both sides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorhub.errors import InvalidInput
from mentorhub.matching.engine import match
from mentorhub.matching.forms import questions_from_text
from mentorhub.matching.problem_builder import build_problem
from mentorhub.matching.tests.runs_helpers import give_skills, new_mentor
from mentorhub.programs.services import update_enrollment, update_matching_settings

STYLE = {"key": "style", "question": "How do you plan?", "choices": ["Ahead", "As we go"]}


@pytest.fixture
def asking(scenario):
    update_matching_settings(scenario.pete, scenario.program, {"matching_questions": [STYLE]})
    scenario.program.refresh_from_db()
    return scenario


def test_answers_are_checked_against_the_programs_questions(asking):
    s = asking
    enrollment = update_enrollment(s.max, s.mentee_enrollment, answers={"style": "Ahead"})
    assert enrollment.answers == {"style": "Ahead"}
    with pytest.raises(InvalidInput, match="“Sometimes” is not an answer to “How do you plan"):
        update_enrollment(s.max, s.mentee_enrollment, answers={"style": "Sometimes"})
    with pytest.raises(InvalidInput, match="not one of Engineering mentoring's matching"):
        update_enrollment(s.max, s.mentee_enrollment, answers={"values": "x"})
    # An empty answer is no answer
    assert update_enrollment(s.max, s.mentee_enrollment, answers={"style": ""}).answers == {}


def test_a_bad_questionnaire_is_refused_with_the_question_named(scenario):
    bad = [STYLE, {**STYLE, "question": "Again?"}]
    with pytest.raises(InvalidInput, match="Question 2: the key “style” is used twice"):
        update_matching_settings(scenario.pete, scenario.program, {"matching_questions": bad})
    one_choice = [{**STYLE, "choices": ["Ahead"]}]
    with pytest.raises(InvalidInput, match="Question 1: give 2 to 8 different answers"):
        update_matching_settings(
            scenario.pete, scenario.program, {"matching_questions": one_choice}
        )


def test_the_text_format_keeps_keys_of_unchanged_questions():
    text = "How do you plan? | Ahead | As we go\nWhat matters most? | Craft | Impact | People"
    questions = questions_from_text(text, [STYLE])
    assert questions[0] == STYLE  # same words: same key, so answers given stay valid
    assert questions[1]["key"] == "what-matters-most"
    assert questions[1]["choices"] == ["Craft", "Impact", "People"]


def test_the_text_format_names_the_bad_line():
    from django import forms

    with pytest.raises(forms.ValidationError, match="Line 2: give the question and at least two"):
        questions_from_text("A? | x | y\nB? | only one", [])


def test_the_same_answers_raise_the_score_and_say_so(asking):
    # GIVEN two mentors who fit Max equally well but for how they plan
    s = asking
    give_skills(s.max, ("Python", 1, "seeks"))
    give_skills(s.mona, ("Python", 4, "offers"))
    other = new_mentor(s, "Olga Other", offers=("Python",), department="Engineering")
    update_enrollment(s.max, s.mentee_enrollment, answers={"style": "As we go"})
    update_enrollment(other.person, other, answers={"style": "As we go"})
    update_enrollment(s.mona, s.mentor_enrollment, answers={"style": "Ahead"})
    # WHEN the program is matched
    built = build_problem(s.program)
    result = match(built.problem)
    # THEN Max goes to the mentor who answered the same, and the reasons say why
    (pair,) = result.pairs
    assert built.enrollments[pair.mentor_id].person.full_name == "Olga Other"
    assert any("same answers on 1 matching question" in r for r in pair.reasons)


def test_answers_to_a_question_no_longer_asked_are_ignored(asking):
    s = asking
    update_enrollment(s.max, s.mentee_enrollment, answers={"style": "Ahead"})
    update_matching_settings(s.pete, s.program, {"matching_questions": []})
    s.program.refresh_from_db()
    assert build_problem(s.program).problem.mentees[0].answers == {}


def test_the_enroll_page_asks_the_questions(asking):
    s = asking
    from conftest import make_person

    newcomer = make_person(s.org, "Nia New", level=2)
    client = s.client_for(newcomer)
    url = reverse("program_enroll", args=[s.program.pk])
    assert "How do you plan?" in client.get(url).content.decode()
    form = {"role": "mentee", "goals": "Learn", "answer_style": "As we go"}
    assert client.post(url, form).status_code == 302
    assert s.program.enrollments.get(person=newcomer).answers == {"style": "As we go"}


def test_the_settings_page_edits_the_questions(scenario):
    from mentorhub.tests.test_url_walk import WEIGHT_NAMES

    url = reverse("matching_settings", args=[scenario.program.pk])
    form = {
        "shared_language": "on",
        "expertise": "on",
        "max_open_requests": 3,
        "request_expiry_days": 14,
        "circle_min_size": 3,
        "circle_max_size": 8,
        "matching_questions": "How do you plan? | Ahead | As we go",
        **{f"weight_{name}": 1 for name in WEIGHT_NAMES},
    }
    answer = scenario.client_for(scenario.pete).post(url, form)
    assert answer.status_code == 302
    scenario.program.refresh_from_db()
    assert scenario.program.matching_questions == [
        {"key": "how-do-you-plan", "question": "How do you plan?", "choices": ["Ahead", "As we go"]}
    ]


def test_the_api_takes_answers_on_enrollment(asking):
    s = asking
    client = s.client_for(s.max)
    url = f"/api/enrollments/{s.mentee_enrollment.pk}"
    ok = client.patch(url, {"answers": {"style": "Ahead"}}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["answers"] == {"style": "Ahead"}
    bad = client.patch(url, {"answers": {"style": "Never"}}, content_type="application/json")
    assert bad.status_code == 422
    assert "not an answer" in bad.json()["detail"]
