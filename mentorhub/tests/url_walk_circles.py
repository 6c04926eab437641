"""URL-walk rows for circles and peers (see test_url_walk.py for the table's rules).

The walk's programs are traditional and its mentorship (Mona and Max) is proposed, so the
members' leave and the managers' circle are refused with a reason (a flash, or 409/422);
what matters here is who gets that far: members, managers (403 where members only), and
nobody from another organization (404).
"""

from __future__ import annotations

from typing import Any

LOGIN, NO_TOKEN = 302, 401
MEMBERS_POST = (LOGIN, 302, 302, 403, 403, 404)
MEMBERS_OK = (None, "ok", "ok", None, None, None)
MEMBERS_NO = (None, "no", "no", None, None, None)
MANAGERS_POST = (LOGIN, 403, 403, 302, 302, 404)
MANAGERS_NO = (None, None, None, "no", "no", None)


def _goal(w: Any) -> int:
    from mentorhub.tests.test_url_walk import walk_plan  # the walk's own goal, made on use

    return walk_plan(w)["goal"]


def _mentorship(w: Any) -> str:
    return f"/mentorships/{w.mentorship_id}"


def _api(w: Any) -> str:
    return f"/api/mentorships/{w.mentorship_id}"


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "mentorships/<int:mentorship_id>/leave/": [
            C("post", lambda w: _mentorship(w) + "/leave/", MEMBERS_POST, flash=MEMBERS_NO)
        ],
        "mentorships/<int:mentorship_id>/exchange/": [
            C(
                "post",
                lambda w: _mentorship(w) + "/exchange/",
                MEMBERS_POST,
                {"offers": "Walk", "seeks": "Talk"},
                flash=MEMBERS_OK,
            )
        ],
        "mentorships/<int:mentorship_id>/goals/<int:goal_id>/comments/": [
            C(
                "post",
                lambda w: _mentorship(w) + f"/goals/{_goal(w)}/comments/",
                MEMBERS_POST,
                {"body": "Nice progress"},
                flash=MEMBERS_OK,
            )
        ],
        "mentorships/circles/<int:program_id>/": [
            C(
                "post",
                lambda w: f"/mentorships/circles/{w.scenario.program.pk}/",
                MANAGERS_POST,
                flash=MANAGERS_NO,  # nobody chosen
            )
        ],
        "api/programs/<program_id>/circles": [
            C(
                "post",
                lambda w: f"/api/programs/{w.scenario.program.pk}/circles",
                (NO_TOKEN, 403, 403, 422, 422, 404),  # a traditional program forms no circles
                lambda w: {
                    "enrollments": [
                        w.scenario.mentor_enrollment.pk,
                        w.scenario.mentee_enrollment.pk,
                    ]
                },
            )
        ],
        "api/mentorships/<mentorship_id>/leave": [
            C("post", lambda w: _api(w) + "/leave", (NO_TOKEN, 409, 409, 403, 403, 404), {})
        ],
        "api/mentorships/<mentorship_id>/exchange": [
            C(
                "put",
                lambda w: _api(w) + "/exchange",
                (NO_TOKEN, 200, 200, 403, 403, 404),
                {"offers": "Walk", "seeks": "Talk"},
            )
        ],
        "api/mentorships/<mentorship_id>/goals/<goal_id>/comments": [
            C(
                "get",
                lambda w: _api(w) + f"/goals/{_goal(w)}/comments",
                (NO_TOKEN, 200, 200, 403, 403, 404),
            ),
            C(
                "post",
                lambda w: _api(w) + f"/goals/{_goal(w)}/comments",
                (NO_TOKEN, 201, 201, 403, 403, 404),
                {"body": "Nice progress"},
            ),
        ],
    }
