"""URL-walk rows for formal programs (see test_url_walk.py for the table's rules).

The walk's formal program "Walk formal" is made on first use: Pete manages it, and Max has
applied as a mentee. Pete and Alice decide applications; Max may not decide his own (403),
Mona does not see it (404), Charlie gets 404. Only Max acknowledges the guidelines: the
managers see his enrollment but may not act for him (403).
"""

from __future__ import annotations

from typing import Any

from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import create_program, enroll, set_program_status

LOGIN, NO_TOKEN = 302, 401


def program(w: Any) -> Program:
    found = Program.objects.filter(name="Walk formal").first()
    if found is not None:
        return found
    s = w.scenario
    made = create_program(
        s.pete,
        {"name": "Walk formal", "approach": "formal", "evergreen": True, "guidelines": "Be kind"},
    )
    set_program_status(s.pete, made, "open")
    made.refresh_from_db()
    enroll(s.max, made, "mentee", "Walk goals")
    return made


def applicant_id(w: Any) -> int:
    return Enrollment.objects.get(program=program(w), person=w.scenario.max).pk


DECIDE_WEB = (LOGIN, 403, 404, 302, 302, 404)
DECIDE_OK = (None, None, None, "ok", "ok", None)
DECIDE_API = (NO_TOKEN, 403, 404, 200, 200, 404)


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "programs/enrollments/<int:enrollment_id>/approve/": [
            C(
                "post",
                lambda w: f"/programs/enrollments/{applicant_id(w)}/approve/",
                DECIDE_WEB,
                flash=DECIDE_OK,
            )
        ],
        "programs/enrollments/<int:enrollment_id>/decline/": [
            C(
                "post",
                lambda w: f"/programs/enrollments/{applicant_id(w)}/decline/",
                DECIDE_WEB,
                {"reason": "Walk reason"},
                flash=DECIDE_OK,
            )
        ],
        "programs/enrollments/<int:enrollment_id>/acknowledge/": [
            C(
                "post",
                lambda w: f"/programs/enrollments/{applicant_id(w)}/acknowledge/",
                (LOGIN, 302, 404, 403, 403, 404),
                flash=(None, "ok", None, None, None, None),
            )
        ],
        "api/programs/<program_id>/applicants": [
            C(
                "get",
                lambda w: f"/api/programs/{program(w).pk}/applicants",
                (NO_TOKEN, 403, 403, 200, 200, 404),
            )
        ],
        "api/enrollments/<enrollment_id>/approve": [
            C("post", lambda w: f"/api/enrollments/{applicant_id(w)}/approve", DECIDE_API)
        ],
        "api/enrollments/<enrollment_id>/decline": [
            C(
                "post",
                lambda w: f"/api/enrollments/{applicant_id(w)}/decline",
                DECIDE_API,
                {"reason": "Walk reason"},
            )
        ],
        "api/enrollments/<enrollment_id>/acknowledge": [
            C(
                "post",
                lambda w: f"/api/enrollments/{applicant_id(w)}/acknowledge",
                (NO_TOKEN, 200, 404, 403, 403, 404),
            )
        ],
    }
