"""The worker's side of email: render and send one queued email, exactly once if it can.

Order for one key (its SentEmail row was inserted with the task, status `queued`):

1. the row says `sent` or `skipped` → do nothing (a retry, or a task run twice);
2. render and hand the message to the mail server;
3. mark the row `sent`.

A failure before 2 completes (mail server down, a crash) leaves the row `queued`: the
worker retries with backoff, and the retry sends. A failure after 3 (anything later in the
worker) finds `sent` on retry and sends nothing. The one window left is between the server
accepting the message and step 3 committing (a process killed in those milliseconds): the
retry sends again. We choose at-least-once there, because a lost invitation or reminder
costs more than a rare duplicate; the duplicate carries the same Message-ID (made from the
key), so mail clients that dedupe by Message-ID show it once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from mentorhub.notifications.models import (
    ACCOUNT,
    EmailStatus,
    SentEmail,
    category_of,
    stored_key,
)
from mentorhub.notifications.services import wants_category
from mentorhub.notify import MODEL_REF, SEND_EMAIL, render_email
from mentorhub.people.models import Person
from mentorhub.tasks.models import Task
from mentorhub.tasks.queue import task

log = logging.getLogger(__name__)
FORGOTTEN = "(removed once sent)"


class Missing(Exception):
    """An object the email is about was deleted before the email left."""


@task(SEND_EMAIL, max_attempts=8)
def send_email(
    key: str,
    name: str,
    to: str,
    person_id: int | None,
    context: dict[str, Any],
    attachments: list[list[str]],
    secret: list[str] | None = None,
) -> None:
    with _forgetting(key, secret or []):
        pending = SentEmail.objects.filter(key=stored_key(key), status=EmailStatus.QUEUED)
        if not pending.exists():
            return  # sent or skipped already: a retry must not mail again
        person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
        try:
            values = fetch_context(context)
        except Missing as exc:
            log.info("email %s not sent: %s", key, exc)
            pending.update(status=EmailStatus.SKIPPED)
            return
        if person_id is not None and not may_email(person, name):
            pending.update(status=EmailStatus.SKIPPED)
            return
        address = person.email if person is not None else to  # it may have changed meanwhile
        message = build_message(key, name, address, {"recipient": person, **values}, attachments)
        message.send()
        record_sent(key)


@contextmanager
def _forgetting(key: str, secret: list[str]) -> Iterator[None]:
    """Whatever the outcome, wipe the secret fields once the email no longer waits."""
    try:
        yield
    finally:
        if secret:
            forget_secrets(key, secret)


def record_sent(key: str) -> None:
    SentEmail.objects.filter(key=stored_key(key)).update(
        status=EmailStatus.SENT, sent_at=timezone.now()
    )


def forget_secrets(key: str, secret: list[str]) -> None:
    """Wipe the sign-in link from the task once it no longer needs to be sent.

    A link stays only while its email is still queued (a retry must be able to send it);
    once sent or skipped, the finished task keeps no usable secret for later readers.
    """
    if SentEmail.objects.filter(key=stored_key(key), status=EmailStatus.QUEUED).exists():
        return
    for done in Task.objects.filter(kind=SEND_EMAIL, payload__key=key):
        context = {**done.payload["context"], **dict.fromkeys(secret, FORGOTTEN)}
        Task.objects.filter(pk=done.pk).update(payload={**done.payload, "context": context})


def may_email(person: Person | None, name: str) -> bool:
    """Active, and has not switched the email's category off (account emails always go)."""
    if person is None or not person.is_active:
        return False
    category = category_of(name)
    return category == ACCOUNT or wants_category(person, category)


def fetch_context(context: dict[str, Any]) -> dict[str, Any]:
    return {field: fetch(value) for field, value in context.items()}


def fetch(value: Any) -> Any:
    if not (isinstance(value, dict) and MODEL_REF in value):
        return value
    model = apps.get_model(value[MODEL_REF])
    found = model._default_manager.filter(pk=value["pk"]).first()
    if found is None:
        raise Missing(f"{value[MODEL_REF]} {value['pk']} no longer exists")
    return found


def build_message(
    key: str, name: str, to: str, context: dict[str, Any], attachments: list[list[str]]
) -> EmailMessage:
    subject, body = render_email(name, context)
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers={"Message-ID": message_id(key)}
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def message_id(key: str) -> str:
    """The same for every attempt at one email, so a rare duplicate is recognisably one."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{urlsplit(settings.SITE_URL).hostname or 'mentorhub'}>"
