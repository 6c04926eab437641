"""Send notification emails once the writing transaction has committed.

Emails are rendered from `templates/email/<name>.txt` (first line is the subject). They
leave only after commit, so a rolled-back action never mails anyone; and a mail that cannot
be sent is logged, never turned into an error for the action that already happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from mentorhub.people.models import Person

log = logging.getLogger(__name__)


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str]:
    text = render_to_string(f"email/{name}.txt", {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.strip().partition("\n")
    return one_line(subject), body.strip() + "\n"


def one_line(text: str) -> str:
    """A header value: names may carry carriage returns or line breaks; a header must not."""
    return " ".join(text.split())


def email_address(address: str, name: str, context: dict[str, Any]) -> None:
    subject, body = render_email(name, context)

    def deliver() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            # The action has committed: a mail server outage or a refused header must not
            # turn it into an error (or stop the other callbacks of the same commit).
            log.exception("could not send %r to %s", name, address)

    transaction.on_commit(deliver, robust=True)


def email_people(people: Iterable[Person], name: str, **context: Any) -> None:
    for person in people:
        if person.is_active:
            email_address(person.email, name, {"recipient": person, **context})
