"""URL-walk rows for flash mentoring (see test_url_walk.py for the table's rules).

The walk's situational program "Walk flash" is made on first use: Pete manages it, Mona
mentors and Max is a mentee. Each row sets up the challenge state it needs: `fresh` (Max
wrote it, nobody asked), `asked` (Mona asked), `working` (Mona accepted) and `scoped`
(Mona wrote the terms). Mona sees a challenge only once asked; Pete and Alice see its
title but may not act on it (403); Charlie gets 404. Mona's open slot (`slot_id`) is
booked by mentees only and withdrawn by her or the program's managers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mentorhub.flash.models import Challenge, OpenSlot
from mentorhub.flash.services import ask_for_help, describe_challenge, propose_terms
from mentorhub.flash.slots import publish_slot
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import create_program, enroll, set_program_status

LOGIN, NO_TOKEN = 302, 401


def program(w: Any) -> Program:
    found = Program.objects.filter(name="Walk flash").first()
    if found is not None:
        return found
    s = w.scenario
    made = create_program(
        s.pete,
        {"name": "Walk flash", "approach": "situational", "matching_mode": "self_service"}
        | {"evergreen": True},
    )
    set_program_status(s.pete, made, "open")
    made.refresh_from_db()
    enroll(s.mona, made, "mentor", "Promotion panels", capacity=2)
    enroll(s.max, made, "mentee", "")
    return made


def mentor_id(w: Any) -> int:
    return Enrollment.objects.get(program=program(w), person=w.scenario.mona).pk


def _challenge(w: Any, state: str) -> Challenge:
    found = Challenge.objects.filter(program__name="Walk flash").first()
    if found is not None:
        return found
    s = w.scenario
    mentee = Enrollment.objects.get(program=program(w), person=s.max)
    challenge = describe_challenge(s.max, mentee, "Walk challenge", "Private words")
    if state == "fresh":
        return challenge
    ask_for_help(s.max, challenge, mentor_id(w))
    if state == "asked":
        return challenge
    challenge.refresh_from_db()
    assert challenge.mentorship is not None
    accept_mentorship(s.mona, challenge.mentorship)
    if state == "scoped":
        propose_terms(s.mona, challenge, "Walk scope", "Walk end")
    return challenge


def _soon() -> datetime:
    return (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


def slot_id(w: Any) -> int:
    """Mona's open slot in the walk's program, made on first use."""
    found = OpenSlot.objects.filter(program=program(w)).first()
    if found is not None:
        return found.pk
    return publish_slot(w.scenario.mona, Enrollment.objects.get(pk=mentor_id(w)), _soon()).pk


def slot_form(w: Any) -> dict[str, Any]:
    return {"starts_at": f"{timezone.localtime(_soon()):%Y-%m-%dT%H:%M}", "duration_minutes": 30}


def web(state: str, tail: str = "") -> Any:
    return lambda w: f"/challenges/{_challenge(w, state).pk}/{tail}"


def api(state: str, tail: str = "") -> Any:
    return lambda w: f"/api/challenges/{_challenge(w, state).pk}{tail}"


SEEN = (LOGIN, 200, 200, 200, 200, 404)
ASKER_WEB = (LOGIN, 302, 404, 403, 403, 404)  # Mona is not asked yet
ASKER_OK = (None, "ok", None, None, None, None)
PAIR_WEB = (LOGIN, 302, 302, 403, 403, 404)
PAIR_OK = (None, "ok", "ok", None, None, None)
ASKER_API = (NO_TOKEN, 200, 404, 403, 403, 404)
PAIR_API = (NO_TOKEN, 200, 200, 403, 403, 404)
TERMS = {"scope": "Walk scope", "end_condition": "Walk end"}


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "programs/<int:program_id>/challenges/": [
            C(
                "post",
                lambda w: f"/programs/{program(w).pk}/challenges/",
                (LOGIN, 302, 302, 302, 302, 404),  # only a mentee may describe one
                {"title": "Walk", "time_box_days": 14},
                flash=(None, "ok", "no", "no", "no", None),
            )
        ],
        "challenges/<int:challenge_id>/": [C("get", web("asked"), SEEN)],
        "challenges/<int:challenge_id>/ask/": [
            C(
                "post",
                web("fresh", "ask/"),
                ASKER_WEB,
                lambda w: {"mentor": mentor_id(w)},
                flash=ASKER_OK,
            )
        ],
        "challenges/<int:challenge_id>/terms/": [
            C("post", web("working", "terms/"), PAIR_WEB, TERMS, flash=PAIR_OK)
        ],
        "challenges/<int:challenge_id>/agree/": [
            # Mona wrote the terms: Max confirms them, she cannot.
            C("post", web("scoped", "agree/"), PAIR_WEB, flash=(None, "ok", "no", None, None, None))
        ],
        "challenges/<int:challenge_id>/resolve/": [
            C("post", web("working", "resolve/"), PAIR_WEB, {"outcome": "partly"}, flash=PAIR_OK)
        ],
        "challenges/<int:challenge_id>/drop/": [
            C("post", web("fresh", "drop/"), ASKER_WEB, flash=ASKER_OK)
        ],
        "programs/<int:program_id>/slots/": [
            C(
                "post",
                lambda w: f"/programs/{program(w).pk}/slots/",
                (LOGIN, 302, 302, 302, 302, 404),  # only a mentor offers their time
                slot_form,
                flash=(None, "no", "ok", "no", "no", None),
            )
        ],
        "slots/<int:slot_id>/book/": [
            C(
                "post",
                lambda w: f"/slots/{slot_id(w)}/book/",
                (LOGIN, 302, 302, 302, 302, 404),  # only a mentee books
                {"topic": "Walk topic"},
                flash=(None, "ok", "no", "no", "no", None),
            )
        ],
        "slots/<int:slot_id>/withdraw/": [
            C(
                "post",
                lambda w: f"/slots/{slot_id(w)}/withdraw/",
                (LOGIN, 403, 302, 302, 302, 404),  # the mentor, or the program's managers
                flash=(None, None, "ok", "ok", "ok", None),
            )
        ],
        "api/slots": [
            C(
                "get",
                lambda w: "/api/slots",
                (NO_TOKEN, 200, 200, 200, 200, 404),
                lambda w: {"program": program(w).pk},
            ),
            C(
                "post",
                lambda w: "/api/slots",
                (NO_TOKEN, 422, 201, 422, 422, 404),
                lambda w: {"program": program(w).pk, "starts_at": _soon().isoformat()},
            ),
        ],
        "api/slots/<slot_id>/book": [
            C(
                "post",
                lambda w: f"/api/slots/{slot_id(w)}/book",
                (NO_TOKEN, 200, 422, 422, 422, 404),
                {"topic": "Walk topic"},
            )
        ],
        "api/slots/<slot_id>/withdraw": [
            C(
                "post",
                lambda w: f"/api/slots/{slot_id(w)}/withdraw",
                (NO_TOKEN, 403, 204, 204, 204, 404),
            )
        ],
        "api/challenges": [
            C(
                "get",
                lambda w: "/api/challenges",
                (NO_TOKEN, 200, 200, 200, 200, 404),
                lambda w: {"program": program(w).pk},
            ),
            C(
                "post",
                lambda w: "/api/challenges",
                (NO_TOKEN, 201, 422, 422, 422, 404),
                lambda w: {"program": program(w).pk, "title": "Walk"},
            ),
        ],
        "api/challenges/<challenge_id>": [
            C("get", api("asked"), (NO_TOKEN, 200, 200, 200, 200, 404))
        ],
        "api/challenges/<challenge_id>/helpers": [C("get", api("fresh", "/helpers"), ASKER_API)],
        "api/challenges/<challenge_id>/ask": [
            C("post", api("fresh", "/ask"), ASKER_API, lambda w: {"mentor": mentor_id(w)})
        ],
        "api/challenges/<challenge_id>/terms": [
            C("post", api("working", "/terms"), PAIR_API, TERMS)
        ],
        "api/challenges/<challenge_id>/agree": [
            C("post", api("scoped", "/agree"), (NO_TOKEN, 200, 422, 403, 403, 404))
        ],
        "api/challenges/<challenge_id>/resolve": [
            C("post", api("working", "/resolve"), PAIR_API, {"outcome": "resolved"})
        ],
        "api/challenges/<challenge_id>/drop": [C("post", api("fresh", "/drop"), ASKER_API)],
    }
