"""Domain actions on email preferences: which categories of email a person gets."""

from __future__ import annotations

from django.db import transaction

from mentorhub.audit.services import record
from mentorhub.errors import InvalidInput
from mentorhub.notifications.models import Category, EmailPreference
from mentorhub.people.models import Person


def email_choices(person: Person) -> dict[str, bool]:
    """Every category, on unless the person switched it off."""
    chosen = dict(person.email_preferences.values_list("category", "enabled"))
    return {category: chosen.get(category, True) for category in Category.values}


def wants_category(person: Person, category: str) -> bool:
    return not person.email_preferences.filter(category=category, enabled=False).exists()


@transaction.atomic
def set_email_choices(person: Person, choices: dict[str, bool]) -> dict[str, bool]:
    """Change the categories named in `choices`; the others stay as they were."""
    unknown = sorted(set(choices) - set(Category.values))
    if unknown:
        raise InvalidInput(
            f"Unknown email categories: {', '.join(unknown)}; use {', '.join(Category.values)}."
        )
    for category, enabled in choices.items():
        EmailPreference.objects.update_or_create(
            person=person, category=category, defaults={"enabled": enabled}
        )
    record(person, "person.email_preferences_changed", person, choices=choices)
    return email_choices(person)
