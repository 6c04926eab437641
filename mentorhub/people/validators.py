"""Validators for profile values that must name real things (IANA zones, language codes)."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(
            f"“{value}” is not an IANA time zone (for example Europe/Berlin or America/New_York)."
        )


LONG_TEXT = 5000  # characters: bios, goals, guidelines: plenty, and bounded


def validate_single_line(value: str) -> None:
    """Names go into email subjects and CSV files: no line breaks or control characters."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError("Use a single line without control characters.")


def language_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name", code))


def validate_language_code(code: str) -> None:
    if code not in LANG_INFO or "fallback" in LANG_INFO[code]:
        raise ValidationError(f"“{code}” is not a known language code (for example en, de, pt-br).")


def validate_language_list(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Languages must be a list of language codes.")
    for code in value:
        validate_language_code(str(code))
