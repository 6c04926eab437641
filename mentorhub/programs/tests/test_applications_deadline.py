"""Cohort dates: a formal program's applications close on a day; after it nobody new applies,
and the applicants already in are still decided."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentorhub.errors import IllegalTransition, InvalidInput
from mentorhub.programs.applications import approve_application
from mentorhub.programs.models import EnrollmentStatus
from mentorhub.programs.services import enroll, update_program
from mentorhub.programs.tests.formal_helpers import formal_program, program_form

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def closed(scenario):
    """GIVEN a formal program whose applications closed yesterday, where Max applied before."""
    s = scenario
    s.program = formal_program(s)
    s.mentee_enrollment = enroll(s.max, s.program, "mentee", "Grow")
    update_program(s.pete, s.program, {"applications_close_on": YESTERDAY})
    s.program.refresh_from_db()
    return s


def test_after_the_deadline_new_applications_are_refused_naming_the_date(closed):
    with pytest.raises(IllegalTransition, match=f"closed on {YESTERDAY:%-d %B %Y}"):
        enroll(closed.mona, closed.program, "mentor", "Lead")


def test_applications_are_taken_on_the_closing_day(scenario):
    program = formal_program(scenario, applications_close_on=TODAY)
    assert enroll(scenario.mona, program, "mentor", "Lead").status == EnrollmentStatus.APPLIED


def test_applicants_already_in_are_still_decided_after_the_deadline(closed):
    approved = approve_application(closed.pete, closed.mentee_enrollment)
    assert approved.status == EnrollmentStatus.ACTIVE


def test_programs_that_enroll_directly_refuse_a_deadline(scenario):
    with pytest.raises(InvalidInput, match="enroll people directly") as refused:
        update_program(scenario.pete, scenario.program, {"applications_close_on": TODAY})
    assert "applications_close_on" in refused.value.field_errors


def test_applications_close_by_the_programs_last_day(scenario):
    program = formal_program(
        scenario, evergreen=False, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    with pytest.raises(InvalidInput, match="by the program's last day, 30 June 2026") as refused:
        update_program(scenario.pete, program, {"applications_close_on": date(2026, 7, 1)})
    assert "applications_close_on" in refused.value.field_errors


def test_the_program_page_and_list_show_the_deadline(closed):
    s = closed
    client = s.client_for(s.mona)
    page = client.get(reverse("program_detail", args=[s.program.pk])).content.decode()
    assert f"Applications closed on {YESTERDAY:%-d %B %Y}" in page
    assert f'action="/programs/{s.program.pk}/enroll/"' not in page
    update_program(s.pete, s.program, {"applications_close_on": TODAY + timedelta(days=7)})
    listing = client.get(reverse("program_list")).content.decode()
    assert f"Applications close on {TODAY + timedelta(days=7):%-d %B %Y}" in listing


def test_the_enroll_page_refuses_after_the_deadline_with_the_date(closed):
    s = closed
    url = reverse("program_enroll", args=[s.program.pk])
    response = s.client_for(s.mona).post(url, {"role": "mentor", "goals": "Lead", "capacity": 1})
    assert response.status_code == 200
    assert f"closed on {YESTERDAY:%-d %B %Y}" in response.content.decode()


def test_managers_set_the_deadline_on_the_program_form(scenario):
    s = scenario
    program = formal_program(s)
    url = reverse("program_edit", args=[program.pk])
    form = program_form(applications_close_on="2026-03-01")
    assert s.client_for(s.pete).post(url, form).status_code == 302
    program.refresh_from_db()
    assert program.applications_close_on == date(2026, 3, 1)


def test_the_program_form_hides_the_deadline_for_programs_that_enroll_directly(scenario):
    s = scenario
    page = s.client_for(s.pete).get(reverse("program_edit", args=[s.program.pk])).content
    assert b"applications_close_on" not in page


def test_the_api_sets_and_clears_the_deadline(scenario):
    s = scenario
    program = formal_program(s)
    url = f"/api/programs/{program.pk}"
    client = s.client_for(s.pete)
    set_ = client.patch(url, {"applications_close_on": "2026-03-01"}, "application/json")
    assert set_.json()["applications_close_on"] == "2026-03-01"
    cleared = client.patch(url, {"applications_close_on": None}, "application/json")
    assert cleared.json()["applications_close_on"] is None
    informal = client.patch(
        f"/api/programs/{s.program.pk}", {"applications_close_on": "2026-03-01"}, "application/json"
    )
    assert informal.status_code == 422
    assert "applications_close_on" in informal.json()["errors"]


def test_the_dashboard_no_longer_suggests_a_program_after_its_deadline(closed):
    body = closed.client_for(closed.mona).get("/").content.decode()
    assert "Enroll in Leaders" not in body


@pytest.mark.parametrize(
    ("zone", "utc_now", "taken"),
    [
        # 19:00 on the closing day in Los Angeles, but already the next day on the site.
        ("America/Los_Angeles", datetime(2026, 5, 5, 2, tzinfo=UTC), False),
        # 05:00 the next day in Tokyo, but still the closing day on the site.
        ("Asia/Tokyo", datetime(2026, 5, 4, 20, tzinfo=UTC), True),
    ],
)
def test_the_deadline_is_the_sites_day_whatever_the_applicants_zone(scenario, zone, utc_now, taken):
    s = scenario
    program = formal_program(s, applications_close_on=date(2026, 5, 4))
    s.mona.timezone = zone
    s.mona.save()
    url = reverse("program_enroll", args=[program.pk])
    with time_machine.travel(utc_now, tick=False):
        response = s.client_for(s.mona).post(
            url, {"role": "mentor", "goals": "Lead", "capacity": 1}
        )
    assert (response.status_code == 302) is taken
    assert program.enrollments.filter(person=s.mona).exists() is taken
    if not taken:
        assert "closed on 4 May 2026" in response.content.decode()
