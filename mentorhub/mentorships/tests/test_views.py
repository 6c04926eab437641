"""The mentorship pages: answering, refusals shown as messages, input kept on errors."""

import pytest
from django.contrib.messages import get_messages

from mentorhub.mentorships.models import Status


def _notes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_proposal_shows_on_the_mentees_dashboard(scenario, proposed):
    response = scenario.client_for(scenario.max).get("/")
    assert response.status_code == 200
    assert "waiting for your answer" in response.content.decode()
    assert "Mona Mentor" in response.content.decode()


def test_both_accepting_in_the_web_makes_it_active(scenario, proposed):
    scenario.client_for(scenario.max).post(f"/mentorships/{proposed.pk}/accept/")
    response = scenario.client_for(scenario.mona).post(f"/mentorships/{proposed.pk}/accept/")
    proposed.refresh_from_db()
    assert response.status_code == 302
    assert proposed.status == Status.ACTIVE


def test_accepting_a_declined_mentorship_says_why_instead_of_failing(scenario, proposed):
    mona = scenario.client_for(scenario.mona)
    mona.post(f"/mentorships/{proposed.pk}/decline/", {"reason_code": "busy", "reason": "Q4"})
    response = scenario.client_for(scenario.max).post(f"/mentorships/{proposed.pk}/accept/")
    assert response.status_code == 302
    assert _notes(response) == ["This mentorship is declined; it cannot be accepted."]


def test_decline_without_a_reason_keeps_what_was_typed(scenario, proposed):
    response = scenario.client_for(scenario.max).post(
        f"/mentorships/{proposed.pk}/decline/", {"reason_code": "", "reason": "My own words"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "My own words" in body
    assert "This field is required." in body
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_closing_needs_mode_and_reason_and_records_them(scenario, proposed):
    scenario.client_for(scenario.max).post(f"/mentorships/{proposed.pk}/accept/")
    scenario.client_for(scenario.mona).post(f"/mentorships/{proposed.pk}/accept/")
    response = scenario.client_for(scenario.pete).post(
        f"/mentorships/{proposed.pk}/close/", {"mode": "completed", "reason": "Goals met"}
    )
    proposed.refresh_from_db()
    assert response.status_code == 302
    assert (proposed.status, proposed.closure_mode, proposed.reason) == (
        Status.COMPLETED,
        "completed",
        "Goals met",
    )


def test_outsider_gets_404_for_a_mentorship(scenario, proposed):
    response = scenario.client_for(scenario.charlie).get(f"/mentorships/{proposed.pk}/")
    assert response.status_code == 404


def test_a_refusal_page_says_why(scenario, proposed):
    response = scenario.client_for(scenario.pete).post(f"/mentorships/{proposed.pk}/accept/")
    assert response.status_code == 403
    assert "Only the people in this mentorship can accept it." in response.content.decode()


def test_times_are_shown_in_the_viewers_time_zone(scenario, proposed):
    from datetime import UTC, datetime

    from mentorhub.mentorships.models import Mentorship

    Mentorship.objects.filter(pk=proposed.pk).update(
        created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    )
    scenario.max.timezone = "Asia/Tokyo"  # 08:30 on March 2 there
    scenario.max.save()
    body = scenario.client_for(scenario.max).get(f"/mentorships/{proposed.pk}/").content.decode()
    assert "on Mar 2, 2026" in body


@pytest.mark.parametrize("raw", ["²", "99999999999999999999999", "-1", "abc"])
def test_a_program_filter_that_is_not_an_id_is_ignored_not_a_500(scenario, raw):
    response = scenario.client_for(scenario.pete).get("/mentorships/", {"program": raw})
    assert response.status_code == 200
