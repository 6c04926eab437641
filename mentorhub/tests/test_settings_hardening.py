"""Settings that take one of a few values, and the hosts served by default."""

from __future__ import annotations

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentorhub import settings as loaded_settings
from mentorhub.envconf import env_choice

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _fresh_settings() -> dict:
    """The settings module evaluated again with the current environment."""
    return runpy.run_path(loaded_settings.__file__)


def test_a_choice_is_matched_whatever_its_case(monkeypatch):
    monkeypatch.setenv("MENTORHUB_LOG_LEVEL", " warning ")
    assert env_choice("LOG_LEVEL", "INFO", LEVELS) == "WARNING"


def test_an_unset_choice_falls_back_to_the_default(monkeypatch):
    monkeypatch.delenv("MENTORHUB_LOG_LEVEL", raising=False)
    assert env_choice("LOG_LEVEL", "INFO", LEVELS) == "INFO"


def test_an_unknown_choice_names_the_variable_and_the_choices(monkeypatch):
    monkeypatch.setenv("MENTORHUB_LOG_LEVEL", "LOUD")
    with pytest.raises(
        ImproperlyConfigured,
        match="MENTORHUB_LOG_LEVEL='LOUD' is not one of: DEBUG, INFO, WARNING, ERROR, CRITICAL",
    ):
        env_choice("LOG_LEVEL", "INFO", LEVELS)


def test_the_settings_refuse_an_unknown_log_level_by_name(monkeypatch):
    # GIVEN a log level logging does not know
    monkeypatch.setenv("MENTORHUB_LOG_LEVEL", "LOUD")
    # WHEN the settings load THEN the error names the variable (not a ValueError from logging)
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_LOG_LEVEL='LOUD'"):
        _fresh_settings()


def test_the_settings_accept_a_lowercase_log_level(monkeypatch):
    monkeypatch.setenv("MENTORHUB_LOG_LEVEL", "debug")
    assert _fresh_settings()["LOGGING"]["root"]["level"] == "DEBUG"


def test_testserver_is_not_an_allowed_host_by_default(monkeypatch):
    # GIVEN no hosts are configured
    monkeypatch.delenv("MENTORHUB_ALLOWED_HOSTS", raising=False)
    # WHEN the settings load THEN only this machine's names are served
    assert _fresh_settings()["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
