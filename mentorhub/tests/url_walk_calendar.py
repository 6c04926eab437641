"""URL-walk rows for the program calendar (see test_url_walk.py for the table's rules).

The calendar belongs to the walk's formal program "Walk formal" (url_walk_formal): Pete
manages it and Max has applied as a mentee. Its event, made on first use, is for everyone
in the program: Max sees it but may not change it (403); Mona is not enrolled, so she sees
the calendar page (the program is published) but not the event (404); Charlie gets 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mentorhub.programs.calendar import EventPlan, add_event
from mentorhub.programs.models import ProgramEvent
from mentorhub.tests.url_walk_formal import program

LOGIN, NO_TOKEN = 302, 401
MANAGERS_OK = (None, None, None, "ok", "ok", None)
CHANGE_WEB = (LOGIN, 403, 404, 302, 302, 404)
CHANGE_API = (NO_TOKEN, 403, 404, 200, 200, 404)


def calendar(w: Any) -> str:
    return f"/programs/{program(w).pk}/calendar/"


def event(w: Any) -> ProgramEvent:
    found = ProgramEvent.objects.filter(title="Walk event").first()
    if found is not None:
        return found
    start = timezone.now() + timedelta(days=7)
    return add_event(w.scenario.pete, program(w), EventPlan("Walk event", start))


def web_event(w: Any) -> str:
    return f"{calendar(w)}{event(w).pk}/"


def api_events(w: Any) -> str:
    return f"/api/programs/{program(w).pk}/events"


def api_event(w: Any) -> str:
    return f"{api_events(w)}/{event(w).pk}"


def form(w: Any) -> dict[str, Any]:
    start = timezone.localtime(timezone.now() + timedelta(days=9))
    return {
        "title": "Walk workshop",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "minutes": 60,
        "audience": "everyone",
    }


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "programs/<int:program_id>/calendar/": [
            C("get", calendar, (LOGIN, 200, 200, 200, 200, 404)),
            C("post", calendar, (LOGIN, 403, 403, 302, 302, 404), form, flash=MANAGERS_OK),
        ],
        "programs/<int:program_id>/calendar/<int:event_id>/edit/": [
            C("get", lambda w: web_event(w) + "edit/", (LOGIN, 403, 404, 200, 200, 404)),
            C("post", lambda w: web_event(w) + "edit/", CHANGE_WEB, form, flash=MANAGERS_OK),
        ],
        "programs/<int:program_id>/calendar/<int:event_id>/cancel/": [
            C("post", lambda w: web_event(w) + "cancel/", CHANGE_WEB, flash=MANAGERS_OK)
        ],
        "programs/<int:program_id>/calendar/<int:event_id>.ics": [
            C(
                "get",
                lambda w: f"{calendar(w)}{event(w).pk}.ics",
                (LOGIN, 200, 404, 200, 200, 404),
            )
        ],
        "api/programs/<program_id>/events": [
            C("get", api_events, (NO_TOKEN, 200, 200, 200, 200, 404)),
            C(
                "post",
                api_events,
                (NO_TOKEN, 403, 403, 201, 201, 404),
                lambda w: {
                    "title": "Walk workshop",
                    "starts_at": (timezone.now() + timedelta(days=9)).isoformat(),
                },
            ),
        ],
        "api/programs/<program_id>/events/<event_id>": [
            C("patch", api_event, CHANGE_API, {"title": "Renamed"})
        ],
        "api/programs/<program_id>/events/<event_id>/cancel": [
            C("post", lambda w: api_event(w) + "/cancel", CHANGE_API)
        ],
    }
