"""Crisis pages: asking with the help-now panel, privacy per role, audited views, set-up."""

from __future__ import annotations

import re
from datetime import timedelta

from mentorhub.audit.models import AuditEvent
from mentorhub.crisis.models import CrisisRequest, EmergencyContact, RequestStatus
from mentorhub.crisis.services import (
    Contact,
    accept_request,
    add_emergency_contact,
    ask_for_help,
    escalate_if_unanswered,
)
from mentorhub.feedback.reports import program_report
from mentorhub.feedback.services import Answer, answer_checkin
from mentorhub.journal.tests.conftest import open_checkin

NOT_AN_EMERGENCY_SERVICE = "mentorhub is not an emergency service"


def _contact(scenario, crisis):
    return add_emergency_contact(
        scenario.pete, crisis.program, Contact("Local emergency number", phone="112")
    )


def test_the_ask_page_shows_help_now_before_anything_else(scenario, crisis):
    _contact(scenario, crisis)
    add_emergency_contact(
        scenario.pete, crisis.program, Contact("Telefonseelsorge", phone="0800", locale="de")
    )
    page = scenario.client_for(scenario.max).get(f"/programs/{crisis.program.pk}/crisis/ask/")
    assert page.status_code == 200
    text = page.content.decode()
    assert NOT_AN_EMERGENCY_SERVICE in text
    assert "Local emergency number" in text
    assert "Telefonseelsorge" not in text  # Max speaks English only


def test_asking_from_the_page_leads_to_the_request_page(scenario, crisis):
    client = scenario.client_for(scenario.max)
    response = client.post(
        f"/programs/{crisis.program.pk}/crisis/ask/", {"need": "Rough week", "language": "en"}
    )
    request = CrisisRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/crisis/requests/{request.pk}/"
    page = client.get(response["Location"])
    assert NOT_AN_EMERGENCY_SERVICE in page.content.decode()
    assert "Rough week" in page.content.decode()


def test_an_empty_ask_names_the_field(scenario, crisis):
    client = scenario.client_for(scenario.max)
    page = client.post(f"/programs/{crisis.program.pk}/crisis/ask/", {"need": "", "language": "en"})
    assert page.status_code == 200
    assert "need" in page.context["form"].errors


def test_only_requester_responder_and_lead_see_a_request(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    accept_request(scenario.mona, request)
    url = f"/crisis/requests/{request.pk}/"
    for person in (scenario.max, scenario.mona, crisis.lead):
        page = scenario.client_for(person).get(url)
        assert page.status_code == 200, person
        assert "My secret trouble" in page.content.decode()
    for person in (scenario.pete, scenario.alice, crisis.rita, scenario.charlie):
        assert scenario.client_for(person).get(url).status_code == 404, person


def test_every_view_of_a_request_is_audit_logged(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    scenario.client_for(scenario.max).get(f"/crisis/requests/{request.pk}/")
    scenario.client_for(crisis.lead).get(f"/crisis/requests/{request.pk}/")
    views = AuditEvent.objects.filter(verb="crisis_request.viewed", target_id=str(request.pk))
    assert {v.actor_id for v in views} == {scenario.max.pk, crisis.lead.pk}
    assert all("secret" not in str(v.details) for v in views)


def test_responders_queue_shows_waiting_requests_without_content(scenario, crisis):
    ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    text = scenario.client_for(scenario.mona).get("/crisis/").content.decode()
    assert "Accept" in text
    assert "secret" not in text
    assert scenario.max.full_name not in text
    # Rita speaks German only: the English request is not routed to her.
    assert "Accept" not in scenario.client_for(crisis.rita).get("/crisis/").content.decode()


def test_accepting_from_the_queue_opens_the_request(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    response = scenario.client_for(scenario.mona).post(f"/crisis/requests/{request.pk}/accept/")
    assert response["Location"] == f"/crisis/requests/{request.pk}/"
    assert CrisisRequest.objects.get().status == RequestStatus.ACCEPTED


def test_someone_not_routed_cannot_accept(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    for person in (crisis.rita, scenario.pete, scenario.charlie):
        url = f"/crisis/requests/{request.pk}/accept/"
        assert scenario.client_for(person).post(url).status_code == 404


def test_the_lead_assigns_and_the_responder_closes_from_the_pages(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "Help", "en")
    escalate_if_unanswered(request.pk, now=request.created_at + timedelta(minutes=20))
    lead = scenario.client_for(crisis.lead)
    page = lead.get(f"/crisis/requests/{request.pk}/")
    assert "Assign to a responder" in page.content.decode()
    lead.post(f"/crisis/requests/{request.pk}/assign/", {"responder": crisis.mona_responder.pk})
    assert CrisisRequest.objects.get().accepted_by == scenario.mona
    scenario.client_for(scenario.mona).post(
        f"/crisis/requests/{request.pk}/close/", {"hand_off": "EAP", "mode": "completed"}
    )
    assert CrisisRequest.objects.get().status == RequestStatus.CLOSED


def test_managers_see_counts_but_no_names_or_content(scenario, crisis):
    request = ask_for_help(scenario.max, crisis.program, "My secret trouble", "en")
    accept_request(scenario.mona, request)
    page = scenario.client_for(scenario.pete).get(f"/programs/{crisis.program.pk}/crisis/")
    # The lead is chosen from everyone in the organization; outside that list, no names.
    text = re.sub(r"<select.*?</select>", "", page.content.decode(), flags=re.S)
    assert page.status_code == 200
    assert "secret" not in text
    assert scenario.max.full_name not in text
    assert page.context["report"].total == 1


def test_only_managers_open_the_set_up(scenario, crisis):
    url = f"/programs/{crisis.program.pk}/crisis/"
    for person in (scenario.max, scenario.mona, crisis.lead, scenario.charlie):
        assert scenario.client_for(person).get(url).status_code == 404
    assert scenario.client_for(scenario.alice).get(url).status_code == 200


def test_managers_add_and_remove_contacts(scenario, crisis):
    client = scenario.client_for(scenario.pete)
    url = f"/programs/{crisis.program.pk}/crisis/"
    client.post(url, {"action": "contact", "name": "Hotline", "url": "https://help.example"})
    contact = EmergencyContact.objects.get()
    client.post(url, {"action": "remove_contact", "id": contact.pk})
    assert not EmergencyContact.objects.exists()


def test_settings_out_of_range_name_the_field(scenario, crisis):
    client = scenario.client_for(scenario.pete)
    url = f"/programs/{crisis.program.pk}/crisis/"
    page = client.post(
        url, {"action": "settings", "response_minutes": 0, "default_length_days": 28}
    )
    assert page.status_code == 200
    assert "response_minutes" in page.context["forms"]["settings"].errors


def test_the_program_page_offers_help_now(scenario, crisis, django_assert_max_num_queries):
    _contact(scenario, crisis)
    client = scenario.client_for(scenario.max)
    with django_assert_max_num_queries(40):
        page = client.get(f"/programs/{crisis.program.pk}/")
    text = page.content.decode()
    assert "Ask for urgent help" in text
    assert NOT_AN_EMERGENCY_SERVICE in text


def test_the_crisis_mentorship_page_shows_help_now_and_planned_end(scenario, crisis):
    _contact(scenario, crisis)
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "H", "en"))
    page = scenario.client_for(scenario.max).get(f"/mentorships/{request.mentorship_id}/")
    text = page.content.decode()
    assert "Planned to end" in text
    assert NOT_AN_EMERGENCY_SERVICE in text


def test_a_traditional_program_has_no_crisis_pages(scenario):
    url = f"/programs/{scenario.program.pk}/crisis/ask/"
    assert scenario.client_for(scenario.max).get(url).status_code == 404


def test_managers_and_admins_do_not_see_crisis_mentorships_or_requesters(scenario, crisis):
    request = accept_request(scenario.mona, ask_for_help(scenario.max, crisis.program, "H", "en"))
    for person in (scenario.pete, scenario.alice):
        client = scenario.client_for(person)
        assert client.get(f"/mentorships/{request.mentorship_id}/").status_code == 404
        program_page = client.get(f"/programs/{crisis.program.pk}/")
        assert scenario.max.full_name not in program_page.content.decode()
        export = client.get(f"/programs/{crisis.program.pk}/enrollments.csv")
        assert scenario.max.full_name not in export.content.decode()
    assert (
        scenario.client_for(scenario.max).get(f"/mentorships/{request.mentorship_id}/").status_code
        == 200
    )


def test_the_check_in_report_names_nobody_in_a_crisis_program(scenario, crisis):
    asked = ask_for_help(scenario.max, crisis.program, "Hard", "en")
    request = accept_request(scenario.mona, asked)
    assert request.mentorship is not None
    checkin = open_checkin(request.mentorship)
    answer_checkin(scenario.max, checkin, Answer(2, "weekly", "weekly", 2, "no", "private"))
    answer_checkin(scenario.mona, checkin, Answer(5, "weekly", "weekly", 5, "yes", ""))
    report = program_report(crisis.program)
    assert report.answers == 2 and report.recent == [] and report.open_alerts == []
    page = scenario.client_for(scenario.pete).get(f"/programs/{crisis.program.pk}/checkins/")
    text = page.content.decode()
    assert page.status_code == 200
    assert scenario.max.full_name not in text and scenario.mona.full_name not in text
    assert f"/mentorships/{request.mentorship_id}/" not in text
