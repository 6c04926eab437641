"""Personal development: a private journal shared entry by entry, wellbeing, stronger privacy."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.feedback.models import ExpectationAlert
from mentorhub.feedback.reports import program_report
from mentorhub.feedback.services import Answer, answer_checkin
from mentorhub.journal import services
from mentorhub.journal.models import JournalEntry, WellbeingAnswer
from mentorhub.journal.tests.conftest import open_checkin
from mentorhub.mentorships.services import close_mentorship
from mentorhub.tests import api_as

pytestmark = pytest.mark.django_db
SECRET = "I felt small in the all-hands today."


def _write(scenario, mentorship, body: str = SECRET) -> JournalEntry:
    return services.write_entry(scenario.max, mentorship, body)


# The journal


def test_entry_is_private_to_its_author_until_shared(scenario, personal):
    entry = _write(scenario, personal)
    url = f"/mentorships/{personal.pk}/journal/"
    assert SECRET in scenario.client_for(scenario.max).get(url).content.decode()
    assert SECRET not in scenario.client_for(scenario.mona).get(url).content.decode()
    services.share_entry(scenario.max, entry)
    assert SECRET in scenario.client_for(scenario.mona).get(url).content.decode()
    services.unshare_entry(scenario.max, entry)
    assert SECRET not in scenario.client_for(scenario.mona).get(url).content.decode()


def test_managers_and_admins_never_see_the_journal(scenario, personal):
    services.share_entry(scenario.max, _write(scenario, personal))
    for person in (scenario.pete, scenario.alice, scenario.charlie):
        client = scenario.client_for(person)
        assert client.get(f"/mentorships/{personal.pk}/journal/").status_code == 404
        overview = client.get(f"/mentorships/{personal.pk}/")
        assert SECRET not in overview.content.decode()
        assert api_as(person).get("/journal", mentorship=personal.pk).status_code == 404


def test_only_the_mentee_writes_and_only_the_author_shares(scenario, personal):
    with pytest.raises(NotAllowed):
        services.write_entry(scenario.mona, personal, "Mentor notes")
    entry = _write(scenario, personal)
    with pytest.raises(NotAllowed):
        services.share_entry(scenario.mona, entry)
    assert scenario.client_for(scenario.mona).post(f"/journal/{entry.pk}/share/").status_code == 404


def test_empty_entries_are_refused_naming_the_field(scenario, personal):
    with pytest.raises(InvalidInput) as refused:
        services.write_entry(scenario.max, personal, "   ")
    assert "body" in refused.value.field_errors
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(mentorship=personal, author=scenario.max, body="")


def test_no_entries_after_the_mentorship_ends(scenario, personal):
    close_mentorship(scenario.max, personal, "mutual", "Done")
    personal.refresh_from_db()
    with pytest.raises(IllegalTransition):
        _write(scenario, personal)


def test_audit_and_email_never_carry_the_text(
    scenario, personal, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.share_entry(scenario.max, _write(scenario, personal))
    run_tasks()
    events = AuditEvent.objects.filter(verb__startswith="journal.")
    assert sorted(e.verb for e in events) == ["journal.entry_shared", "journal.entry_written"]
    assert all(SECRET not in f"{e.target_label}{e.details}" for e in events)
    assert all(SECRET not in m.body for m in mailoutbox)


def test_overview_panel_counts_for_members_only(scenario, personal):
    services.share_entry(scenario.max, _write(scenario, personal))
    _write(scenario, personal, "second")
    mentee = scenario.client_for(scenario.max).get(f"/mentorships/{personal.pk}/")
    assert "You wrote 2 reflections (1 shared)" in mentee.content.decode()
    mentor = scenario.client_for(scenario.mona).get(f"/mentorships/{personal.pk}/")
    assert "1 reflection shared with you" in mentor.content.decode()


def test_other_approaches_have_no_journal(scenario, active):
    assert (
        scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/journal/").status_code
        == 404
    )


# Wellbeing


def test_wellbeing_questions_on_the_checkin_page_and_answer_changes(scenario, personal):
    checkin = open_checkin(personal)
    client = scenario.client_for(scenario.max)
    page = client.get(f"/mentorships/{personal.pk}/checkins/").content.decode()
    assert "Wellbeing" in page and f"/checkins/{checkin.pk}/wellbeing/" in page
    body = {"energy": 2, "stress": 4, "balance": 3}
    assert client.post(f"/checkins/{checkin.pk}/wellbeing/", body).status_code == 302
    client.post(f"/checkins/{checkin.pk}/wellbeing/", body | {"energy": 3})
    assert WellbeingAnswer.objects.get().energy == 3


def test_wellbeing_is_out_of_range_refused_and_constrained(scenario, personal):
    checkin = open_checkin(personal)
    with pytest.raises(InvalidInput) as refused:
        services.answer_wellbeing(scenario.max, checkin, 0, 3, 3)
    assert "energy" in refused.value.field_errors
    with pytest.raises(IntegrityError), transaction.atomic():
        WellbeingAnswer.objects.create(
            checkin=checkin, person=scenario.max, energy=6, stress=1, balance=1
        )


def test_wellbeing_is_for_personal_programs_and_members_only(scenario, personal, active):
    other = open_checkin(active)
    assert (
        scenario.client_for(scenario.max).post(f"/checkins/{other.pk}/wellbeing/").status_code
        == 404
    )
    mine = open_checkin(personal)
    page = scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/checkins/")
    assert "Wellbeing" not in page.content.decode()
    assert (
        scenario.client_for(scenario.pete).post(f"/checkins/{mine.pk}/wellbeing/").status_code
        == 404
    )


# Stronger privacy in the program's report


def _answered_personal_checkin(scenario, personal):
    checkin = open_checkin(personal)
    unhappy = Answer(2, "monthly", "weekly", 1, "no", "Private comment")
    answer_checkin(scenario.max, checkin, unhappy)
    answer_checkin(scenario.mona, checkin, Answer(5, "weekly", "weekly", 5, "yes", ""))
    services.answer_wellbeing(scenario.max, checkin, 1, 5, 1)
    return checkin


def test_report_shows_participation_and_satisfaction_only(scenario, personal):
    _answered_personal_checkin(scenario, personal)
    assert ExpectationAlert.objects.exists()
    report = program_report(personal.program)
    assert report.participation_only and report.answers == 2 and report.satisfaction == 3.5
    assert report.goal_progress is None and report.expectations == {}
    assert report.meeting_ratings == {} and report.open_alerts == []
    assert report.open_alert_count >= 1 and report.closing["goals_met"] is None
    page = scenario.client_for(scenario.pete).get(f"/programs/{personal.program_id}/checkins/")
    text = page.content.decode()
    assert page.status_code == 200 and "Participation only" in text
    assert "Goal progress" not in text and "Open expectation alerts" not in text
    assert "Helpful" not in text and "Private comment" not in text
    api = api_as(scenario.pete).get(f"/programs/{personal.program_id}/checkins")
    assert api.status_code == 200 and api.json()["average_goal_progress"] is None
    assert api.json()["open_alerts"] == [] and api.json()["meeting_ratings"] == {}


def test_other_programs_keep_their_full_report(scenario, active):
    assert program_report(active.program).participation_only is False


# API and CLI


def test_api_write_share_list_and_wellbeing(scenario, personal):
    mentee = api_as(scenario.max)
    written = mentee.post("/journal", {"mentorship": personal.pk, "body": SECRET})
    assert written.status_code == 201 and written.json()["shared_at"] is None
    entry_id = written.json()["id"]
    assert api_as(scenario.mona).get("/journal", mentorship=personal.pk).json() == []
    assert mentee.post(f"/journal/{entry_id}/share").json()["shared_at"]
    assert [
        e["body"] for e in api_as(scenario.mona).get("/journal", mentorship=personal.pk).json()
    ] == [SECRET]
    assert api_as(scenario.mona).post(f"/journal/{entry_id}/unshare").status_code == 404
    assert (
        api_as(scenario.mona).post("/journal", {"mentorship": personal.pk, "body": "x"}).status_code
        == 403
    )
    checkin = open_checkin(personal)
    answer = mentee.put(
        f"/checkins/{checkin.pk}/wellbeing", {"energy": 4, "stress": 2, "balance": 4}
    )
    assert answer.status_code == 200 and answer.json()["energy"] == 4
    bad = mentee.put(f"/checkins/{checkin.pk}/wellbeing", {"energy": 9, "stress": 2, "balance": 4})
    assert bad.status_code == 422 and "energy" in str(bad.json())


def test_cli_write_share_and_list(scenario, personal, capsys):
    who = ("--as", scenario.max.email, "--org", "acme")
    call_command("journal", "write", *who, "--mentorship", str(personal.pk), "--body", SECRET)
    entry = JournalEntry.objects.get()
    call_command("journal", "share", *who, str(entry.pk))
    entry.refresh_from_db()
    assert entry.shared
    call_command(
        "journal",
        "list",
        "--as",
        scenario.mona.email,
        "--org",
        "acme",
        "--mentorship",
        str(personal.pk),
    )
    assert SECRET in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command(
            "journal",
            "list",
            "--as",
            scenario.pete.email,
            "--org",
            "acme",
            "--mentorship",
            str(personal.pk),
        )
    with pytest.raises(CommandError):
        call_command(
            "journal", "unshare", "--as", scenario.mona.email, "--org", "acme", str(entry.pk)
        )


def test_managers_see_who_answered_a_personal_checkin_but_not_the_scores(scenario, personal):
    checkin = _answered_personal_checkin(scenario, personal)
    page = scenario.client_for(scenario.pete).get(f"/mentorships/{personal.pk}/checkins/")
    text = page.content.decode()
    assert page.status_code == 200 and "2 of 2 answered" in text
    assert "Participation only" in text and "2/5" not in text
    api = api_as(scenario.pete).get(f"/mentorships/{personal.pk}/checkins").json()
    assert [c["id"] for c in api] == [checkin.pk] and api[0]["scores"] is None


def test_services_refuse_mentorships_of_other_approaches(scenario, active):
    with pytest.raises(InvalidInput, match="personal-development"):
        services.write_entry(scenario.max, active, SECRET)
    with pytest.raises(InvalidInput, match="personal-development"):
        services.answer_wellbeing(scenario.max, open_checkin(active), 3, 3, 3)
