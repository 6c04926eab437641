"""The REST API at /api/: token and session sign-in, readable errors, one router per app."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import DataError, IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from mentorhub.accounts.models import ApiToken, hash_token
from mentorhub.audit.api import router as audit_router
from mentorhub.careers.api import router as careers_router
from mentorhub.crisis.api import router as crisis_router
from mentorhub.errors import DomainError
from mentorhub.feedback.api import router as feedback_router
from mentorhub.flash.api import router as flash_router
from mentorhub.journal.api import router as journal_router
from mentorhub.matching.api import router as matching_router
from mentorhub.meetings.api import router as meetings_router
from mentorhub.mentorships.api import router as mentorships_router
from mentorhub.mentorships.circles_api import router as circles_router
from mentorhub.mentorships.goals_api import router as goals_router
from mentorhub.mentorships.plans_api import router as plans_router
from mentorhub.messaging.api import router as messaging_router
from mentorhub.notifications.api import router as email_preferences_router
from mentorhub.people.access import acting_person
from mentorhub.people.api import MeOut
from mentorhub.people.api import router as people_router
from mentorhub.people.api_conflicts import router as conflicts_router
from mentorhub.people.models import Person
from mentorhub.programs.api import router as programs_router
from mentorhub.programs.applications_api import router as applications_router
from mentorhub.programs.calendar_api import router as program_calendar_router
from mentorhub.programs.stages_api import router as program_stages_router

# Writing last_used_at on every call would turn each read into a write; a minute is plenty.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
SIGN_IN_HINT = "Send a valid API token as 'Authorization: Bearer <token>', or sign in."
CONFLICT = "That change conflicts with data that must stay consistent; nothing was saved."
DOES_NOT_FIT = (
    "A value in the request is too large or too long for the database; nothing was saved."
)

log = logging.getLogger(__name__)


def _may_act(person: Person) -> bool:
    return person.is_active and person.user.is_active


def _note_token_use(token: ApiToken) -> None:
    """Bookkeeping, not a domain change: a conditional update so racing calls write once."""
    now = timezone.now()
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_TOUCH_INTERVAL),
        pk=token.pk,
    ).update(last_used_at=now)


class BearerToken(HttpBearer):
    """`Authorization: Bearer mh_…`: the token acts as the one person it was made for."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        api_token = (
            ApiToken.objects.select_related("person__organization", "person__user")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if api_token is None or not _may_act(api_token.person):
            return None
        _note_token_use(api_token)
        request.person = api_token.person  # type: ignore[attr-defined]
        return api_token.person


class SignedInSession(SessionAuth):
    """A signed-in browser (e.g. on /api/docs) acts as the person the middleware chose."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None  # skip the CSRF check, so a caller without a session gets a clean 401
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        return getattr(request, "person", None)


api = NinjaAPI(
    title="mentorhub API",
    version="1",
    description="Programs, enrollments and mentorships of your organization. "
    "Authenticate with an API token: `Authorization: Bearer <token>`.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[BearerToken(), SignedInSession()],
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"detail": exc.message, "errors": exc.field_errors}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": SIGN_IN_HINT}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="mentorhub"'
    return response


# Safety nets: input checks and domain rules should refuse these first, with a better message.
# The database is the last word (habit 5); when it refuses, answer clearly instead of a 500.
@api.exception_handler(IntegrityError)
def conflicts_with_constraint(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    log.warning("constraint refused %s %s: %s", request.method, request.path, exc)
    return api.create_response(request, {"detail": CONFLICT, "errors": {}}, status=409)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def does_not_fit(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.warning("value out of range for %s %s: %s", request.method, request.path, exc)
    return api.create_response(request, {"detail": DOES_NOT_FIT, "errors": {}}, status=422)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja locates body errors as ("body", <parameter>, field, …); the parameter is noise.
    parts = loc[2:] if loc and loc[0] == "body" else loc[1:]
    return ".".join(str(part) for part in parts) or "body"


def _message(error: dict[str, Any]) -> str:
    # Our own validators' messages are written for people; pydantic's prefix is noise.
    return str(error["msg"]).removeprefix("Value error, ")


def field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(_field_name(error.get("loc", ())), []).append(_message(error))
    return grouped


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    grouped = field_errors(exc.errors)
    summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in grouped.items())
    body = {"detail": f"Some fields are not valid. {summary}", "errors": grouped}
    return api.create_response(request, body, status=422)


@api.get("/me", response=MeOut, tags=["people"], summary="Who the token acts as")
def me(request: HttpRequest) -> Person:
    return acting_person(request)


api.add_router("/me/email-preferences", email_preferences_router)
api.add_router("/people", people_router)
api.add_router("/conflicts", conflicts_router)
api.add_router("/", programs_router)
api.add_router("/", applications_router)
api.add_router("/", program_calendar_router)
api.add_router("/", program_stages_router)
api.add_router("/", matching_router)
api.add_router("/mentorships", mentorships_router)
api.add_router("/", plans_router)
api.add_router("/", goals_router)
api.add_router("/", circles_router)
api.add_router("/meetings", meetings_router)
api.add_router("/", messaging_router)
api.add_router("/", feedback_router)
api.add_router("/", crisis_router)
api.add_router("/", careers_router)
api.add_router("/", journal_router)
api.add_router("/", flash_router)
api.add_router("/audit", audit_router)
