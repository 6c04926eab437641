"""Domain errors: refusals a person can act on, shown as-is by the web, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule of the domain refused the action; the message is written for the user."""

    status_code = 400

    def __init__(self, message: str, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class InvalidInput(DomainError):
    status_code = 422


class NotAllowed(DomainError):
    status_code = 403


class IllegalTransition(DomainError):
    status_code = 409


class CapacityFull(DomainError):
    status_code = 409


class ConflictOfInterest(DomainError):
    status_code = 409


def validate_model(instance: Any, exclude: list[str] | None = None) -> None:
    """Run the model's own validation, turning Django's errors into an InvalidInput."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        summary = "; ".join(
            " ".join(v) if k == "__all__" else f"{k}: {' '.join(v)}" for k, v in errors.items()
        )
        raise InvalidInput(summary, field_errors=errors) from exc
