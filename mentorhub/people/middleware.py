"""Resolve which of the user's organization memberships (Person) the request acts as."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mentorhub.people.models import Person

SESSION_KEY = "mentorhub_person_id"


def memberships_of(user: Any) -> list[Person]:
    if not user.is_authenticated:
        return []
    return list(
        Person.objects.filter(user=user, is_active=True, organization__isnull=False)
        .select_related("organization")
        .order_by("organization__name")
    )


def resolve_person(request: HttpRequest) -> Person | None:
    people = memberships_of(request.user)
    chosen = request.session.get(SESSION_KEY)
    for person in people:
        if person.pk == chosen:
            return person
    return people[0] if people else None


class CurrentPersonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person = resolve_person(request)
        request.person = person  # type: ignore[attr-defined]
        # Stored times are UTC; pages show them in the viewer's own time zone.
        if person is not None:
            timezone.activate(ZoneInfo(person.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def current_person(request: HttpRequest) -> dict[str, Any]:
    person = getattr(request, "person", None)
    return {"person": person, "organization": person.organization if person else None}
