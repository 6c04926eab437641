"""URL-walk rows for check-ins, alerts, meeting feedback and closing surveys (see
test_url_walk.py for the table's rules).

Everything hangs off the walk's active mentorship (Mona mentoring Ann): Max is not in it, so
he gets 404 like an outsider. Answers are for members only (managers get 404: they cannot
answer for someone); managers and admins see scores and alerts; members never see alerts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mentorhub.feedback.models import CheckIn, ExpectationAlert
from mentorhub.feedback.services import Answer, answer_checkin
from mentorhub.mentorships.models import Member
from mentorhub.tests.url_walk_meetings import meeting_id

LOGIN, NO_TOKEN = 302, 401
MEMBER_WEB = (LOGIN, 404, 302, 404, 404, 404)  # Mona, a member, only
MEMBER_OK = (None, None, "ok", None, None, None)
MANAGERS_PAGE = (LOGIN, 404, 404, 200, 200, 404)
MANAGERS_WEB = (LOGIN, 404, 404, 302, 302, 404)
MANAGERS_OK = (None, None, None, "ok", "ok", None)
MANAGERS_API = (NO_TOKEN, 404, 404, 200, 200, 404)
ANSWER: dict[str, Any] = {
    "satisfaction": 4,
    "meeting_rate": "fortnightly",
    "expected_rate": "fortnightly",
    "goal_progress": 4,
    "expectations_met": "yes",
    "comment": "Walk",
}


def checkin_id(w: Any) -> int:
    """The walk's open check-in on the active mentorship, made on first use."""
    now = timezone.now()
    checkin, _ = CheckIn.objects.get_or_create(
        mentorship_id=w.active_id,
        number=1,
        defaults={"due_at": now, "opened_at": now, "closes_at": now + timedelta(days=60)},
    )
    return checkin.pk


def alert_id(w: Any) -> int:
    """An alert from Mona (content) and Ann (struggling) answering the check-in."""
    existing = ExpectationAlert.objects.filter(checkin__mentorship_id=w.active_id).first()
    if existing is not None:
        return existing.pk
    checkin = CheckIn.objects.select_related("mentorship__program__organization").get(
        pk=checkin_id(w)
    )
    for member in Member.objects.filter(mentorship_id=w.active_id).select_related("person"):
        score = 5 if member.person_id == w.scenario.mona.pk else 1
        answer_checkin(member.person, checkin, Answer(**(ANSWER | {"satisfaction": score})))
    return ExpectationAlert.objects.get(checkin=checkin).pk


def checkins_page(w: Any) -> str:
    return f"/mentorships/{w.active_id}/checkins/"


def closing_page(w: Any) -> str:
    return f"/mentorships/{w.active_id}/closing-survey/"


def program_page(w: Any) -> str:
    return f"/programs/{w.scenario.program.pk}/checkins/"


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    closing = {"goals_met": 4, "would_again": "yes", "achieved": "Walk"}
    api_program = "/api/programs/{}/"
    return {
        "mentorships/<int:mentorship_id>/checkins/": [
            C("get", checkins_page, (LOGIN, 404, 200, 200, 200, 404))
        ],
        "checkins/<int:checkin_id>/answer/": [
            C(
                "post",
                lambda w: f"/checkins/{checkin_id(w)}/answer/",
                MEMBER_WEB,
                ANSWER,
                flash=MEMBER_OK,
            )
        ],
        "meetings/<int:meeting_id>/feedback/": [
            C(
                "post",
                lambda w: f"/meetings/{meeting_id(w)}/feedback/",
                MEMBER_WEB,
                {"rating": "helpful"},
                flash=MEMBER_OK,
            )
        ],
        # Members only; the mentorship is still active, so Mona is told it is not time yet.
        "mentorships/<int:mentorship_id>/closing-survey/": [
            C("get", closing_page, (LOGIN, 404, 200, 403, 403, 404)),
            C(
                "post",
                closing_page,
                (LOGIN, 404, 302, 403, 403, 404),
                closing,
                flash=(None, None, "no", None, None, None),
            ),
        ],
        "programs/<int:program_id>/checkins/": [C("get", program_page, MANAGERS_PAGE)],
        "programs/<int:program_id>/checkins/policy/": [
            C(
                "post",
                lambda w: program_page(w) + "policy/",
                MANAGERS_WEB,
                {"enabled": "on", "first_after_days": 30, "every_days": 60},
                flash=MANAGERS_OK,
            )
        ],
        "alerts/<int:alert_id>/acknowledge/": [
            C(
                "post",
                lambda w: f"/alerts/{alert_id(w)}/acknowledge/",
                MANAGERS_WEB,
                flash=MANAGERS_OK,
            )
        ],
        "api/mentorships/<mentorship_id>/checkins": [
            C(
                "get",
                lambda w: f"/api/mentorships/{w.active_id}/checkins",
                (NO_TOKEN, 404, 200, 200, 200, 404),
            )
        ],
        "api/checkins/<checkin_id>/answer": [
            C(
                "post",
                lambda w: f"/api/checkins/{checkin_id(w)}/answer",
                (NO_TOKEN, 404, 200, 404, 404, 404),
                ANSWER,
            )
        ],
        "api/programs/<program_id>/checkins": [
            C("get", lambda w: api_program.format(w.scenario.program.pk) + "checkins", MANAGERS_API)
        ],
        "api/programs/<program_id>/checkin-policy": [
            C(
                "get",
                lambda w: api_program.format(w.scenario.program.pk) + "checkin-policy",
                MANAGERS_API,
            ),
            C(
                "put",
                lambda w: api_program.format(w.scenario.program.pk) + "checkin-policy",
                MANAGERS_API,
                {"first_after_days": 30, "every_days": 60},
            ),
        ],
        "api/alerts/<alert_id>/acknowledge": [
            C("post", lambda w: f"/api/alerts/{alert_id(w)}/acknowledge", MANAGERS_API)
        ],
        "api/meetings/<meeting_id>/feedback": [
            C(
                "post",
                lambda w: f"/api/meetings/{meeting_id(w)}/feedback",
                (NO_TOKEN, 404, 200, 404, 404, 404),
                {"rating": "okay"},
            )
        ],
        "api/mentorships/<mentorship_id>/closing-survey": [
            C(
                "post",
                lambda w: f"/api/mentorships/{w.active_id}/closing-survey",
                (NO_TOKEN, 404, 409, 403, 403, 404),
                {"goals_met": 4, "would_again": True},
            )
        ],
    }
