"""Helpers shared by the server-rendered views: the acting person and domain-error handling."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mentorhub.errors import DomainError, NotAllowed
from mentorhub.people.access import acting_person


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require sign-in and an organization; refusals become 403 pages, not 500s."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        acting_person(request)
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


MAX_ID = 2**63 - 1


def query_id(raw: str | None) -> int | None:
    """An id from a query string, or None for anything that is not one.

    `str.isdigit` accepts "²" and other digits `int` refuses, and a 30-digit number
    overflows the database's integer: both must read as "no such filter", never a 500.
    """
    if not raw or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def apply_to_form(form: BaseForm, error: DomainError) -> None:
    """Show a domain refusal on the form: per field where it names fields, else on top.

    A permission refusal is not a form problem: it propagates and becomes a 403 page.
    """
    if isinstance(error, NotAllowed):
        raise error
    placed = False
    for field, messages_ in error.field_errors.items():
        if field in form.fields:
            for message in messages_:
                form.add_error(field, message)
            placed = True
    if not placed or error.message not in str(form.errors):
        form.add_error(None, error.message)


def run_action(
    request: HttpRequest,
    action: Callable[[], Any],
    success: str | Callable[[Any], str],
    next_url: str,
) -> HttpResponse:
    """Run a domain action from a button: flash its result or refusal, then go back.
    `success` is the message, or makes it from what the action returned."""
    try:
        result = action()
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url)


def first_error(form: BaseForm) -> str:
    """The form's first problem, named by its field's label, for a one-line flash."""
    for field, errors in form.errors.items():
        if field not in form.fields:  # a problem of the whole form
            return str(errors[0])
        return f"{form.fields[field].label or field}: {errors[0]}"
    return "Check the form."


def run_form_action(
    request: HttpRequest,
    form: BaseForm,
    action: Callable[[dict[str, Any]], Any],
    success: str | Callable[[dict[str, Any]], str],
    next_url: str,
    refusal: str | None = None,
) -> HttpResponse:
    """A button with a small form: a form that does not validate is flashed (with `refusal`,
    or its first error) and nothing runs; otherwise `action(cleaned_data)` runs as in
    `run_action`. Either way the person goes back to `next_url`."""
    if not form.is_valid():
        messages.error(request, refusal or first_error(form))
        return redirect(next_url)
    data = form.cleaned_data
    done = success(data) if callable(success) else success
    return run_action(request, lambda: action(data), done, next_url)
