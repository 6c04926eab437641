"""Queue notification emails: one background task per recipient, once per email key.

Nothing is sent inside the request. `email_people` queues, after the action's transaction
commits, one `notifications.send_email` task per recipient (a rollback queues nothing);
the worker renders `templates/email/<name>.txt` (first line is the subject) and sends it.

The payload holds ids, not rendered text: model objects in the context travel as
(model, pk) references and are fetched again in the worker. So the request does no
template work, the email shows the objects as they are when it leaves, and an object that
has been deleted meanwhile is simply not mailed about. Plain JSON values (a link, a number)
travel as they are.

Each email has a key (default `<name>:<model>=<pk>…:<recipient id>`); the key's
`SentEmail` row is inserted in the same transaction as its task, so queuing the same key
twice makes one task and one email. See notifications/tasks.py for retries and crashes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string

from mentorhub.notifications.models import SentEmail, category_of, stored_key
from mentorhub.people.models import Person
from mentorhub.tasks.queue import check_task, insert_task

log = logging.getLogger(__name__)

SEND_EMAIL = "notifications.send_email"
Attachment = tuple[str, str, str]  # filename, content, mimetype
MODEL_REF = "$model"
_silenced: ContextVar[bool] = ContextVar("mentorhub_email_silenced", default=False)


@contextmanager
def silenced_email() -> Iterator[None]:
    """Queue no email in this block (the demo plays hundreds of notifications nobody gets)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def email_silenced() -> bool:
    """True inside `silenced_email()`: callers may skip building what would not be sent."""
    return _silenced.get()


def email_people(
    people: Iterable[Person],
    name: str,
    key: str | None = None,
    attachments: Sequence[Attachment] = (),
    secret: Sequence[str] = (),
    in_this_transaction: bool = False,
    **context: Any,
) -> None:
    """Queue `name` for each active person; `key` (one per person is made from it) dedupes."""
    category_of(name)  # refuse an email nobody has given a category, in the caller
    refs = {field: to_ref(value) for field, value in context.items()}
    for person in people:
        if person.is_active:
            person_key = f"{key or default_key(name, refs)}:{person.pk}"
            queue_email(
                person_key,
                name,
                person.email,
                person.pk,
                refs,
                attachments,
                secret,
                in_this_transaction,
            )


def email_address(
    address: str, name: str, context: dict[str, Any], key: str, secret: Sequence[str] = ()
) -> None:
    """Queue `name` to an address that may belong to nobody yet (a password reset)."""
    refs = {field: to_ref(value) for field, value in context.items()}
    queue_email(key, name, address, None, refs, (), secret)


def queue_email(
    key: str,
    name: str,
    to: str,
    person_id: int | None,
    context: dict[str, Any],
    attachments: Sequence[Attachment],
    secret: Sequence[str] = (),
    in_this_transaction: bool = False,
) -> None:
    """`secret` names context fields (a sign-in link) the worker wipes from the task once sent."""
    if _silenced.get():
        return
    payload: dict[str, Any] = {
        "key": key,
        "name": name,
        "to": to,
        "person_id": person_id,
        "context": context,
        "attachments": [list(a) for a in attachments],
    }
    if secret:
        payload["secret"] = list(secret)
    check_task(SEND_EMAIL, None, payload)
    if in_this_transaction:
        # For sweeps that record "emailed" in the same transaction: both commit, or neither.
        insert_email_task(payload)
        return

    def insert() -> None:
        insert_email_task(payload)

    # robust: a queue that cannot be reached must not undo the action, which has committed.
    transaction.on_commit(insert, robust=True)


def insert_email_task(payload: dict[str, Any]) -> bool:
    """Store the key and its task together; False when the key was queued before."""
    try:
        with transaction.atomic():
            SentEmail.objects.create(
                key=stored_key(payload["key"]),
                name=payload["name"],
                to=payload["to"],
                person_id=payload["person_id"],
            )
            insert_task(SEND_EMAIL, payload)
    except IntegrityError:
        log.info("email %s was queued before; not again", payload["key"])
        return False
    return True


def default_key(name: str, refs: dict[str, Any]) -> str:
    """The email's name and the objects it is about: the same event mails each person once."""
    about = [
        f"{field}={value['pk']}"
        for field, value in sorted(refs.items())
        if isinstance(value, dict) and MODEL_REF in value
    ]
    return ":".join([name, *about])


def to_ref(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {MODEL_REF: value._meta.label_lower, "pk": value.pk}
    return value


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str]:
    text = render_to_string(f"email/{name}.txt", {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.strip().partition("\n")
    return one_line(subject), body.strip() + "\n"


def one_line(text: str) -> str:
    """A header value: names may carry carriage returns or line breaks; a header must not."""
    return " ".join(text.split())
