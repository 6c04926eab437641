"""Shared pieces of the management commands: who acts, and domain errors as CLI errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.management.base import CommandError, CommandParser
from django.http import Http404

from mentorhub.errors import DomainError
from mentorhub.people.models import Person

T = TypeVar("T")


def add_actor_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        required=True,
        metavar="EMAIL",
        help="act as this person (their email)",
    )
    parser.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")


def actor_from(options: dict[str, object]) -> Person:
    email, slug = str(options["actor"]), str(options["org"])
    person = (
        Person.objects.select_related("organization")
        .filter(organization__slug=slug, email__iexact=email, is_active=True)
        .first()
    )
    if person is None:
        raise CommandError(f"No active person {email} in an organization with slug “{slug}”.")
    return person


@contextmanager
def domain_errors() -> Iterator[None]:
    """Refusals and unknown objects become one clear line and exit status 1, no traceback."""
    try:
        yield
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    except Http404 as exc:
        raise CommandError(str(exc) or "Not found.") from exc


def lookup(find: Callable[[Person, int], T], actor: Person, object_id: int) -> T:
    with domain_errors():
        return find(actor, object_id)
