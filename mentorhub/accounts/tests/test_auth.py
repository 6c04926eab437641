"""Signing in, password reset by email, invitations and API tokens in the web."""

import re

from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client, override_settings

from conftest import PASSWORD
from mentorhub.accounts.models import ApiToken
from mentorhub.people.services import invite_person


def _first(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not found"
    return match.group(1)


def test_production_hashes_passwords_with_argon2():
    from mentorhub import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert identify_hasher(make_password("s3cret-enough")).algorithm == "argon2"


def test_sign_in_with_email_and_password_lands_on_the_dashboard(scenario):
    client = Client()
    response = client.post("/login/", {"username": scenario.max.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Hello, Max Mentee" in client.get("/").content.decode()


def test_wrong_password_keeps_the_email_and_says_so(scenario):
    response = Client().post("/login/", {"username": scenario.max.email, "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert scenario.max.email in body
    assert "enter a correct" in body.lower()


def test_password_reset_sends_a_working_link(
    scenario, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/password-reset/", {"email": scenario.max.email})
    run_tasks()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Reset your mentorhub password"
    link = _first(r"http://testserver(/password-reset/\S+/)", mailoutbox[0].body)
    client = Client()
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    scenario.max.user.refresh_from_db()
    assert scenario.max.user.check_password("a-brand-new-passphrase")
    from mentorhub.audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="account.password_reset", actor=scenario.max).exists()


def test_invitation_lets_the_invitee_choose_a_password_and_sign_in(
    scenario, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(scenario.alice, scenario.org, "nina@acme.example", "Nina New")
    run_tasks()
    path = _first(r"http://127.0.0.1:8000(/invitations/\S+/)", mailoutbox[0].body)
    client = Client()
    response = client.post(
        path, {"new_password1": "joining-is-easy-42", "new_password2": "joining-is-easy-42"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(path).status_code == 404  # used once


def test_new_api_token_is_shown_once_and_stored_hashed(scenario):
    client = scenario.client_for(scenario.mona)
    body = client.post("/tokens/", {"name": "laptop"}).content.decode()
    secret = _first(r"<pre>(mh_[^<]+)</pre>", body)
    token = ApiToken.objects.get(name="laptop")
    assert secret not in token.token_hash
    assert "<pre>" not in client.get("/tokens/").content.decode()


def test_too_many_failed_sign_ins_pause_even_the_right_password(scenario, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        client.post("/login/", {"username": scenario.max.email, "password": "guess"})
    response = client.post("/login/", {"username": scenario.max.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_failure_count(scenario, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(2):
        client.post("/login/", {"username": scenario.max.email, "password": "guess"})
    client.post("/login/", {"username": scenario.max.email, "password": PASSWORD})
    for _ in range(2):
        Client().post("/login/", {"username": scenario.max.email, "password": "guess"})
    response = Client().post("/login/", {"username": scenario.max.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_configured_cache_shares_counts_between_calls():
    # Sign-in throttling relies on it; in CI's PostgreSQL run this is the Redis server.
    from django.core.cache import cache

    from mentorhub.accounts import throttle

    throttle.note_failure("someone@example.org")
    throttle.note_failure("Someone@Example.org ")
    assert cache.get("signin-failures:someone@example.org") == 2
