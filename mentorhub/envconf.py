"""Read MENTORHUB_* settings from the environment, failing loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "MENTORHUB_"


def env_str(name: str, default: str = "") -> str:
    """A string setting; `MENTORHUB_X_FILE` names a file holding the value (for secrets)."""
    path = os.environ.get(f"{PREFIX}{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{PREFIX}{name}_FILE: cannot read {path}: {exc}") from exc
    return os.environ.get(f"{PREFIX}{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(f"{PREFIX}{name}")
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{PREFIX}{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(f"{PREFIX}{name}")
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value} must be at least {minimum}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, matched case-insensitively and returned as spelled in `choices`."""
    raw = os.environ.get(f"{PREFIX}{name}")
    if raw is None or raw.strip() == "":
        return default
    by_key = {choice.lower(): choice for choice in choices}
    value = by_key.get(raw.strip().lower())
    if value is None:
        raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} is not one of: {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(f"{PREFIX}{name}")
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def local_secret_key(data_dir: Path) -> str:
    """The key kept under var/ for local use, made on first start and kept private."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def redis_url_for_test_worker(url: str, worker: str) -> str:
    """The Redis database of one parallel test worker (pytest-xdist names them gw0, gw1…).

    Tests flush the cache and use channel groups named after row ids, which repeat across the
    workers' databases; each worker takes its own Redis database, counting down from the
    configured one, so one worker's flush or message never reaches another.
    """
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    parts = urlsplit(url)
    configured = int(parts.path.strip("/") or 0)
    database = configured - int(worker[2:])
    if database < 0:
        raise ImproperlyConfigured(
            f"{PREFIX}REDIS_URL database {configured} leaves none for test worker {worker}; "
            "use a higher database number (e.g. /15) or fewer workers."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))
