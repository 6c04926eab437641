"""Applicants edit their application (goals and both kinds of answers) until it is decided."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, NotAllowed
from mentorhub.programs.applications import approve_application, decline_application
from mentorhub.programs.services import enroll, update_enrollment, update_matching_settings
from mentorhub.programs.tests.formal_helpers import formal_program

QUESTION = "Which leadership project will you bring?"
STYLE = {"key": "style", "question": "How do you plan?", "choices": ["Ahead", "As we go"]}


@pytest.fixture
def applied(scenario):
    """GIVEN Max applied to a formal program that asks one question of each kind."""
    s = scenario
    s.program = formal_program(s, application_questions=[QUESTION])
    update_matching_settings(s.pete, s.program, {"matching_questions": [STYLE]})
    s.program.refresh_from_db()
    s.mentee_enrollment = enroll(
        s.max, s.program, "mentee", "Grow", answers={"style": "Ahead"},
        application_answers={QUESTION: "Hiring"},
    )  # fmt: skip
    return s


def test_the_applicant_edits_goals_and_both_kinds_of_answers_while_waiting(applied):
    s = applied
    edited = update_enrollment(
        s.max, s.mentee_enrollment, goals="Lead a team", answers={"style": "As we go"},
        application_answers={QUESTION: "Onboarding"},
    )  # fmt: skip
    assert edited.goals == "Lead a team" and edited.answers == {"style": "As we go"}
    assert edited.application_answers == {QUESTION: "Onboarding"}


def test_editing_is_audited_without_the_answer_texts(applied):
    s = applied
    update_enrollment(s.max, s.mentee_enrollment, application_answers={QUESTION: "Secret plan"})
    event = AuditEvent.objects.get(verb="enrollment.application_edited")
    assert event.details["fields"] == ["application_answers"]
    assert "Secret plan" not in str(event.details) and "Hiring" not in str(event.details)


def test_after_approval_the_application_answers_no_longer_change(applied):
    s = applied
    approve_application(s.pete, s.mentee_enrollment)
    with pytest.raises(IllegalTransition, match=r"was decided on .* no longer change"):
        update_enrollment(s.max, s.mentee_enrollment, application_answers={QUESTION: "Other"})
    # A participant's goals still change.
    assert update_enrollment(s.max, s.mentee_enrollment, goals="New").goals == "New"


def test_a_declined_application_is_not_edited_but_applied_for_again(applied):
    s = applied
    decline_application(s.pete, s.mentee_enrollment, "Next cohort")
    with pytest.raises(IllegalTransition, match=r"was declined on .*apply again"):
        update_enrollment(s.max, s.mentee_enrollment, goals="Please")


def test_managers_do_not_rewrite_an_applicants_answers(applied):
    s = applied
    with pytest.raises(NotAllowed, match="Only the applicant"):
        update_enrollment(s.pete, s.mentee_enrollment, application_answers={QUESTION: "Ours"})


def test_the_application_form_groups_the_questions_by_use(applied):
    s = applied
    body = s.client_for(s.mona).get(reverse("program_enroll", args=[s.program.pk])).content
    text = body.decode()
    assert text.index("Used in matching") < text.index("How do you plan?")
    assert text.index("For the program team") < text.index(QUESTION)


def test_the_applicant_edits_the_application_on_its_page(applied):
    s = applied
    url = reverse("enrollment_edit", args=[s.mentee_enrollment.pk])
    client = s.client_for(s.max)
    page = client.get(url).content.decode()
    assert "My application" in page and "Hiring" in page and "For the program team" in page
    form = {"goals": "Grow more", "answer_style": "Ahead", "application_0": "Mentoring"}
    assert client.post(url, form).status_code == 302
    s.mentee_enrollment.refresh_from_db()
    assert s.mentee_enrollment.application_answers == {QUESTION: "Mentoring"}
    program_page = client.get(reverse("program_detail", args=[s.program.pk])).content.decode()
    assert "Edit your application" in program_page


def test_the_edit_page_refuses_a_declined_application_with_a_message(applied):
    s = applied
    decline_application(s.pete, s.mentee_enrollment, "Next cohort")
    url = reverse("enrollment_edit", args=[s.mentee_enrollment.pk])
    response = s.client_for(s.max).post(url, {"goals": "Again", "answer_style": "Ahead"})
    assert response.status_code == 200 and "apply again" in response.content.decode()


def test_the_api_patches_an_application_until_it_is_decided(applied):
    s = applied
    url = f"/api/enrollments/{s.mentee_enrollment.pk}"
    body = {"application_answers": {QUESTION: "API answer"}}
    client = s.client_for(s.max)
    patched = client.patch(url, body, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["application_answers"] == {QUESTION: "API answer"}
    approve_application(s.pete, s.mentee_enrollment)
    refused = client.patch(url, body, content_type="application/json")
    assert refused.status_code == 409 and "no longer change" in refused.json()["detail"]
    outsider = s.client_for(s.charlie).patch(url, body, content_type="application/json")
    assert outsider.status_code == 404


def test_the_cli_shows_and_edits_an_application(applied, capsys):
    s = applied
    who = ("--as", s.max.email, "--org", "acme")
    pk = str(s.mentee_enrollment.pk)
    call_command("application", "show", pk, *who)
    shown = capsys.readouterr().out
    assert "Used in matching" in shown and f"1. {QUESTION}" in shown and "Hiring" in shown
    edit = ("application", "edit", pk)
    call_command(*edit, "--reply", "1", "From the CLI", "--answer", "style=As we go", *who)
    s.mentee_enrollment.refresh_from_db()
    assert s.mentee_enrollment.application_answers == {QUESTION: "From the CLI"}
    assert s.mentee_enrollment.answers == {"style": "As we go"}
    with pytest.raises(CommandError, match="asks 1 application questions"):
        call_command(*edit, "--reply", "2", "x", *who)
    decline_application(s.pete, s.mentee_enrollment, "Full")
    with pytest.raises(CommandError, match="declined"):
        call_command(*edit, "--goals", "x", *who)
