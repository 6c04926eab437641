"""The rota and planned-end pages: a responder's own hours, the rota page for managers and the
lead, the coverage grid on the set-up page, extending from the request page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.messages import get_messages
from django.utils import timezone

from mentorhub.crisis.models import CrisisRequest
from mentorhub.crisis.rota import parse_hours, set_on_call_hours
from mentorhub.crisis.services import accept_request, ask_for_help, set_on_call
from mentorhub.crisis.tests.conftest import after_planned_end


def _flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_rota_page_is_for_managers_and_the_lead(scenario, crisis):
    url = f"/programs/{crisis.program.pk}/crisis/rota/"
    for person in (scenario.pete, scenario.alice, crisis.lead):
        page = scenario.client_for(person).get(url)
        assert page.status_code == 200, person
        assert page.context["coverage"].gap_hours == 168
    for person in (scenario.max, scenario.mona, crisis.rita, scenario.charlie):
        assert scenario.client_for(person).get(url).status_code == 404, person


def test_the_lead_sets_a_responders_hours_and_bad_hours_are_named(scenario, crisis):
    url = f"/programs/{crisis.program.pk}/crisis/rota/{crisis.rita_responder.pk}/"
    lead = scenario.client_for(crisis.lead)
    done = lead.post(url, {"hours": "mon-fri 09:00-12:00", "away_through": ""})
    assert done.status_code == 302
    assert crisis.rita_responder.hours.count() == 5
    bad = lead.post(url, {"hours": "weekdays", "away_through": ""})
    assert "Weekly on-call hours" in _flashes(bad)[-1]
    assert crisis.rita_responder.hours.count() == 5
    for person in (scenario.mona, scenario.max, scenario.charlie):
        assert scenario.client_for(person).post(url, {"hours": ""}).status_code == 404


def test_a_responder_saves_their_own_hours_from_the_queue(scenario, crisis):
    url = f"/programs/{crisis.program.pk}/crisis/availability/"
    client = scenario.client_for(scenario.mona)
    set_on_call(scenario.mona, crisis.program, False)
    client.post(url, {"hours": "daily 00:00-00:00", "away_through": ""})
    page = client.get("/crisis/")
    assert "by your hours" in page.content.decode()
    past = client.post(url, {"hours": "", "away_through": "2020-01-01"})
    assert "last day away" in _flashes(past)[-1]
    for person in (scenario.max, scenario.pete, crisis.lead, scenario.charlie):
        assert scenario.client_for(person).post(url, {"hours": ""}).status_code == 404


def test_the_set_up_page_draws_the_weeks_coverage(scenario, crisis):
    set_on_call_hours(scenario.pete, crisis.mona_responder, parse_hours("daily 18:00-22:00"))
    page = scenario.client_for(scenario.pete).get(f"/programs/{crisis.program.pk}/crisis/")
    text = page.content.decode()
    assert 'class="coverage"' in text and "<strong>140</strong> of 168 hours" in text
    assert page.context["coverage"].gap_hours == 168 - 7 * 4


def test_the_responder_extends_from_the_request_page(scenario, crisis):
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "S", "en"))
    url = f"/crisis/requests/{request.pk}/extend/"
    new_end = after_planned_end(request, 7)
    body = {"planned_end_on": new_end.isoformat(), "reason": "Needs a week more"}
    for person in (crisis.rita, scenario.pete, scenario.alice, scenario.charlie):
        assert scenario.client_for(person).post(url, body).status_code == 404, person
    assert scenario.client_for(scenario.max).post(url, body).status_code == 403
    scenario.client_for(scenario.mona).post(url, body)
    assert CrisisRequest.objects.get(pk=request.pk).planned_end_on == new_end
    page = scenario.client_for(scenario.max).get(f"/crisis/requests/{request.pk}/")
    assert "Needs a week more" in page.content.decode()
    assert page.context["extend_form"] is None  # the requester cannot extend


def test_a_request_past_its_planned_end_says_so(scenario, crisis):
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "S", "en"))
    CrisisRequest.objects.filter(pk=request.pk).update(
        planned_end_on=timezone.localdate() - timedelta(days=1)
    )
    page = scenario.client_for(scenario.mona).get(f"/crisis/requests/{request.pk}/")
    assert "past its planned end" in page.content.decode()
