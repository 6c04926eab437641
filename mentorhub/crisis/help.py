"""The help-now panel: a program's emergency contacts for a person's languages."""

from __future__ import annotations

from collections.abc import Iterable

from mentorhub.crisis.models import EmergencyContact
from mentorhub.programs.models import Program


def help_contacts(program: Program, languages: Iterable[str] = ()) -> list[EmergencyContact]:
    """Contacts for everyone, and those for the person's languages; one query."""
    wanted = {"", *(code.lower() for code in languages)}
    return [c for c in EmergencyContact.objects.filter(program=program) if c.locale in wanted]
