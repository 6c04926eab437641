"""Django settings, read from MENTORHUB_* environment variables (see docs/operations.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from mentorhub.envconf import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    local_secret_key,
    redis_url_for_test_worker,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
TESTING = "pytest" in sys.modules or env_bool("TESTING", False)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(DATA_DIR)
# Django's test setup adds "testserver" itself; a served site never needs it.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page's assets locally, no CDN
    "mentorhub.accounts",
    "mentorhub.people",
    "mentorhub.programs",
    "mentorhub.mentorships",
    "mentorhub.meetings",
    "mentorhub.messaging",
    "mentorhub.feedback",
    "mentorhub.crisis",
    "mentorhub.careers",
    "mentorhub.journal",
    "mentorhub.flash",
    "mentorhub.matching",
    "mentorhub.tasks",
    "mentorhub.notifications",
    "mentorhub.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mentorhub.people.middleware.CurrentPersonMiddleware",
]

ROOT_URLCONF = "mentorhub.urls"
WSGI_APPLICATION = "mentorhub.wsgi.application"
ASGI_APPLICATION = "mentorhub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentorhub.people.middleware.current_person",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "mentorhub.sqlite3",
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue (busy timeout) instead of failing mid-transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": str(DATA_DIR / f"test-mentorhub-{os.getpid()}.sqlite3")},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"MENTORHUB_DATABASE_URL is not usable: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            "MENTORHUB_DATABASE_URL must start with postgres:// or sqlite:///"
        )
    if "sqlite" in str(config["ENGINE"]):
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and "PYTEST_XDIST_WORKER" in os.environ:
    REDIS_URL = redis_url_for_test_worker(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
# Live messages reach the open tabs through a channel layer: in memory serves one process;
# several web processes need Redis so a message posted in one reaches sockets in another.
CHANNEL_LAYERS = {
    "default": (
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

# Email: the console backend prints mail for local use; set MENTORHUB_SMTP_HOST for real mail.
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "mentorhub <mentorhub@localhost>")
SMTP_HOST = env_str("SMTP_HOST")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    EMAIL_PORT = env_int("SMTP_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_TLS", True)
    EMAIL_USE_SSL = env_bool("SMTP_SSL", False)
    EMAIL_TIMEOUT = env_int("SMTP_TIMEOUT", 20, minimum=1)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("MENTORHUB_SMTP_TLS and MENTORHUB_SMTP_SSL cannot both be on")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 10, minimum=1)
SIGNIN_LOCK_MINUTES = env_int("SIGNIN_LOCK_MINUTES", 15, minimum=1)
VIDEO_BASE_URL = env_str("VIDEO_BASE_URL", "https://meet.jit.si/")
INVITATION_DAYS = env_int("INVITATION_DAYS", 14, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=1)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
}
