"""Settings from MENTORHUB_* variables: bad values fail loudly and name the variable."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentorhub.envconf import (
    env_bool,
    env_int,
    env_list,
    env_str,
    local_secret_key,
    redis_url_for_test_worker,
)
from mentorhub.settings import _database


def test_a_debug_value_that_is_not_a_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("MENTORHUB_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), ("off", False)])
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("MENTORHUB_DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_an_smtp_port_that_is_not_a_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("MENTORHUB_SMTP_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_SMTP_PORT='twenty-five'"):
        env_int("SMTP_PORT", 587, minimum=1)


def test_an_smtp_port_below_the_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("MENTORHUB_SMTP_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_SMTP_PORT=0 must be at least 1"):
        env_int("SMTP_PORT", 587, minimum=1)


def test_unset_values_fall_back_to_the_default(monkeypatch):
    monkeypatch.delenv("MENTORHUB_SMTP_PORT", raising=False)
    monkeypatch.setenv("MENTORHUB_ALLOWED_HOSTS", " ")
    assert env_int("SMTP_PORT", 587) == 587
    assert env_list("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("MENTORHUB_SMTP_PASSWORD_FILE", str(secret))
    assert env_str("SMTP_PASSWORD") == "s3cret"


def test_a_missing_secret_file_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORHUB_SECRET_KEY_FILE", str(tmp_path / "nope"))
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_SECRET_KEY_FILE: cannot read"):
        env_str("SECRET_KEY")


def test_the_local_secret_key_is_made_private_once_and_then_reused(tmp_path):
    data_dir = tmp_path / "var"
    key = local_secret_key(data_dir)
    path = data_dir / "secret_key"
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_secret_key(data_dir) == key


def test_a_postgres_database_url_switches_the_backend(monkeypatch):
    monkeypatch.setenv("MENTORHUB_DATABASE_URL", "postgres://mh@db.internal:5432/mentorhub")
    config = _database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "mentorhub"


def test_an_unusable_database_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("MENTORHUB_DATABASE_URL", "nonsense://somewhere")
    with pytest.raises(ImproperlyConfigured, match="MENTORHUB_DATABASE_URL"):
        _database()


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/15", "gw0", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/15", "gw3", "redis://127.0.0.1:6379/12"),
        ("redis://:secret@cache:6380/9", "gw1", "redis://:secret@cache:6380/8"),
        ("redis://127.0.0.1:6379/15", "master", "redis://127.0.0.1:6379/15"),
    ],
)
def test_each_parallel_test_worker_takes_its_own_redis_database(url, worker, expected):
    assert redis_url_for_test_worker(url, worker) == expected


def test_too_few_redis_databases_for_the_test_workers_is_refused():
    with pytest.raises(ImproperlyConfigured, match="database 0 leaves none for test worker gw1"):
        redis_url_for_test_worker("redis://127.0.0.1:6379", "gw1")
