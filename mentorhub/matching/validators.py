"""Checks of a program's matching rules and weights against the fields the engine knows."""

from __future__ import annotations

import typing
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError

# Rules no program may change: the foundation never pairs people in one management chain,
# and each run compares time zones on the week it runs.
FIXED_RULES = {
    "management_chain": "People are never matched with their managers or reports; "
    "this rule cannot be switched off.",
    "reference_date": "Each run compares time zones on the day it runs; it cannot be set.",
}
RULE_RANGES: dict[str, tuple[float, float]] = {
    "reverse_min_proficiency": (1, 5),
    "peer_level_gap": (0, 10),
    "max_timezone_gap_hours": (0, 12),
    "min_overlap_minutes": (0, 7 * 24 * 60),
}
MAX_WEIGHT = 100.0


def _rule_types() -> dict[str, Any]:
    # Imported here: the engine (numpy, scipy, OR-Tools) loads only when matching is used.
    from mentorhub.matching.engine import Rules

    return typing.get_type_hints(Rules)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_rule(name: str, value: Any, kind: Any) -> None:
    from mentorhub.matching.engine import Seniority

    optional = type(None) in typing.get_args(kind)
    base = next((t for t in typing.get_args(kind) if t is not type(None)), kind)
    if value is None:
        if not optional:
            raise ValidationError(f"The rule “{name}” needs a value; it cannot be null.")
        return
    if base is bool and not isinstance(value, bool):
        raise ValidationError(f"The rule “{name}” is on or off: give true or false.")
    if base is str:
        choices = sorted(v for k, v in vars(Seniority).items() if k.isupper())
        if value not in choices:
            raise ValidationError(f"The rule “{name}” must be one of {', '.join(choices)}.")
    if base in (int, float):
        whole = base is int
        if not _is_number(value) or (whole and not isinstance(value, int)):
            raise ValidationError(f"The rule “{name}” must be a {'whole ' * whole}number.")
        low, high = RULE_RANGES.get(name, (0, float("inf")))
        if not low <= value <= high:
            raise ValidationError(f"The rule “{name}” must be from {low:g} to {high:g}.")


def validate_rule_overrides(value: Any) -> None:
    """A program's switches on the engine's hard rules, e.g. {"shared_language": false}."""
    if not isinstance(value, dict):
        raise ValidationError("Give the matching rules as an object of rule names and values.")
    types = _rule_types()
    for name, setting in value.items():
        if name in FIXED_RULES:
            raise ValidationError(FIXED_RULES[name])
        if name not in types:
            known = ", ".join(sorted(set(types) - set(FIXED_RULES)))
            raise ValidationError(f"“{name}” is not a matching rule; use one of {known}.")
        _check_rule(name, setting, types[name])


def validate_weights(value: Any) -> None:
    """How much each part of the match score counts, e.g. {"goals": 3, "diversity": 0}."""
    from mentorhub.matching.engine import Weights

    if not isinstance(value, dict):
        raise ValidationError("Give the matching weights as an object of names and numbers.")
    known = [f.name for f in fields(Weights)]
    for name, weight in value.items():
        if name not in known:
            choices = ", ".join(known)
            raise ValidationError(f"“{name}” is not a matching weight; use one of {choices}.")
        if not _is_number(weight) or not 0 <= weight <= MAX_WEIGHT:
            raise ValidationError(f"The weight “{name}” must be a number from 0 to {MAX_WEIGHT:g}.")


MAX_QUESTIONS, MAX_CHOICES = 10, 8
QUESTION_LENGTH, CHOICE_LENGTH, KEY_LENGTH = 200, 100, 40


def _check_question(at: int, item: Any, keys: set[str]) -> None:
    where = f"Question {at}"
    if not isinstance(item, dict) or set(item) != {"key", "question", "choices"}:
        raise ValidationError(f"{where} must be an object with key, question and choices.")
    key, text, choices = item["key"], item["question"], item["choices"]
    if not isinstance(key, str) or not key or len(key) > KEY_LENGTH or not key.isascii():
        raise ValidationError(f"{where}: the key must be 1 to {KEY_LENGTH} plain letters.")
    if key in keys:
        raise ValidationError(f"{where}: the key “{key}” is used twice.")
    keys.add(key)
    if not isinstance(text, str) or not text.strip() or len(text) > QUESTION_LENGTH:
        raise ValidationError(f"{where}: the question must be 1 to {QUESTION_LENGTH} characters.")
    if "\n" in text:
        raise ValidationError(f"{where}: the question must fit on one line.")
    valid = isinstance(choices, list) and all(
        isinstance(c, str) and c.strip() and len(c) <= CHOICE_LENGTH for c in choices
    )
    if not valid or not 2 <= len(choices) <= MAX_CHOICES or len(set(choices)) != len(choices):
        raise ValidationError(
            f"{where}: give 2 to {MAX_CHOICES} different answers of at most "
            f"{CHOICE_LENGTH} characters each."
        )


def validate_questions(value: Any) -> None:
    """The program's matching questionnaire: values and working style, multiple choice.

    [{"key": "style", "question": "How do you like to work?", "choices": ["Planned", "Ad hoc"]}]
    """
    if not isinstance(value, list):
        raise ValidationError("Give the matching questions as a list.")
    if len(value) > MAX_QUESTIONS:
        raise ValidationError(f"A program asks at most {MAX_QUESTIONS} matching questions.")
    keys: set[str] = set()
    for at, item in enumerate(value, start=1):
        _check_question(at, item, keys)
