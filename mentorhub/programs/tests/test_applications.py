"""Formal programs approve applicants before they take part; informal ones enroll directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.matching.problem_builder import build_problem
from mentorhub.mentorships.services import propose_mentorship, request_mentorship
from mentorhub.programs.applications import approve_application, decline_application
from mentorhub.programs.models import EnrollmentStatus
from mentorhub.programs.services import enroll, record_screening, update_matching_settings
from mentorhub.programs.tests.formal_helpers import admit, formal_program, program_form

TODAY = timezone.localdate()


@pytest.fixture
def formal(scenario):
    """GIVEN a formal program where Mona applied to mentor and Max to be mentored."""
    program = formal_program(scenario, matching_mode="hybrid")
    scenario.program = program
    scenario.mentor_enrollment = enroll(scenario.mona, program, "mentor", "Lead", capacity=2)
    scenario.mentee_enrollment = enroll(scenario.max, program, "mentee", "Learn to lead")
    return scenario


def test_informal_programs_enroll_people_directly(scenario):
    assert scenario.mentor_enrollment.status == EnrollmentStatus.ACTIVE
    assert scenario.mentee_enrollment.status == EnrollmentStatus.ACTIVE


def test_enrolling_in_a_formal_program_is_applying(formal):
    assert formal.mentor_enrollment.status == EnrollmentStatus.APPLIED
    assert formal.mentee_enrollment.status == EnrollmentStatus.APPLIED


def test_applying_twice_is_refused(formal):
    with pytest.raises(InvalidInput, match="already applied"):
        enroll(formal.max, formal.program, "mentee", "Again")


def test_an_applicant_cannot_be_paired_until_approved(formal):
    s = formal
    acknowledged_mentor = admit(s.pete, s.mentor_enrollment)
    with pytest.raises(InvalidInput, match=r"Max Mentee's application .* waiting for approval"):
        propose_mentorship(s.pete, s.program, acknowledged_mentor, s.mentee_enrollment)
    mentee = admit(s.pete, s.mentee_enrollment)
    assert propose_mentorship(s.pete, s.program, acknowledged_mentor, mentee).pk


def test_an_applicant_cannot_request_a_mentor(formal):
    s = formal
    mentor = admit(s.pete, s.mentor_enrollment)
    with pytest.raises(InvalidInput, match="waiting for approval"):
        request_mentorship(s.max, s.mentee_enrollment, mentor)


def test_applicants_are_left_out_of_matching_until_approved(formal):
    s = formal
    built = build_problem(s.program)
    assert not built.problem.mentors and not built.problem.mentees
    admit(s.pete, s.mentor_enrollment)
    admit(s.pete, s.mentee_enrollment)
    built = build_problem(s.program)
    assert len(built.problem.mentors) == 1 and len(built.problem.mentees) == 1


def test_approving_tells_the_applicant_and_is_audited(
    formal, django_capture_on_commit_callbacks, run_tasks
):
    s = formal
    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_application(s.pete, s.mentee_enrollment)
    run_tasks()
    assert approved.status == EnrollmentStatus.ACTIVE and approved.decided_at is not None
    [sent] = [m for m in mail.outbox if m.subject.startswith("You are in")]
    assert sent.to == [s.max.email] and "acknowledge them" in sent.body
    assert AuditEvent.objects.filter(verb="enrollment.approved").count() == 1


def test_declining_needs_a_reason_and_the_applicant_reads_it(
    formal, django_capture_on_commit_callbacks, run_tasks
):
    s = formal
    with pytest.raises(InvalidInput) as refused:
        decline_application(s.pete, s.mentee_enrollment, "  ")
    assert "reason" in refused.value.field_errors
    with django_capture_on_commit_callbacks(execute=True):
        declined = decline_application(s.pete, s.mentee_enrollment, "The cohort is full.")
    run_tasks()
    assert declined.status == EnrollmentStatus.DECLINED
    [sent] = [m for m in mail.outbox if m.subject.startswith("Your application")]
    assert sent.to == [s.max.email] and "The cohort is full." in sent.body
    event = AuditEvent.objects.get(verb="enrollment.declined")
    assert "cohort" not in str(event.details)


def test_a_decided_application_cannot_be_decided_again(formal):
    s = formal
    approve_application(s.pete, s.mentee_enrollment)
    with pytest.raises(IllegalTransition, match="no application waiting"):
        decline_application(s.pete, s.mentee_enrollment, "Changed my mind")


def test_a_declined_applicant_may_apply_again(formal):
    s = formal
    decline_application(s.pete, s.mentee_enrollment, "Next cohort")
    again = enroll(s.max, s.program, "mentee", "Ready now")
    assert again.pk == s.mentee_enrollment.pk and again.status == EnrollmentStatus.APPLIED
    assert again.decision_reason == ""


def test_only_managers_decide_applications(formal):
    s = formal
    with pytest.raises(NotAllowed):
        approve_application(s.mona, s.mentee_enrollment)
    with pytest.raises(NotAllowed):
        decline_application(s.max, s.mentee_enrollment, "No")


def test_a_mentor_without_valid_screening_is_not_approved(formal):
    s = formal
    update_matching_settings(s.pete, s.program, {"matching_rules": {"screening": True}})
    s.mentor_enrollment.refresh_from_db()
    with pytest.raises(InvalidInput, match="Mona Mentor's screening is not on record") as refused:
        approve_application(s.pete, s.mentor_enrollment)
    assert "screened_until" in refused.value.field_errors
    record_screening(s.pete, s.mentor_enrollment, TODAY + timedelta(days=90))
    assert approve_application(s.pete, s.mentor_enrollment).status == EnrollmentStatus.ACTIVE


def test_mentees_need_no_screening_to_be_approved(formal):
    s = formal
    update_matching_settings(s.pete, s.program, {"matching_rules": {"screening": True}})
    s.mentee_enrollment.refresh_from_db()
    assert approve_application(s.pete, s.mentee_enrollment).status == EnrollmentStatus.ACTIVE


def test_managers_see_applicants_and_approve_them_on_the_program_page(formal):
    s = formal
    page = reverse("program_detail", args=[s.program.pk])
    body = s.client_for(s.pete).get(page).content.decode()
    assert "Applicants (2)" in body and "Learn to lead" in body
    url = reverse("enrollment_approve", args=[s.mentee_enrollment.pk])
    assert s.client_for(s.pete).post(url).status_code == 302
    s.mentee_enrollment.refresh_from_db()
    assert s.mentee_enrollment.status == EnrollmentStatus.ACTIVE


def test_managers_decline_on_the_program_page_with_a_reason(formal):
    s = formal
    url = reverse("enrollment_decline", args=[s.mentee_enrollment.pk])
    s.client_for(s.pete).post(url, {"reason": "Not this year"})
    s.mentee_enrollment.refresh_from_db()
    assert s.mentee_enrollment.status == EnrollmentStatus.DECLINED
    body = s.client_for(s.max).get(reverse("program_detail", args=[s.program.pk])).content
    assert "Application declined" in body.decode() and "Not this year" in body.decode()


def test_applicants_see_their_status_on_the_program_page(formal):
    s = formal
    body = s.client_for(s.max).get(reverse("program_detail", args=[s.program.pk])).content
    assert "waiting for a program manager" in body.decode()


def test_other_members_do_not_see_applicants(formal):
    s = formal
    other = make_person(s.org, "Olga Other", level=3)
    body = s.client_for(other).get(reverse("program_detail", args=[s.program.pk])).content
    assert "Learn to lead" not in body.decode() and "Applicants" not in body.decode()
    # Mona, an applicant herself, sees only her own application.
    body = s.client_for(s.mona).get(reverse("program_detail", args=[s.program.pk])).content
    assert "Learn to lead" not in body.decode()
    url = reverse("enrollment_approve", args=[s.mentee_enrollment.pk])
    assert s.client_for(s.mona).post(url).status_code == 404


def test_the_program_page_stays_within_its_queries(formal, django_assert_max_num_queries):
    s = formal
    client = s.client_for(s.pete)
    page = reverse("program_detail", args=[s.program.pk])
    client.get(page)
    with django_assert_max_num_queries(40) as few:
        client.get(page)
    for name in ("Nia", "Ola", "Pia", "Rea"):
        enroll(make_person(s.org, f"{name} Applicant", level=2), s.program, "mentee", "Grow")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)


def test_the_api_lists_approves_and_declines(formal):
    s = formal
    client = s.client_for(s.pete)
    listed = client.get(f"/api/programs/{s.program.pk}/applicants").json()
    assert [e["person"]["id"] for e in listed["items"]] == [s.mona.pk, s.max.pk]
    approved = client.post(f"/api/enrollments/{s.mentor_enrollment.pk}/approve")
    assert approved.json()["status"] == "active"
    declined = client.post(
        f"/api/enrollments/{s.mentee_enrollment.pk}/decline",
        {"reason": "Full"},
        content_type="application/json",
    )
    assert declined.json()["status"] == "declined" and declined.json()["decision_reason"] == "Full"
    assert s.client_for(s.max).get(f"/api/programs/{s.program.pk}/applicants").status_code == 403


def test_the_cli_lists_approves_and_declines(formal, capsys):
    s = formal
    who = ("--as", s.pete.email, "--org", "acme")
    call_command("application", "list", "--program", str(s.program.pk), *who)
    assert "Mona Mentor" in capsys.readouterr().out
    call_command("application", "approve", str(s.mentor_enrollment.pk), *who)
    call_command("application", "decline", str(s.mentee_enrollment.pk), "--reason", "Full", *who)
    s.mentee_enrollment.refresh_from_db()
    assert s.mentee_enrollment.status == EnrollmentStatus.DECLINED
    with pytest.raises(CommandError, match="no application waiting"):
        call_command("application", "approve", str(s.mentor_enrollment.pk), *who)
    with pytest.raises(CommandError):
        call_command(
            "application", "approve", str(s.mentor_enrollment.pk),
            "--as", s.max.email, "--org", "acme",
        )  # fmt: skip


QUESTION = "Which leadership project will you bring?"


def test_application_questions_are_answered_and_shown_to_managers(scenario):
    s = scenario
    program = formal_program(s, application_questions=[QUESTION])
    with pytest.raises(InvalidInput, match="Answer “Which leadership project") as refused:
        enroll(s.max, program, "mentee", "Grow")
    assert "application_0" in refused.value.field_errors
    applied = enroll(s.max, program, "mentee", "Grow", application_answers={QUESTION: " Hiring "})
    assert applied.application_answers == {QUESTION: "Hiring"}
    body = s.client_for(s.pete).get(reverse("program_detail", args=[program.pk])).content
    assert QUESTION in body.decode() and "Hiring" in body.decode()


def test_answers_to_questions_the_program_does_not_ask_are_refused(scenario):
    program = formal_program(scenario, application_questions=[QUESTION])
    with pytest.raises(InvalidInput, match="not one of Leaders's application questions"):
        enroll(scenario.max, program, "mentee", "", application_answers={"Other?": "x"})


def test_the_enroll_form_asks_the_application_questions(scenario):
    s = scenario
    program = formal_program(s, application_questions=[QUESTION])
    url = reverse("program_enroll", args=[program.pk])
    form = {"role": "mentee", "goals": "Grow"}
    assert QUESTION in s.client_for(s.max).post(url, form).content.decode()
    answered = s.client_for(s.max).post(url, form | {"application_0": "Hiring"})
    assert answered.status_code == 302
    enrollment = program.enrollments.get(person=s.max)
    assert enrollment.application_answers == {QUESTION: "Hiring"}
    assert enrollment.status == EnrollmentStatus.APPLIED


def test_managers_write_application_questions_one_per_line(scenario):
    s = scenario
    program = formal_program(s)
    url = reverse("program_edit", args=[program.pk])
    form = program_form(application_questions=f"{QUESTION}\n\nWhy now?\n")
    assert s.client_for(s.pete).post(url, form).status_code == 302
    program.refresh_from_db()
    assert program.application_questions == [QUESTION, "Why now?"]


def test_the_api_takes_application_questions_and_answers(scenario):
    s = scenario
    client = s.client_for(s.pete)
    made = client.post(
        "/api/programs",
        {"name": "API formal", "approach": "formal", "evergreen": True}
        | {"application_questions": [QUESTION]},
        content_type="application/json",
    ).json()
    assert made["application_questions"] == [QUESTION]
    client.post(f"/api/programs/{made['id']}/status", {"status": "open"}, "application/json")
    applied = s.client_for(s.max).post(
        f"/api/programs/{made['id']}/enrollments",
        {"role": "mentee", "application_answers": {QUESTION: "Hiring"}},
        content_type="application/json",
    )
    assert applied.status_code == 201
    assert applied.json()["application_answers"] == {QUESTION: "Hiring"}
