"""Look up people a viewer may see (their own organization only, 404 otherwise)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from mentorhub.people.models import Person


def acting_person(request: HttpRequest) -> Person:
    """The person a request acts as, set by the session middleware or the API's token auth."""
    person = getattr(request, "person", None)
    if not isinstance(person, Person):
        # Only reachable if a view forgot to require sign-in; treat it like an unknown page.
        raise Http404("No such page.")
    return person


def get_person_for(viewer: Person, person_id: int) -> Person:
    person = (
        Person.objects.select_related("organization", "manager", "user")
        .filter(organization_id=viewer.organization_id, pk=person_id)
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    return person
