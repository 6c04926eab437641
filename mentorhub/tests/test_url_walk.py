"""Every URL of the project (web and API), as every role, answers with the expected status.

The table below must name every URL pattern: a new URL without a row fails
`test_every_url_pattern_is_in_the_table`, so access rules are decided when a URL is added.
Roles: anonymous, mentee (Max), mentor (Mona), manager (Pete), admin (Alice), and an
outsider (Charlie, org admin of another organization).
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from mentorhub.accounts.models import hash_token
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.people.declarations import declare_conflict
from mentorhub.people.models import Invitation
from mentorhub.people.services import create_api_token
from mentorhub.programs.services import enroll
from mentorhub.tests.url_walk_calendar import routes as calendar_routes
from mentorhub.tests.url_walk_careers import routes as careers_routes
from mentorhub.tests.url_walk_circles import routes as circles_routes
from mentorhub.tests.url_walk_crisis import routes as crisis_routes
from mentorhub.tests.url_walk_feedback import routes as feedback_routes
from mentorhub.tests.url_walk_flash import routes as flash_routes
from mentorhub.tests.url_walk_formal import routes as formal_routes
from mentorhub.tests.url_walk_journal import routes as journal_routes
from mentorhub.tests.url_walk_meetings import routes as meeting_routes
from mentorhub.tests.url_walk_messaging import routes as messaging_routes
from mentorhub.tests.url_walk_stages import routes as stages_routes

ROLES = ("anonymous", "mentee", "mentor", "manager", "admin", "outsider")


@dataclass
class World:
    scenario: Any
    mentorship_id: int  # proposed: Mona mentoring Max
    active_id: int  # active: Mona mentoring Ann (Max is not in it)
    invitation_token: str
    mentor_token_id: int
    conflict_id: int  # declared by Max, with Pete
    tokens: dict[str, str] = field(default_factory=dict)
    draft: dict[str, int] = field(default_factory=dict)

    def match_run(self) -> dict[str, int]:
        """A draft match run, made on first use (only the matching rows pay for it).

        Vera (1 seat) and Otto (2 seats) mentor Nina, Paul and Quinn; one of Otto's pairs
        is then removed, so `vera_pair` and `otto_pair` can swap, and `unpaired` can be
        added to Otto by hand.
        """
        if not self.draft:
            self.draft = _draft_run(self.scenario)
        return self.draft

    def person(self, role: str):
        s = self.scenario
        return {
            "mentee": s.max,
            "mentor": s.mona,
            "manager": s.pete,
            "admin": s.alice,
            "outsider": s.charlie,
        }.get(role)


@dataclass(frozen=True)
class Case:
    method: str
    path: Callable[[World], str]
    expect: tuple[int, int, int, int, int, int]  # in ROLES order
    data: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    # For redirects after a button: the message each role sees ("ok" success, "no" refusal),
    # so a refusal can never pass for a success (both answer 302).
    flash: tuple[str | None, ...] | None = None

    def body(self, w: World) -> dict[str, Any]:
        return self.data(w) if callable(self.data) else dict(self.data or {})

    def status_for(self, role: str) -> int:
        return self.expect[ROLES.index(role)]


def S(*codes: int) -> tuple[int, int, int, int, int, int]:
    assert len(codes) == len(ROLES)
    return codes  # type: ignore[return-value]


def program(w: World) -> int:
    return w.scenario.program.pk


def F(*outcomes: str | None) -> tuple[str | None, ...]:
    assert len(outcomes) == len(ROLES)
    return outcomes


LOGIN = 302  # the anonymous visitor is sent to sign in
# Match runs and matching settings: managers only; others who see the program get 403.
MANAGERS_PAGE = S(LOGIN, 403, 403, 200, 200, 404)
MANAGERS_WEB = S(LOGIN, 403, 403, 302, 302, 404)
MANAGERS_OK = F(None, None, None, "ok", "ok", None)
# A mentorship's agreement and plan writes: its members only; managers who see it get 403.
MEMBERS_ONLY_PAGE = S(LOGIN, 200, 200, 403, 403, 404)
MEMBERS_ONLY_WEB = S(LOGIN, 302, 302, 403, 403, 404)
MEMBERS_OK = F(None, "ok", "ok", None, None, None)
PLAN_PAGE = S(LOGIN, 404, 404, 200, 200, 404)  # a program's plan: its managers only
WEIGHT_NAMES = (
    "goals",
    "skills",
    "interests",
    "questionnaire",
    "availability",
    "diversity",
    "rankings",
)


def web_run(w: World) -> str:
    return f"/matching/runs/{w.match_run()['run']}/"


def web_pair(w: World) -> str:
    return f"{web_run(w)}pairs/{w.match_run()['vera_pair']}/"


MEMBERS = S(LOGIN, 200, 200, 200, 200, 200)  # any signed-in member of any organization
ACME_ONLY = S(LOGIN, 200, 200, 200, 200, 404)  # objects of Acme: the outsider sees nothing

WEB: dict[str, list[Case]] = {
    "": [Case("get", lambda w: "/", MEMBERS)],
    "login/": [Case("get", lambda w: "/login/", S(200, 302, 302, 302, 302, 302))],
    "logout/": [Case("post", lambda w: "/logout/", S(302, 302, 302, 302, 302, 302))],
    "password-reset/": [Case("get", lambda w: "/password-reset/", S(*[200] * 6))],
    "password-reset/sent/": [Case("get", lambda w: "/password-reset/sent/", S(*[200] * 6))],
    "password-reset/<uidb64>/<token>/": [
        Case("get", lambda w: "/password-reset/MQ/bad-token/", S(*[200] * 6))
    ],
    "password-reset/done/": [Case("get", lambda w: "/password-reset/done/", S(*[200] * 6))],
    "invitations/<str:token>/": [
        Case("get", lambda w: f"/invitations/{w.invitation_token}/", S(*[200] * 6)),
        Case("get", lambda w: "/invitations/not-a-real-token/", S(*[404] * 6)),
    ],
    "switch/<int:person_id>/": [
        Case("post", lambda w: f"/switch/{w.scenario.max.pk}/", S(LOGIN, 302, 404, 404, 404, 404))
    ],
    "tokens/": [Case("get", lambda w: "/tokens/", MEMBERS)],
    "tokens/<int:token_id>/revoke/": [
        Case(
            "post",
            lambda w: f"/tokens/{w.mentor_token_id}/revoke/",
            S(LOGIN, 404, 302, 404, 404, 404),
            flash=F(None, None, "ok", None, None, None),
        )
    ],
    "people/": [Case("get", lambda w: "/people/", MEMBERS)],
    "people/me/": [Case("get", lambda w: "/people/me/", MEMBERS)],
    "people/me/email/": [
        Case("get", lambda w: "/people/me/email/", MEMBERS),
        Case(
            "post",
            lambda w: "/people/me/email/",
            S(LOGIN, 302, 302, 302, 302, 302),
            {"mentorships": "on"},
            flash=F(None, "ok", "ok", "ok", "ok", "ok"),
        ),
    ],
    "people/conflicts/": [Case("get", lambda w: "/people/conflicts/", MEMBERS)],
    "people/conflicts/<int:conflict_id>/withdraw/": [
        Case(
            "post",
            lambda w: f"/people/conflicts/{w.conflict_id}/withdraw/",
            S(LOGIN, 302, 404, 404, 302, 404),  # the declarer and the admins only
            flash=F(None, "ok", None, None, "ok", None),
        )
    ],
    "people/invite/": [Case("get", lambda w: "/people/invite/", S(LOGIN, 403, 403, 403, 200, 200))],
    "people/import/": [Case("get", lambda w: "/people/import/", S(LOGIN, 403, 403, 403, 200, 200))],
    "people/<int:person_id>/": [Case("get", lambda w: f"/people/{w.scenario.max.pk}/", ACME_ONLY)],
    "people/<int:person_id>/edit/": [
        Case(
            "get", lambda w: f"/people/{w.scenario.max.pk}/edit/", S(LOGIN, 200, 403, 403, 200, 404)
        )
    ],
    "people/<int:person_id>/role/": [
        Case(
            "post",
            lambda w: f"/people/{w.scenario.mona.pk}/role/",
            S(LOGIN, 403, 403, 403, 302, 404),
            {"role": "program_manager"},
            flash=F(None, None, None, None, "ok", None),
        )
    ],
    "people/<int:person_id>/invitation/": [
        Case(
            "post",
            lambda w: f"/people/{w.scenario.max.pk}/invitation/",
            S(LOGIN, 403, 403, 403, 302, 404),
            flash=F(None, None, None, None, "no", None),  # Max already has a password
        )
    ],
    "programs/": [Case("get", lambda w: "/programs/", MEMBERS)],
    "programs/new/": [Case("get", lambda w: "/programs/new/", S(LOGIN, 403, 403, 200, 200, 200))],
    "programs/<int:program_id>/": [Case("get", lambda w: f"/programs/{program(w)}/", ACME_ONLY)],
    "programs/<int:program_id>/edit/": [
        Case("get", lambda w: f"/programs/{program(w)}/edit/", S(LOGIN, 403, 403, 200, 200, 404))
    ],
    "programs/<int:program_id>/status/": [
        Case(
            "post",
            lambda w: f"/programs/{program(w)}/status/",
            S(LOGIN, 403, 403, 302, 302, 404),
            {"status": "running"},
            flash=F(None, None, None, "ok", "ok", None),
        )
    ],
    "programs/<int:program_id>/enroll/": [
        Case("get", lambda w: f"/programs/{program(w)}/enroll/", ACME_ONLY)
    ],
    "programs/<int:program_id>/pair/": [
        # nobody chosen: managers see the form again with what is missing
        Case("post", lambda w: f"/programs/{program(w)}/pair/", S(LOGIN, 403, 403, 200, 200, 404))
    ],
    "programs/<int:program_id>/request/<int:enrollment_id>/": [
        Case(
            "post",
            lambda w: f"/programs/{program(w)}/request/{w.scenario.mentor_enrollment.pk}/",
            S(LOGIN, 302, 302, 302, 302, 404),
            # Max already has a live mentorship with Mona; the others are not mentees here
            flash=F(None, "no", "no", "no", "no", None),
        )
    ],
    "programs/<int:program_id>/enrollments.csv": [
        Case(
            "get",
            lambda w: f"/programs/{program(w)}/enrollments.csv",
            S(LOGIN, 403, 403, 200, 200, 404),
        )
    ],
    "programs/enrollments/<int:enrollment_id>/edit/": [
        Case(
            "get",
            lambda w: f"/programs/enrollments/{w.scenario.mentor_enrollment.pk}/edit/",
            S(LOGIN, 404, 200, 200, 200, 404),
        )
    ],
    "programs/enrollments/<int:enrollment_id>/withdraw/": [
        Case(
            "post",
            lambda w: f"/programs/enrollments/{w.scenario.mentee_enrollment.pk}/withdraw/",
            S(LOGIN, 302, 404, 302, 302, 404),
            flash=F(None, "ok", None, "ok", "ok", None),
        )
    ],
    "mentorships/": [Case("get", lambda w: "/mentorships/", MEMBERS)],
    "mentorships/<int:mentorship_id>/": [
        Case("get", lambda w: f"/mentorships/{w.mentorship_id}/", ACME_ONLY)
    ],
    "mentorships/<int:mentorship_id>/accept/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/accept/",
            S(LOGIN, 302, 302, 403, 403, 404),
            flash=F(None, "ok", "ok", None, None, None),
        )
    ],
    "mentorships/<int:mentorship_id>/decline/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/decline/",
            S(LOGIN, 302, 302, 403, 403, 404),
            {"reason_code": "busy"},
            flash=F(None, "ok", "ok", None, None, None),
        )
    ],
    "mentorships/<int:mentorship_id>/withdraw/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/withdraw/",
            S(LOGIN, 403, 403, 302, 302, 404),
            flash=F(None, None, None, "ok", "ok", None),
        )
    ],
    "mentorships/<int:mentorship_id>/close/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.active_id}/close/",
            S(LOGIN, 404, 302, 302, 302, 404),  # Max is not in the active one
            {"mode": "completed", "reason": "done"},
            flash=F(None, None, "ok", "ok", "ok", None),
        )
    ],
    # A mentorship's plan: members write; managers read goals, see only the agreement's state.
    "mentorships/<int:mentorship_id>/agreement/": [
        Case("get", lambda w: f"/mentorships/{w.mentorship_id}/agreement/", MEMBERS_ONLY_PAGE),
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/agreement/",
            MEMBERS_ONLY_WEB,
            {"cadence": "weekly", "meeting_minutes": 30, "channels": ["video"]},
            flash=MEMBERS_OK,
        ),
    ],
    "mentorships/<int:mentorship_id>/agreement/confirm/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/agreement/confirm/",
            MEMBERS_ONLY_WEB,
            flash=MEMBERS_OK,
        )
    ],
    "mentorships/<int:mentorship_id>/goals/": [
        Case("get", lambda w: f"/mentorships/{w.mentorship_id}/goals/", ACME_ONLY),
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/goals/",
            MEMBERS_ONLY_WEB,
            {"title": "Walk goal"},
            flash=MEMBERS_OK,
        ),
    ],
    "mentorships/<int:mentorship_id>/goals/<int:goal_id>/status/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/goals/{walk_plan(w)['goal']}/status/",
            MEMBERS_ONLY_WEB,
            {"status": "achieved"},
            flash=MEMBERS_OK,
        )
    ],
    "mentorships/<int:mentorship_id>/goals/<int:goal_id>/edit/": [
        Case("get", lambda w: web_step(w, "goal") + "edit/", MEMBERS_ONLY_PAGE),
        Case(
            "post",
            lambda w: web_step(w, "goal") + "edit/",
            MEMBERS_ONLY_WEB,
            {"edit-title": "Renamed"},
            flash=MEMBERS_OK,
        ),
    ],
    "mentorships/<int:mentorship_id>/goals/<int:goal_id>/delete/": [
        Case("get", lambda w: web_step(w, "goal") + "delete/", MEMBERS_ONLY_PAGE),
        Case("post", lambda w: web_step(w, "goal") + "delete/", MEMBERS_ONLY_WEB, flash=MEMBERS_OK),
    ],
    "mentorships/<int:mentorship_id>/milestones/<int:milestone_id>/edit/": [
        Case("get", lambda w: web_step(w, "milestone") + "edit/", MEMBERS_ONLY_PAGE),
        Case(
            "post",
            lambda w: web_step(w, "milestone") + "edit/",
            MEMBERS_ONLY_WEB,
            {"edit-title": "Renamed", "edit-due_on": "2026-09-30"},
            flash=MEMBERS_OK,
        ),
    ],
    "mentorships/<int:mentorship_id>/milestones/<int:milestone_id>/delete/": [
        Case(
            "post",
            lambda w: web_step(w, "milestone") + "delete/",
            MEMBERS_ONLY_WEB,
            flash=MEMBERS_OK,
        )
    ],
    "mentorships/<int:mentorship_id>/tasks/<int:task_id>/edit/": [
        Case("get", lambda w: web_step(w, "task") + "edit/", MEMBERS_ONLY_PAGE),
        Case(
            "post",
            lambda w: web_step(w, "task") + "edit/",
            MEMBERS_ONLY_WEB,
            lambda w: {"edit-title": "Renamed", "edit-owner": w.scenario.mona.pk},
            flash=MEMBERS_OK,
        ),
    ],
    "mentorships/<int:mentorship_id>/tasks/<int:task_id>/delete/": [
        Case("post", lambda w: web_step(w, "task") + "delete/", MEMBERS_ONLY_WEB, flash=MEMBERS_OK)
    ],
    "mentorships/<int:mentorship_id>/goals/<int:goal_id>/milestones/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/goals/{walk_plan(w)['goal']}/milestones/",
            MEMBERS_ONLY_WEB,
            lambda w: {f"g{walk_plan(w)['goal']}m-title": "Walk milestone"},
            flash=MEMBERS_OK,
        )
    ],
    "mentorships/<int:mentorship_id>/goals/<int:goal_id>/tasks/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/goals/{walk_plan(w)['goal']}/tasks/",
            MEMBERS_ONLY_WEB,
            lambda w: {f"g{walk_plan(w)['goal']}t-title": "Walk task"},
            flash=MEMBERS_OK,
        )
    ],
    "mentorships/<int:mentorship_id>/tasks/<int:task_id>/done/": [
        Case(
            "post",
            lambda w: f"/mentorships/{w.mentorship_id}/tasks/{walk_plan(w)['task']}/done/",
            MEMBERS_ONLY_WEB,
        )
    ],
    "mentorships/<int:mentorship_id>/milestones/<int:milestone_id>/done/": [
        Case(
            "post",
            lambda w: (
                f"/mentorships/{w.mentorship_id}/milestones/{walk_plan(w)['milestone']}/done/"
            ),
            MEMBERS_ONLY_WEB,
        )
    ],
    "mentorships/plans/<int:program_id>/": [
        Case("get", lambda w: f"/mentorships/plans/{program(w)}/", PLAN_PAGE),
        Case(
            "post",
            lambda w: f"/mentorships/plans/{program(w)}/",
            S(LOGIN, 404, 404, 302, 302, 404),
            {"cadence": "monthly", "meeting_minutes": 45, "goal_template": "Grow\n- Halfway"},
            flash=MANAGERS_OK,
        ),
    ],
    "audit/": [Case("get", lambda w: "/audit/", S(LOGIN, 403, 403, 403, 200, 200))],
    "matching/programs/<int:program_id>/runs/": [
        Case(
            "post",
            lambda w: f"/matching/programs/{program(w)}/runs/",
            MANAGERS_WEB,
            {"method": "optimal"},
            flash=MANAGERS_OK,
        )
    ],
    "matching/programs/<int:program_id>/settings/": [
        Case("get", lambda w: f"/matching/programs/{program(w)}/settings/", MANAGERS_PAGE),
        Case(
            "post",
            lambda w: f"/matching/programs/{program(w)}/settings/",
            MANAGERS_WEB,
            {
                "shared_language": "on",
                "expertise": "on",
                "max_open_requests": 5,
                "request_expiry_days": 14,
                "circle_min_size": 3,
                "circle_max_size": 8,
                **{f"weight_{name}": 1 for name in WEIGHT_NAMES},
            },
            flash=MANAGERS_OK,
        ),
    ],
    "matching/runs/<int:run_id>/": [Case("get", lambda w: web_run(w), MANAGERS_PAGE)],
    "matching/runs/<int:run_id>/progress/": [
        Case("get", lambda w: web_run(w) + "progress/", MANAGERS_PAGE)
    ],
    "matching/runs/<int:run_id>/rerun/": [
        Case("post", lambda w: web_run(w) + "rerun/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/runs/<int:run_id>/discard/": [
        Case("post", lambda w: web_run(w) + "discard/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/runs/<int:run_id>/publish/": [
        Case("post", lambda w: web_run(w) + "publish/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/runs/<int:run_id>/swap/": [
        Case(
            "post",
            lambda w: web_run(w) + "swap/",
            MANAGERS_WEB,
            lambda w: {"pair_a": w.match_run()["vera_pair"], "pair_b": w.match_run()["otto_pair"]},
            flash=MANAGERS_OK,
        )
    ],
    "matching/runs/<int:run_id>/pairs/add/": [
        Case(
            "post",
            lambda w: web_run(w) + "pairs/add/",
            MANAGERS_WEB,
            lambda w: {"mentee": w.match_run()["unpaired"], "mentor": w.match_run()["otto"]},
            flash=MANAGERS_OK,
        )
    ],
    "matching/runs/<int:run_id>/pairs/<int:pair_id>/remove/": [
        Case("post", lambda w: web_pair(w) + "remove/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/runs/<int:run_id>/pairs/<int:pair_id>/lock/": [
        Case("post", lambda w: web_pair(w) + "lock/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/runs/<int:run_id>/pairs/<int:pair_id>/forbid/": [
        Case("post", lambda w: web_pair(w) + "forbid/", MANAGERS_WEB, flash=MANAGERS_OK)
    ],
    "matching/enrollments/<int:enrollment_id>/preferences/": [
        Case(
            "get",
            lambda w: f"/matching/enrollments/{w.scenario.mentee_enrollment.pk}/preferences/",
            S(LOGIN, 200, 404, 403, 403, 404),  # Max's own; managers see it, 403
        ),
        Case(
            "post",
            lambda w: f"/matching/enrollments/{w.scenario.mentee_enrollment.pk}/preferences/",
            S(LOGIN, 302, 404, 403, 403, 404),
            lambda w: {f"rank_{w.scenario.mentor_enrollment.pk}": 1},
            flash=F(None, "ok", None, None, None, None),
        ),
    ],
}


def pair(w: World) -> dict[str, int]:
    return {
        "mentor_enrollment": w.scenario.mentor_enrollment.pk,
        "mentee_enrollment": w.scenario.mentee_enrollment.pk,
    }


def mentorship(w: World) -> str:
    return f"/api/mentorships/{w.mentorship_id}"


def walk_plan(w: World) -> dict[str, int]:
    """A goal with a milestone and a task in the proposed mentorship, made on first use."""
    made = getattr(w, "plan_ids", None)
    if made is None:
        from mentorhub.mentorships import goals

        target = w.scenario.program.mentorships.get(pk=w.mentorship_id)
        goal = goals.add_goal(w.scenario.max, target, "Walk")
        milestone = goals.add_milestone(w.scenario.max, goal, "Halfway")
        task = goals.add_task(w.scenario.max, goal, "Read", milestone=milestone)
        made = {"goal": goal.pk, "milestone": milestone.pk, "task": task.pk}
        setattr(w, "plan_ids", made)  # noqa: B010 -- World has no field for it
    return made


def api_goal(w: World) -> str:
    return mentorship(w) + f"/goals/{walk_plan(w)['goal']}"


def api_step(w: World, kind: str) -> str:
    return mentorship(w) + f"/{kind}s/{walk_plan(w)[kind]}"


def web_step(w: World, kind: str) -> str:
    """The web address of the walk's goal, milestone or task."""
    return f"/mentorships/{w.mentorship_id}/{kind}s/{walk_plan(w)[kind]}/"


def match_run(w: World) -> str:
    return f"/api/match-runs/{w.match_run()['run']}"


def mentee_enrollment(w: World) -> str:
    return f"/api/enrollments/{w.scenario.mentee_enrollment.pk}"


NO_TOKEN = 401
MANAGERS_API = S(NO_TOKEN, 403, 403, 200, 200, 404)  # others who see the program get 403
OWN_ENROLLMENT = S(NO_TOKEN, 200, 404, 403, 403, 404)  # Max's own; managers see it, 403
TOKEN_HOLDERS = S(NO_TOKEN, 200, 200, 200, 200, 200)
ACME_API = S(NO_TOKEN, 200, 200, 200, 200, 404)
MEMBERS_API = S(NO_TOKEN, 200, 200, 403, 403, 404)  # the mentorship's members write
MEMBERS_CREATE = S(NO_TOKEN, 201, 201, 403, 403, 404)
PLAN_API = S(NO_TOKEN, 404, 404, 200, 200, 404)
PUBLIC = S(*[200] * 6)

API: dict[str, list[Case]] = {
    "api/": [Case("get", lambda w: "/api/", S(*[404] * 6))],
    "api/openapi.json": [Case("get", lambda w: "/api/openapi.json", PUBLIC)],
    "api/docs": [Case("get", lambda w: "/api/docs", PUBLIC)],
    "api/me": [Case("get", lambda w: "/api/me", TOKEN_HOLDERS)],
    "api/me/email-preferences": [
        Case("get", lambda w: "/api/me/email-preferences", TOKEN_HOLDERS),
        Case("put", lambda w: "/api/me/email-preferences", TOKEN_HOLDERS, {"news": False}),
    ],
    "api/people": [Case("get", lambda w: "/api/people", TOKEN_HOLDERS)],
    "api/people/invitations": [
        Case(
            "post",
            lambda w: "/api/people/invitations",
            S(NO_TOKEN, 403, 403, 403, 201, 201),
            {"email": "new.person@example.org", "name": "New Person"},
        )
    ],
    "api/people/<person_id>": [
        Case("get", lambda w: f"/api/people/{w.scenario.max.pk}", ACME_API),
        Case(
            "patch",
            lambda w: f"/api/people/{w.scenario.max.pk}",
            S(NO_TOKEN, 200, 403, 403, 200, 404),
            {"bio": "Updated"},
        ),
    ],
    "api/people/<person_id>/role": [
        Case(
            "post",
            lambda w: f"/api/people/{w.scenario.mona.pk}/role",
            S(NO_TOKEN, 403, 403, 403, 200, 404),
            {"role": "program_manager"},
        )
    ],
    "api/programs": [
        Case("get", lambda w: "/api/programs", TOKEN_HOLDERS),
        Case(
            "post",
            lambda w: "/api/programs",
            S(NO_TOKEN, 403, 403, 201, 201, 201),
            {"name": "New", "approach": "peer", "evergreen": True},
        ),
    ],
    "api/programs/<program_id>": [
        Case("get", lambda w: f"/api/programs/{program(w)}", ACME_API),
        Case(
            "patch",
            lambda w: f"/api/programs/{program(w)}",
            S(NO_TOKEN, 403, 403, 200, 200, 404),
            {"description": "Now with more"},
        ),
    ],
    "api/programs/<program_id>/status": [
        Case(
            "post",
            lambda w: f"/api/programs/{program(w)}/status",
            S(NO_TOKEN, 403, 403, 200, 200, 404),
            {"status": "running"},
        )
    ],
    "api/programs/<program_id>/managers": [
        Case(
            "put",
            lambda w: f"/api/programs/{program(w)}/managers",
            S(NO_TOKEN, 403, 403, 403, 200, 404),
            {"managers": []},
        )
    ],
    "api/programs/<program_id>/enrollments": [
        Case("get", lambda w: f"/api/programs/{program(w)}/enrollments", ACME_API),
        Case(
            "post",
            lambda w: f"/api/programs/{program(w)}/enrollments",
            S(NO_TOKEN, 422, 201, 201, 201, 404),
            {"role": "mentee", "goals": "Learn"},
        ),
    ],
    "api/programs/<program_id>/mentors": [
        Case("get", lambda w: f"/api/programs/{program(w)}/mentors", ACME_API)
    ],
    "api/enrollments/<enrollment_id>": [
        Case(
            "get",
            lambda w: f"/api/enrollments/{w.scenario.mentee_enrollment.pk}",
            S(NO_TOKEN, 200, 404, 200, 200, 404),
        ),
        Case(
            "patch",
            lambda w: f"/api/enrollments/{w.scenario.mentee_enrollment.pk}",
            S(NO_TOKEN, 200, 404, 200, 200, 404),
            {"goals": "New goals"},
        ),
    ],
    "api/enrollments/<enrollment_id>/screening": [
        Case(
            "post",
            lambda w: f"/api/enrollments/{w.scenario.mentor_enrollment.pk}/screening",
            S(NO_TOKEN, 404, 403, 200, 200, 404),
            {"valid_until": None},
        )
    ],
    "api/conflicts": [
        Case("get", lambda w: "/api/conflicts", TOKEN_HOLDERS),
        Case(
            "post",
            lambda w: "/api/conflicts",
            S(NO_TOKEN, 201, 201, 201, 422, 404),  # Alice cannot conflict with herself
            lambda w: {"other": w.scenario.alice.pk},
        ),
    ],
    "api/conflicts/<conflict_id>": [
        Case(
            "delete",
            lambda w: f"/api/conflicts/{w.conflict_id}",
            S(NO_TOKEN, 204, 404, 404, 204, 404),
        )
    ],
    "api/enrollments/<enrollment_id>/withdraw": [
        Case(
            "post",
            lambda w: f"/api/enrollments/{w.scenario.mentee_enrollment.pk}/withdraw",
            S(NO_TOKEN, 200, 404, 200, 200, 404),
        )
    ],
    "api/mentorships": [
        Case("get", lambda w: "/api/mentorships", TOKEN_HOLDERS),
        Case(
            "post",
            lambda w: "/api/mentorships",
            S(NO_TOKEN, 403, 403, 422, 422, 422),
            lambda w: {"program": program(w), **pair(w)},
        ),
    ],
    "api/mentorships/requests": [
        Case(
            "post",
            lambda w: "/api/mentorships/requests",
            S(NO_TOKEN, 422, 422, 403, 403, 422),
            pair,
        )
    ],
    "api/mentorships/<mentorship_id>": [Case("get", mentorship, ACME_API)],
    "api/mentorships/<mentorship_id>/accept": [
        Case("post", lambda w: mentorship(w) + "/accept", S(NO_TOKEN, 200, 200, 403, 403, 404))
    ],
    "api/mentorships/<mentorship_id>/decline": [
        Case(
            "post",
            lambda w: mentorship(w) + "/decline",
            S(NO_TOKEN, 200, 200, 403, 403, 404),
            {"reason_code": "busy"},
        )
    ],
    "api/mentorships/<mentorship_id>/withdraw": [
        Case("post", lambda w: mentorship(w) + "/withdraw", S(NO_TOKEN, 403, 403, 200, 200, 404))
    ],
    "api/mentorships/<mentorship_id>/close": [
        Case(
            "post",
            lambda w: mentorship(w) + "/close",
            S(NO_TOKEN, 409, 409, 409, 409, 404),
            {"mode": "completed", "reason": "done"},
        )
    ],
    "api/mentorships/<mentorship_id>/agreement": [
        Case("get", lambda w: mentorship(w) + "/agreement", MEMBERS_API),
        Case("put", lambda w: mentorship(w) + "/agreement", MEMBERS_API, {"meeting_minutes": 30}),
    ],
    "api/mentorships/<mentorship_id>/agreement/confirm": [
        Case("post", lambda w: mentorship(w) + "/agreement/confirm", MEMBERS_API)
    ],
    "api/mentorships/<mentorship_id>/agreement/status": [
        Case("get", lambda w: mentorship(w) + "/agreement/status", ACME_API)
    ],
    "api/mentorships/<mentorship_id>/goals": [
        Case("get", lambda w: mentorship(w) + "/goals", ACME_API),
        Case("post", lambda w: mentorship(w) + "/goals", MEMBERS_CREATE, {"title": "Walk goal"}),
    ],
    "api/mentorships/<mentorship_id>/goals/<goal_id>": [
        Case("patch", lambda w: api_goal(w), MEMBERS_API, {"title": "Renamed"}),
        Case("delete", lambda w: api_goal(w), S(NO_TOKEN, 204, 204, 403, 403, 404)),
    ],
    "api/mentorships/<mentorship_id>/goals/<goal_id>/milestones": [
        Case("post", lambda w: api_goal(w) + "/milestones", MEMBERS_CREATE, {"title": "M"})
    ],
    "api/mentorships/<mentorship_id>/goals/<goal_id>/tasks": [
        Case("post", lambda w: api_goal(w) + "/tasks", MEMBERS_CREATE, {"title": "T"})
    ],
    "api/mentorships/<mentorship_id>/tasks/<task_id>": [
        Case("patch", lambda w: api_step(w, "task"), MEMBERS_API, {"title": "Renamed"}),
        Case("delete", lambda w: api_step(w, "task"), S(NO_TOKEN, 204, 204, 403, 403, 404)),
    ],
    "api/mentorships/<mentorship_id>/milestones/<milestone_id>": [
        Case("patch", lambda w: api_step(w, "milestone"), MEMBERS_API, {"due_on": "2026-09-30"}),
        Case("delete", lambda w: api_step(w, "milestone"), S(NO_TOKEN, 204, 204, 403, 403, 404)),
    ],
    "api/mentorships/<mentorship_id>/tasks/<task_id>/done": [
        Case(
            "put",
            lambda w: mentorship(w) + f"/tasks/{walk_plan(w)['task']}/done",
            MEMBERS_API,
            {"done": True},
        )
    ],
    "api/mentorships/<mentorship_id>/milestones/<milestone_id>/done": [
        Case(
            "put",
            lambda w: mentorship(w) + f"/milestones/{walk_plan(w)['milestone']}/done",
            MEMBERS_API,
            {"done": True},
        )
    ],
    "api/programs/<program_id>/plan": [
        Case("get", lambda w: f"/api/programs/{program(w)}/plan", PLAN_API),
        Case(
            "put", lambda w: f"/api/programs/{program(w)}/plan", PLAN_API, {"meeting_minutes": 45}
        ),
    ],
    "api/audit": [Case("get", lambda w: "/api/audit", S(NO_TOKEN, 403, 403, 403, 200, 200))],
    "api/programs/<program_id>/matching-settings": [
        Case("get", lambda w: f"/api/programs/{program(w)}/matching-settings", MANAGERS_API),
        Case(
            "patch",
            lambda w: f"/api/programs/{program(w)}/matching-settings",
            MANAGERS_API,
            {"matching_rules": {"shared_language": False}, "max_open_requests": 5},
        ),
    ],
    "api/programs/<program_id>/match-runs": [
        Case("get", lambda w: f"/api/programs/{program(w)}/match-runs", MANAGERS_API),
        Case(
            "post",
            lambda w: f"/api/programs/{program(w)}/match-runs",
            S(NO_TOKEN, 403, 403, 201, 201, 404),
            {"method": "optimal"},
        ),
    ],
    "api/match-runs/<run_id>": [Case("get", match_run, MANAGERS_API)],
    "api/match-runs/<run_id>/publish": [
        Case("post", lambda w: match_run(w) + "/publish", MANAGERS_API)
    ],
    "api/match-runs/<run_id>/pairs": [
        Case(
            "post",
            lambda w: match_run(w) + "/pairs",
            S(NO_TOKEN, 403, 403, 201, 201, 404),
            lambda w: {
                "mentee_enrollment": w.match_run()["unpaired"],
                "mentor_enrollment": w.match_run()["otto"],
            },
        )
    ],
    "api/match-runs/<run_id>/pairs/<pair_id>": [
        Case(
            "delete",
            lambda w: f"{match_run(w)}/pairs/{w.match_run()['vera_pair']}",
            S(NO_TOKEN, 403, 403, 204, 204, 404),
        )
    ],
    "api/match-runs/<run_id>/swap": [
        Case(
            "post",
            lambda w: match_run(w) + "/swap",
            MANAGERS_API,
            lambda w: {"pair_a": w.match_run()["vera_pair"], "pair_b": w.match_run()["otto_pair"]},
        )
    ],
    "api/programs/<program_id>/pair-rules": [
        Case(
            "post",
            lambda w: f"/api/programs/{program(w)}/pair-rules",
            S(NO_TOKEN, 403, 403, 201, 201, 404),
            lambda w: {**pair(w), "kind": "forbid"},
        )
    ],
    "api/enrollments/<enrollment_id>/suggestions": [
        Case("get", lambda w: mentee_enrollment(w) + "/suggestions?k=5", OWN_ENROLLMENT)
    ],
    "api/enrollments/<enrollment_id>/preferences": [
        Case(
            "put",
            lambda w: mentee_enrollment(w) + "/preferences",
            OWN_ENROLLMENT,
            lambda w: {"ranked": [w.scenario.mentor_enrollment.pk]},
        )
    ],
}

TABLE = {
    **WEB,
    **API,
    **meeting_routes(Case),
    **messaging_routes(Case),
    **feedback_routes(Case),
    **crisis_routes(Case),
    **careers_routes(Case),
    **journal_routes(Case),
    **flash_routes(Case),
    **formal_routes(Case),
    **stages_routes(Case),
    **calendar_routes(Case),
    **circles_routes(Case),
}


def all_patterns() -> Counter[str]:
    """Each route with how many patterns share it (the API has one per HTTP method)."""

    def walk(patterns: list[Any], prefix: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found[prefix + str(pattern.pattern)] += 1
        return found

    return walk(get_resolver().url_patterns, "")


def test_every_url_pattern_is_in_the_table():
    patterns = all_patterns()
    missing = sorted(set(patterns) - set(TABLE))
    stale = sorted(set(TABLE) - set(patterns))
    assert missing == [], f"URL patterns without expected statuses: {missing}"
    assert stale == [], f"Rows for URL patterns that no longer exist: {stale}"
    # A route answering a new HTTP method needs a row for that method too.
    uncovered = [r for r, n in patterns.items() if len({c.method for c in TABLE[r]}) < n]
    assert uncovered == [], f"Routes with methods not in the table: {uncovered}"


@pytest.fixture
def world(scenario) -> World:
    mentorship = propose_mentorship(
        scenario.pete, scenario.program, scenario.mentor_enrollment, scenario.mentee_enrollment
    )
    raw = secrets.token_urlsafe(16)
    from django.utils import timezone

    from conftest import make_person

    invitee = make_person(scenario.org, "Ivy Invitee")
    Invitation.objects.create(
        organization=scenario.org,
        person=invitee,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=3),
    )
    token, _ = create_api_token(scenario.mona, "walk")
    ann = enroll(make_person(scenario.org, "Ann Active", level=2), scenario.program, "mentee")
    active = propose_mentorship(scenario.pete, scenario.program, scenario.mentor_enrollment, ann)
    accept_mentorship(ann.person, active)
    accept_mentorship(scenario.mona, active)
    conflict = declare_conflict(scenario.max, scenario.max, scenario.pete)
    w = World(scenario, mentorship.pk, active.pk, raw, token.pk, conflict.pk)
    for role in ROLES[1:]:
        w.tokens[role] = create_api_token(w.person(role), f"walk-{role}")[1]
    return w


def _draft_run(s: Any) -> dict[str, int]:
    from conftest import make_person
    from mentorhub.matching.review import remove_pair
    from mentorhub.matching.services import start_match_run

    mentors = {
        name: enroll(make_person(s.org, name, level=7), s.program, "mentor", capacity=seats)
        for name, seats in (("Vera Mentor", 1), ("Otto Mentor", 2))
    }
    for name in ("Nina Mentee", "Paul Mentee", "Quinn Mentee"):
        enroll(make_person(s.org, name, level=2), s.program, "mentee")
    run = start_match_run(s.pete, s.program, "optimal")
    vera_pair = run.pairs.get(mentor=mentors["Vera Mentor"])
    otto_pair, removed = run.pairs.filter(mentor=mentors["Otto Mentor"]).order_by("id")
    remove_pair(s.pete, removed)
    return {
        "run": run.pk,
        "vera_pair": vera_pair.pk,
        "otto_pair": otto_pair.pk,
        "unpaired": removed.mentee_id,
        "otto": mentors["Otto Mentor"].pk,
    }


def _client(w: World, role: str, api: bool) -> Client:
    if api:
        headers = {"Authorization": f"Bearer {w.tokens[role]}"} if role in w.tokens else {}
        return Client(headers=headers)
    client = Client()
    person = w.person(role)
    if person is not None:
        client.force_login(person.user)
    return client


def _request(client: Client, case: Case, w: World, api: bool):
    path = case.path(w)
    if api and case.method != "get":
        body = json.dumps(case.body(w))
        return getattr(client, case.method)(path, body, content_type="application/json")
    return getattr(client, case.method)(path, case.body(w))


CASES = [
    pytest.param(route, index, role, id=f"{route or '/'}#{index}-{role}")
    for route, cases in TABLE.items()
    for index in range(len(cases))
    for role in ROLES
]


@pytest.mark.parametrize(("route", "index", "role"), CASES)
def test_url_answers_each_role_as_expected(world, route, index, role):
    case = TABLE[route][index]
    api = route.startswith("api/")
    response = _request(_client(world, role, api), case, world, api)
    assert response.status_code == case.status_for(role), (
        f"{case.method.upper()} {case.path(world)} as {role}: "
        f"{response.status_code}, expected {case.status_for(role)}"
    )
    expected_flash = case.flash[ROLES.index(role)] if case.flash else None
    if expected_flash:
        tags = {m.level_tag for m in get_messages(response.wsgi_request)}
        wanted = {"ok": "success", "no": "error"}[expected_flash]
        assert tags == {wanted}, f"{case.path(world)} as {role}: messages {tags}, expected {wanted}"
