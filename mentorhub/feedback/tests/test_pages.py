"""Pages per role: members answer and see their own answers; the other member never sees
them; managers see scores and alerts, never comments; outsiders see nothing. Busy pages
keep a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages

from conftest import make_person
from mentorhub.feedback.models import CheckInAnswer, ExpectationAlert
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import answer_checkin
from mentorhub.feedback.tests.conftest import FIRST_DUE, answer
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.services import enroll

FORM = {
    "satisfaction": "2",
    "meeting_rate": "monthly",
    "expected_rate": "weekly",
    "goal_progress": "3",
    "expectations_met": "no",
    "comment": "He never prepares.",
}


def _page(scenario, person, checkin):
    return scenario.client_for(person).get(f"/mentorships/{checkin.mentorship_id}/checkins/")


def test_member_answers_on_the_page(scenario, checkin):
    client = scenario.client_for(scenario.max)
    response = client.post(f"/checkins/{checkin.pk}/answer/", FORM)
    assert response.status_code == 302
    assert CheckInAnswer.objects.get(person=scenario.max).comment == "He never prepares."
    page = client.get(response["Location"])
    assert "He never prepares." in page.content.decode()
    assert "Change my answer" in page.content.decode()


def test_invalid_answer_shows_the_form_again(scenario, checkin):
    response = scenario.client_for(scenario.max).post(
        f"/checkins/{checkin.pk}/answer/", FORM | {"satisfaction": "9"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not CheckInAnswer.objects.exists()


def test_the_other_member_does_not_see_my_answer(scenario, checkin):
    answer_checkin(scenario.max, checkin, answer(comment="He never prepares.", satisfaction=2))
    page = _page(scenario, scenario.mona, checkin).content.decode()
    assert "He never prepares." not in page
    assert "1 of 2 answered" in page


@pytest.mark.parametrize("who", ["pete", "alice"])
def test_managers_see_scores_never_comments(scenario, checkin, who):
    answer_checkin(scenario.max, checkin, answer(comment="He never prepares.", satisfaction=2))
    page = _page(scenario, getattr(scenario, who), checkin)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2/5" in html and "Max Mentee" in html
    assert "He never prepares." not in html


def test_managers_cannot_answer(scenario, checkin):
    response = scenario.client_for(scenario.pete).post(f"/checkins/{checkin.pk}/answer/", FORM)
    assert response.status_code == 404


def test_outsider_sees_nothing(scenario, checkin):
    assert _page(scenario, scenario.charlie, checkin).status_code == 404


def _diverge(scenario, checkin) -> ExpectationAlert:
    answer_checkin(scenario.mona, checkin, answer(satisfaction=5, comment="All good"))
    answer_checkin(scenario.max, checkin, answer(satisfaction=1, comment="He never prepares."))
    return ExpectationAlert.objects.get(checkin=checkin)


def test_manager_page_shows_alerts_and_scores_never_comments(scenario, checkin):
    alert = _diverge(scenario, checkin)
    html = (
        scenario.client_for(scenario.pete)
        .get(f"/programs/{scenario.program.pk}/checkins/")
        .content.decode()
    )
    assert alert.summary in html
    assert f"/mentorships/{checkin.mentorship_id}/" in html
    assert "100% answered" in html
    assert "He never prepares." not in html and "All good" not in html


@pytest.mark.parametrize("who", ["mona", "max", "charlie"])
def test_members_and_outsiders_never_see_the_alerts_page(scenario, checkin, who):
    _diverge(scenario, checkin)
    client = scenario.client_for(getattr(scenario, who))
    assert client.get(f"/programs/{scenario.program.pk}/checkins/").status_code == 404


def test_manager_acknowledges_an_alert(scenario, checkin):
    alert = _diverge(scenario, checkin)
    response = scenario.client_for(scenario.pete).post(f"/alerts/{alert.pk}/acknowledge/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == scenario.pete


def test_manager_sets_the_schedule_and_sees_bad_input_explained(scenario):
    client = scenario.client_for(scenario.pete)
    url = f"/programs/{scenario.program.pk}/checkins/policy/"
    bad = client.post(url, {"enabled": "on", "first_after_days": 2, "every_days": 60})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    good = client.post(url, {"enabled": "on", "first_after_days": 14, "every_days": 30})
    assert good.status_code == 302
    assert scenario.program.checkin_policy.every_days == 30


def test_mentorship_page_asks_the_member_to_answer(scenario, checkin):
    url = f"/mentorships/{checkin.mentorship_id}/"
    html = scenario.client_for(scenario.max).get(url).content.decode()
    assert "Check-in 1 is due" in html
    answer_checkin(scenario.max, checkin, answer())
    html = scenario.client_for(scenario.max).get(url).content.decode()
    assert "Check-in 1 is due" not in html


def _grow(scenario, count: int) -> None:
    """More active mentorships in the program."""
    for i in range(count):
        program = scenario.program
        mentor = enroll(make_person(scenario.org, f"Mentor {i}", level=7), program, "mentor")
        mentee = enroll(make_person(scenario.org, f"Mentee {i}", level=2), program, "mentee")
        mentorship = propose_mentorship(scenario.pete, scenario.program, mentor, mentee)
        accept_mentorship(mentor.person, mentorship)
        accept_mentorship(mentee.person, mentorship)


def test_manager_page_queries_are_pinned(
    scenario, active, time_machine, django_assert_max_num_queries
):
    _grow(scenario, 6)
    time_machine.move_to(FIRST_DUE + timedelta(days=1), tick=False)
    for checkin in open_due_checkins():
        members = [m.person for m in checkin.mentorship.members.select_related("person")]
        answer_checkin(members[0], checkin, answer(satisfaction=5))
        answer_checkin(members[1], checkin, answer(satisfaction=1, expectations_met="no"))
    client = scenario.client_for(scenario.pete)
    with django_assert_max_num_queries(19):
        response = client.get(f"/programs/{scenario.program.pk}/checkins/")
    assert response.status_code == 200
    assert response.content.decode().count("Acknowledge</button>") == 14  # 7 × 2 kinds


def test_member_page_queries_are_pinned(
    scenario, active, time_machine, django_assert_max_num_queries
):
    for months in range(5):
        time_machine.move_to(FIRST_DUE + timedelta(days=60 * months), tick=False)
        [checkin] = open_due_checkins()
        answer_checkin(scenario.max, checkin, answer())
    client = scenario.client_for(scenario.max)
    with django_assert_max_num_queries(8):
        response = client.get(f"/mentorships/{active.pk}/checkins/")
    assert response.content.decode().count("Satisfaction") == 5


def test_meeting_feedback_is_one_click(scenario, active, time_machine):
    from mentorhub.meetings.services import MeetingPlan, schedule_meeting

    time_machine.move_to(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False)
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)
    [meeting] = schedule_meeting(scenario.mona, active, MeetingPlan("Kick-off", start))
    client = scenario.client_for(scenario.max)
    assert "How was it?" not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    assert "How was it?" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    pressed = client.post(
        f"/meetings/{meeting.pk}/feedback/", {"rating": "helpful"}, headers={"HX-Request": "true"}
    )
    assert pressed.status_code == 200
    assert 'aria-pressed="true">Helpful' in pressed.content.decode()
    plain = client.post(f"/meetings/{meeting.pk}/feedback/", {"rating": "okay"})
    assert plain.status_code == 302
    assert [m.level_tag for m in get_messages(plain.wsgi_request)] == ["success"]
    assert meeting.feedback.get().rating == "okay"
    # The audit log records that Max rated it, never how: only totals reach the program.
    from mentorhub.audit.models import AuditEvent

    rated = AuditEvent.objects.filter(verb="meeting.rated")
    assert rated.count() == 2
    assert all("okay" not in str(e.details) and "helpful" not in str(e.details) for e in rated)


def test_closing_survey_after_the_end(scenario, active):
    from mentorhub.mentorships.services import close_mentorship

    client = scenario.client_for(scenario.max)
    url = f"/mentorships/{active.pk}/closing-survey/"
    form = {"goals_met": 4, "would_again": "yes", "achieved": "Shipped it"}
    early = client.post(url, form)
    assert [m.level_tag for m in get_messages(early.wsgi_request)] == ["error"]
    close_mentorship(scenario.mona, active, "completed", "Done")
    assert "Closing survey" in client.get(f"/mentorships/{active.pk}/").content.decode()
    assert client.post(url, form).status_code == 302
    survey = active.closing_surveys.get()
    assert (survey.goals_met, survey.would_again, survey.share_with_program) == (4, True, False)
    assert scenario.client_for(scenario.pete).get(url).status_code == 403
    report = scenario.client_for(scenario.pete).get(f"/programs/{scenario.program.pk}/checkins/")
    html = report.content.decode()
    assert "1 would do it again" in html and "Shipped it" not in html


def test_managers_read_achievements_only_when_shared(scenario, active):
    from mentorhub.feedback.services import LookingBack, answer_closing_survey
    from mentorhub.mentorships.services import close_mentorship

    close_mentorship(scenario.mona, active, "completed", "Done")
    active.refresh_from_db()
    answer_closing_survey(scenario.max, active, LookingBack(5, True, "Got promoted", True))
    answer_closing_survey(scenario.mona, active, LookingBack(4, True, "Private growth", False))
    html = (
        scenario.client_for(scenario.pete)
        .get(f"/programs/{scenario.program.pk}/checkins/")
        .content.decode()
    )
    assert "Got promoted" in html and "Private growth" not in html
