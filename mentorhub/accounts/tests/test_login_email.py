"""Signing in: the email is matched however it is capitalized or padded."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD
from mentorhub.accounts import throttle


def _sign_in(email: str, password: str = PASSWORD):
    return Client().post("/login/", {"username": email, "password": password})


def test_sign_in_ignores_the_capitalization_of_the_email(scenario):
    # GIVEN Max's email is stored as max.mentee@acme.example
    # WHEN he types it with capitals and spaces around it
    response = _sign_in("  Max.Mentee@ACME.example ")
    # THEN he is signed in
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_failed_sign_ins_count_together_for_every_spelling(scenario, settings):
    # GIVEN two failures are the limit
    settings.SIGNIN_MAX_FAILURES = 2
    # WHEN the wrong password is tried with two spellings of Max's email
    _sign_in("MAX.MENTEE@acme.example", "wrong")
    _sign_in("max.mentee@ACME.EXAMPLE", "wrong")
    # THEN even the right password is paused, whatever the spelling
    response = _sign_in("Max.Mentee@acme.example")
    assert response.status_code == 200
    assert "Too many failed sign-ins for max.mentee@acme.example" in response.content.decode()


def test_a_successful_sign_in_with_capitals_clears_the_failures(scenario, settings):
    # GIVEN one failed sign-in, and a limit of two
    settings.SIGNIN_MAX_FAILURES = 2
    _sign_in(scenario.max.email, "wrong")
    # WHEN Max signs in with a capitalized email, then mistypes once more
    assert _sign_in("Max.Mentee@Acme.Example").status_code == 302
    _sign_in(scenario.max.email, "wrong")
    # THEN the earlier failure was forgotten: he is not paused
    assert not throttle.is_locked(scenario.max.email)
