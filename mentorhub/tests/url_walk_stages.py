"""URL-walk rows for the stages of structured programs (see test_url_walk.py for the rules).

The walk's formal program (url_walk_formal) is open, so every member of Acme sees it: all of
them read its stages through the API, only Pete and Alice change them; Charlie gets 404.
A program whose approach has no stages has no structure page (404, even for its managers).
Adding the stage goals to running mentorships is for the managers too: the walk's formal
program is given stages first (it has no running mentorship, so nothing is added).
"""

from __future__ import annotations

from typing import Any

from mentorhub.programs.models import Program
from mentorhub.programs.stages import StagePlan, set_stages
from mentorhub.tests.url_walk_formal import program

LOGIN, NO_TOKEN = 302, 401
OUTLINE = {"stages": "## Getting started (2 weeks)\nAgree the plan\n- Agreement confirmed\n"}
API_BODY = {"stages": [{"title": "Getting started", "weeks": 2}]}


def staged(w: Any) -> Program:
    """The walk's formal program, with one stage."""
    made = program(w)
    if not made.stages.exists():
        set_stages(w.scenario.pete, made, [StagePlan("Getting started", 2, "", [{"title": "G"}])])
    return made


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "programs/<int:program_id>/structure/": [
            C(
                "get",
                lambda w: f"/programs/{program(w).pk}/structure/",
                (LOGIN, 403, 403, 200, 200, 404),
            ),
            C(
                "post",
                lambda w: f"/programs/{program(w).pk}/structure/",
                (LOGIN, 403, 403, 302, 302, 404),
                OUTLINE,
                flash=(None, None, None, "ok", "ok", None),
            ),
            C(
                "get",
                lambda w: f"/programs/{w.scenario.program.pk}/structure/",
                (LOGIN, 403, 403, 404, 404, 404),
            ),
        ],
        "programs/<int:program_id>/structure/apply/": [
            C(
                "post",
                lambda w: f"/programs/{staged(w).pk}/structure/apply/",
                (LOGIN, 403, 403, 302, 302, 404),
                flash=(None, None, None, "ok", "ok", None),
            ),
            C(
                "post",
                lambda w: f"/programs/{w.scenario.program.pk}/structure/apply/",
                (LOGIN, 403, 403, 404, 404, 404),
            ),
        ],
        "api/programs/<program_id>/structure/apply": [
            C(
                "post",
                lambda w: f"/api/programs/{staged(w).pk}/structure/apply",
                (NO_TOKEN, 403, 403, 200, 200, 404),
            ),
        ],
        "api/programs/<program_id>/structure": [
            C(
                "get",
                lambda w: f"/api/programs/{program(w).pk}/structure",
                (NO_TOKEN, 200, 200, 200, 200, 404),
            ),
            C(
                "put",
                lambda w: f"/api/programs/{program(w).pk}/structure",
                (NO_TOKEN, 403, 403, 200, 200, 404),
                API_BODY,
            ),
        ],
    }
