"""URL-walk rows for circles and peers (see test_url_walk.py for the table's rules).

The walk's programs are traditional and its mentorship (Mona and Max) is proposed, so the
members' leave and the managers' circle are refused with a reason (a flash, or 409/422);
what matters here is who gets that far: members, managers (403 where members only), and
nobody from another organization (404).

Invitations to top up a circle need a circle: the group program "Walk circles" is made on
first use, with Mona leading Cy and Di; Max is invited to join (the invitee answers, Pete
and Alice may withdraw, Mona sees it as a member, Charlie gets 404).
"""

from __future__ import annotations

from typing import Any

LOGIN, NO_TOKEN = 302, 401
INVITEE_POST = (LOGIN, 302, 403, 403, 403, 404)
INVITEE_OK = (None, "ok", None, None, None, None)
INVITEE_API = (NO_TOKEN, 200, 403, 403, 403, 404)
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


def invitation(w: Any) -> int:
    """Max's invitation to Mona's active circle in "Walk circles", made on first use."""
    from conftest import make_person
    from mentorhub.mentorships.circle_invitations import invite_to_circle
    from mentorhub.mentorships.circles import propose_circle
    from mentorhub.mentorships.models import CircleInvitation
    from mentorhub.mentorships.tests.circle_helpers import accept_all
    from mentorhub.programs.services import create_program, enroll, set_program_status

    found = CircleInvitation.objects.filter(mentorship__program__name="Walk circles").first()
    if found is not None:
        return found.pk
    s = w.scenario
    program = create_program(
        s.pete, {"name": "Walk circles", "approach": "group", "evergreen": True}
    )
    set_program_status(s.pete, program, "open")
    program.refresh_from_db()
    people = [s.mona] + [make_person(s.org, name, level=2) for name in ("Cy Circle", "Di Circle")]
    circle = [enroll(people[0], program, "mentor", capacity=1)]
    circle += [enroll(p, program, "mentee") for p in people[1:]]
    program.circle_min_size = 2
    program.save(update_fields=["circle_min_size"])
    active = accept_all(propose_circle(s.pete, program, circle))
    return invite_to_circle(s.pete, active, enroll(s.max, program, "mentee")).pk


def _invitation(w: Any, then: str = "") -> str:
    return f"/mentorships/invitations/{invitation(w)}/{then}"


def _api_invitation(w: Any, then: str) -> str:
    return f"/api/circle-invitations/{invitation(w)}/{then}"


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
        "mentorships/<int:mentorship_id>/invite/": [
            C(
                "post",
                lambda w: f"/mentorships/{w.active_id}/invite/",  # Mona and Ann; Max is not in it
                (LOGIN, 404, 403, 302, 302, 404),
                lambda w: {"enrollment": w.scenario.mentee_enrollment.pk},
                flash=(None, None, None, "no", "no", None),  # a traditional pair has no circle
            )
        ],
        "mentorships/invitations/<int:invitation_id>/": [
            C("get", _invitation, (LOGIN, 200, 200, 200, 200, 404))
        ],
        "mentorships/invitations/<int:invitation_id>/accept/": [
            C("post", lambda w: _invitation(w, "accept/"), INVITEE_POST, flash=INVITEE_OK)
        ],
        "mentorships/invitations/<int:invitation_id>/decline/": [
            C("post", lambda w: _invitation(w, "decline/"), INVITEE_POST, flash=INVITEE_OK)
        ],
        "mentorships/invitations/<int:invitation_id>/withdraw/": [
            C(
                "post",
                lambda w: _invitation(w, "withdraw/"),
                (LOGIN, 403, 403, 302, 302, 404),
                flash=(None, None, None, "ok", "ok", None),
            )
        ],
        "api/mentorships/<mentorship_id>/invitations": [
            C("get", lambda w: _api(w) + "/invitations", (NO_TOKEN, 200, 200, 200, 200, 404)),
            C(
                "post",
                lambda w: f"/api/mentorships/{w.active_id}/invitations",
                (NO_TOKEN, 404, 403, 422, 422, 404),
                lambda w: {"enrollment": w.scenario.mentee_enrollment.pk},
            ),
        ],
        "api/circle-invitations": [
            C("get", lambda w: "/api/circle-invitations", (NO_TOKEN, 200, 200, 200, 200, 200))
        ],
        "api/circle-invitations/<invitation_id>/accept": [
            C("post", lambda w: _api_invitation(w, "accept"), INVITEE_API, {})
        ],
        "api/circle-invitations/<invitation_id>/decline": [
            C("post", lambda w: _api_invitation(w, "decline"), INVITEE_API, {})
        ],
        "api/circle-invitations/<invitation_id>/withdraw": [
            C(
                "post",
                lambda w: _api_invitation(w, "withdraw"),
                (NO_TOKEN, 403, 403, 200, 200, 404),
                {},
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
