"""URL-walk rows for crisis (see test_url_walk.py for the table's rules).

The walk's crisis program is made on first use: Pete manages it, Mona is a trained responder
on call, Lena (no walk role) is its safeguarding lead, and Max asks for help. A request is
for Max, its responder and the lead only: managers, admins and outsiders get 404, and so does
Mona until she accepts it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mentorhub.crisis.models import CrisisRequest
from mentorhub.crisis.services import (
    SettingsChange,
    accept_request,
    ask_for_help,
    mark_responder,
    update_crisis_settings,
)
from mentorhub.programs.models import Program
from mentorhub.programs.services import create_program, enroll, set_program_status

WALK = "Walk crisis"


def crisis_program(w: Any) -> Program:
    existing = Program.objects.filter(name=WALK).first()
    if existing is not None:
        return existing
    from conftest import make_person

    s = w.scenario
    fields = {"name": WALK, "approach": "crisis", "matching_mode": "self_service"}
    program = create_program(s.pete, fields | {"evergreen": True})
    set_program_status(s.pete, program, "open")
    program.refresh_from_db()
    mentor = enroll(s.mona, program, "mentor", capacity=2)
    mark_responder(s.pete, mentor, date(2026, 1, 5), on_call=True)
    lead = make_person(s.org, "Lena Lead")
    update_crisis_settings(s.pete, program, SettingsChange(15, 28, lead))
    return program


def program_id(w: Any) -> int:
    return crisis_program(w).pk


def open_id(w: Any) -> int:
    """Max's waiting request."""
    program = crisis_program(w)
    existing = CrisisRequest.objects.filter(program=program).first()
    if existing is not None:
        return existing.pk
    return ask_for_help(w.scenario.max, program, "Walk: I need help.").pk


def accepted_id(w: Any) -> int:
    """Max's request, accepted by Mona."""
    request = CrisisRequest.objects.get(pk=open_id(w))
    if request.accepted_by_id is None:
        accept_request(w.scenario.mona, request)
    return request.pk


def contact_id(w: Any) -> int:
    from mentorhub.crisis.services import Contact, add_emergency_contact

    return add_emergency_contact(w.scenario.pete, crisis_program(w), Contact("Walk", "112")).pk


def mona_responder_id(w: Any) -> int:
    return crisis_program(w).responders.get().pk


def extend_body(w: Any) -> dict[str, Any]:
    request = CrisisRequest.objects.get(pk=accepted_id(w))
    assert request.planned_end_on is not None
    return {
        "planned_end_on": (request.planned_end_on + timedelta(days=1)).isoformat(),
        "reason": "Walk",
    }


def responder_body(w: Any) -> dict[str, Any]:
    return {"responder": crisis_program(w).responders.get().pk}


LOGIN, NO_TOKEN = 302, 401
MEMBERS = (LOGIN, 200, 200, 200, 200, 200)
ACME = (LOGIN, 200, 200, 200, 200, 404)
REQUESTER_PAGE = (LOGIN, 200, 404, 404, 404, 404)
REQUESTER_WEB = (LOGIN, 302, 404, 404, 404, 404)
REQUESTER_OK = (None, "ok", None, None, None, None)
RESPONDER_WEB = (LOGIN, 403, 302, 404, 404, 404)  # Max may see it but not close it
RESPONDER_OK = (None, None, "ok", None, None, None)
ASKED = (None, "ok", "ok", "ok", "ok", None)
SETUP_PAGE = (LOGIN, 404, 404, 200, 200, 404)
SETUP_WEB = (LOGIN, 404, 404, 302, 302, 404)
SETUP_OK = (None, None, None, "ok", "ok", None)
SETTINGS = {"action": "settings", "response_minutes": 20, "default_length_days": 21}
ROTA_API = (NO_TOKEN, 404, 404, 200, 200, 404)  # managers and the lead (no walk role)
OWN_API = (NO_TOKEN, 404, 200, 404, 404, 404)  # the responder herself
HOURS_FORM = {"hours": "mon-fri 18:00-22:00", "away_through": ""}
HOURS_API = {"hours": [{"weekday": 0, "starts_at": "18:00", "ends_at": "22:00"}]}


def web_request(w: Any) -> str:
    return f"/crisis/requests/{open_id(w)}/"


def api_request(w: Any) -> str:
    return f"/api/crisis/requests/{open_id(w)}"


def web_program(w: Any) -> str:
    return f"/programs/{program_id(w)}/crisis/"


def api_program(w: Any) -> str:
    return f"/api/programs/{program_id(w)}/crisis"


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "crisis/": [C("get", lambda w: "/crisis/", MEMBERS)],
        "crisis/requests/<int:request_id>/": [C("get", web_request, REQUESTER_PAGE)],
        "crisis/requests/<int:request_id>/accept/": [
            C(
                "post",
                lambda w: web_request(w) + "accept/",
                (LOGIN, 404, 302, 404, 404, 404),
                flash=RESPONDER_OK,
            )
        ],
        "crisis/requests/<int:request_id>/assign/": [
            C(
                "post",
                lambda w: web_request(w) + "assign/",
                (LOGIN, 403, 404, 404, 404, 404),  # the lead only; Max may see but not assign
                responder_body,
            )
        ],
        "crisis/requests/<int:request_id>/close/": [
            C(
                "post",
                lambda w: f"/crisis/requests/{accepted_id(w)}/close/",
                RESPONDER_WEB,
                {"hand_off": "EAP", "mode": "completed"},
                flash=RESPONDER_OK,
            )
        ],
        "crisis/requests/<int:request_id>/extend/": [
            C(
                "post",
                lambda w: f"/crisis/requests/{accepted_id(w)}/extend/",
                RESPONDER_WEB,
                extend_body,
                flash=RESPONDER_OK,
            )
        ],
        "programs/<int:program_id>/crisis/availability/": [
            C(
                "post",
                lambda w: web_program(w) + "availability/",
                (LOGIN, 404, 302, 404, 404, 404),
                HOURS_FORM,
                flash=RESPONDER_OK,
            )
        ],
        "programs/<int:program_id>/crisis/rota/": [
            C("get", lambda w: web_program(w) + "rota/", SETUP_PAGE)
        ],
        "programs/<int:program_id>/crisis/rota/<int:responder_id>/": [
            C(
                "post",
                lambda w: web_program(w) + f"rota/{mona_responder_id(w)}/",
                SETUP_WEB,
                HOURS_FORM,
                flash=SETUP_OK,
            )
        ],
        "crisis/requests/<int:request_id>/withdraw/": [
            C("post", lambda w: web_request(w) + "withdraw/", REQUESTER_WEB, flash=REQUESTER_OK)
        ],
        "programs/<int:program_id>/crisis/": [
            C("get", web_program, SETUP_PAGE),
            C("post", web_program, SETUP_WEB, SETTINGS, flash=SETUP_OK),
        ],
        "programs/<int:program_id>/crisis/ask/": [
            C("get", lambda w: web_program(w) + "ask/", ACME),
            C(
                "post",
                lambda w: web_program(w) + "ask/",
                (LOGIN, 302, 302, 302, 302, 404),
                {"need": "Walk: help", "language": ""},
                flash=ASKED,
            ),
        ],
        "programs/<int:program_id>/crisis/on-call/": [
            C(
                "post",
                lambda w: web_program(w) + "on-call/",
                (LOGIN, 403, 302, 403, 403, 404),
                {"on_call": "off"},
                flash=RESPONDER_OK,
            )
        ],
        "api/crisis/requests": [
            C("get", lambda w: "/api/crisis/requests", (NO_TOKEN, 200, 200, 200, 200, 200)),
            C(
                "post",
                lambda w: "/api/crisis/requests",
                (NO_TOKEN, 201, 201, 201, 201, 404),
                lambda w: {"program": program_id(w), "need": "Walk: help"},
            ),
        ],
        "api/crisis/queue": [
            C("get", lambda w: "/api/crisis/queue", (NO_TOKEN, 200, 200, 200, 200, 200))
        ],
        "api/crisis/requests/<request_id>": [
            C("get", api_request, (NO_TOKEN, 200, 404, 404, 404, 404))
        ],
        "api/crisis/requests/<request_id>/accept": [
            C("post", lambda w: api_request(w) + "/accept", (NO_TOKEN, 404, 200, 404, 404, 404))
        ],
        "api/crisis/requests/<request_id>/assign": [
            C(
                "post",
                lambda w: api_request(w) + "/assign",
                (NO_TOKEN, 403, 404, 404, 404, 404),
                responder_body,
            )
        ],
        "api/crisis/requests/<request_id>/close": [
            C(
                "post",
                lambda w: f"/api/crisis/requests/{accepted_id(w)}/close",
                (NO_TOKEN, 403, 200, 404, 404, 404),
                {"hand_off": "EAP"},
            )
        ],
        "api/crisis/requests/<request_id>/extend": [
            C(
                "post",
                lambda w: f"/api/crisis/requests/{accepted_id(w)}/extend",
                (NO_TOKEN, 403, 200, 404, 404, 404),
                extend_body,
            )
        ],
        "api/programs/<program_id>/crisis/contacts": [
            C("get", lambda w: api_program(w) + "/contacts", ROTA_API),
            C(
                "post",
                lambda w: api_program(w) + "/contacts",
                (NO_TOKEN, 404, 404, 201, 201, 404),
                {"name": "Walk hotline", "phone": "112"},
            ),
        ],
        "api/programs/<program_id>/crisis/contacts/<contact_id>": [
            C(
                "delete",
                lambda w: api_program(w) + f"/contacts/{contact_id(w)}",
                (NO_TOKEN, 404, 404, 204, 204, 404),
            )
        ],
        "api/programs/<program_id>/crisis/responders": [
            C("get", lambda w: api_program(w) + "/responders", ROTA_API),
            C(
                "post",
                lambda w: api_program(w) + "/responders",
                (NO_TOKEN, 404, 404, 201, 201, 404),
                lambda w: {"person": w.scenario.mona.pk, "trained_on": "2026-01-05"},
            ),
        ],
        "api/programs/<program_id>/crisis/responders/<responder_id>": [
            C(
                "delete",
                lambda w: api_program(w) + f"/responders/{mona_responder_id(w)}",
                (NO_TOKEN, 404, 404, 204, 204, 404),
            )
        ],
        "api/programs/<program_id>/crisis/responders/<responder_id>/availability": [
            C(
                "put",
                lambda w: api_program(w) + f"/responders/{mona_responder_id(w)}/availability",
                ROTA_API,
                HOURS_API,
            )
        ],
        "api/programs/<program_id>/crisis/coverage": [
            C("get", lambda w: api_program(w) + "/coverage", ROTA_API)
        ],
        "api/programs/<program_id>/crisis/me": [
            C("get", lambda w: api_program(w) + "/me", OWN_API)
        ],
        "api/programs/<program_id>/crisis/me/on-call": [
            C("put", lambda w: api_program(w) + "/me/on-call", OWN_API, {"on_call": True})
        ],
        "api/programs/<program_id>/crisis/me/availability": [
            C("put", lambda w: api_program(w) + "/me/availability", OWN_API, HOURS_API)
        ],
        "api/crisis/requests/<request_id>/withdraw": [
            C(
                "post",
                lambda w: api_request(w) + "/withdraw",
                (NO_TOKEN, 200, 404, 404, 404, 404),
            )
        ],
        "api/programs/<program_id>/crisis/help": [
            C("get", lambda w: api_program(w) + "/help", (NO_TOKEN, 200, 200, 200, 200, 404))
        ],
        "api/programs/<program_id>/crisis": [
            C("get", api_program, (NO_TOKEN, 404, 404, 200, 200, 404)),
            C(
                "put",
                api_program,
                (NO_TOKEN, 404, 404, 200, 200, 404),
                {"response_minutes": 20, "default_length_days": 21},
            ),
        ],
    }
