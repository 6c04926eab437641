"""Each person chooses which categories of email they get, on a page and in the API."""

from __future__ import annotations

from mentorhub.audit.models import AuditEvent
from mentorhub.notifications.models import Category, EmailPreference
from mentorhub.notifications.services import email_choices
from mentorhub.tests import api_as

ALL_ON = dict.fromkeys(Category.values, True)


def test_every_category_is_on_until_switched_off(scenario):
    assert email_choices(scenario.max) == ALL_ON


def test_the_api_shows_and_changes_my_choices(scenario):
    api = api_as(scenario.max)
    assert api.get("/me/email-preferences").json() == ALL_ON
    response = api.put("/me/email-preferences", {"news": False, "nudges": False})
    assert response.status_code == 200
    assert response.json() == {**ALL_ON, "news": False, "nudges": False}
    assert email_choices(scenario.max) == {**ALL_ON, "news": False, "nudges": False}
    assert AuditEvent.objects.filter(verb="person.email_preferences_changed").exists()


def test_the_api_changes_only_my_own_choices(scenario):
    api_as(scenario.max).put("/me/email-preferences", {"news": False})
    assert email_choices(scenario.mona) == ALL_ON


def test_an_unknown_category_is_refused_readably(scenario):
    response = api_as(scenario.max).put("/me/email-preferences", {"spam": False})
    assert response.status_code == 422
    assert "spam" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_the_page_saves_the_ticked_categories(scenario):
    client = scenario.client_for(scenario.max)
    page = client.get("/people/me/email/")
    assert "Meeting invitations and reminders" in page.content.decode()
    response = client.post("/people/me/email/", {"mentorships": "on", "meetings": "on"})
    assert response.status_code == 302
    assert email_choices(scenario.max) == {
        **dict.fromkeys(Category.values, False),
        "mentorships": True,
        "meetings": True,
    }


def test_the_profile_page_links_to_the_email_preferences(scenario):
    page = scenario.client_for(scenario.max).get("/people/me/")
    assert 'href="/people/me/email/"' in page.content.decode()
