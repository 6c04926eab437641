"""REST endpoints for check-ins, expectation alerts, meeting feedback and closing surveys."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from mentorhub.apitools import LONG_TEXT, InputSchema
from mentorhub.feedback import reports, services
from mentorhub.feedback.access import (
    get_alert_for,
    get_checkin_for,
    get_feedback_mentorship_for,
    get_report_program_for,
)
from mentorhub.feedback.models import (
    AlertKind,
    CheckIn,
    CheckInAnswer,
    CheckInPolicy,
    ClosingSurvey,
    ExpectationAlert,
    MeetingFeedback,
    Met,
    Rate,
    Rating,
)
from mentorhub.feedback.schedule import policy_for
from mentorhub.meetings.access import get_meeting_for
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef

router = Router(tags=["check-ins and feedback"])
Score = Field(ge=1, le=5)


class ScoresOut(Schema):
    """What managers see of an answer: never the comment."""

    person: PersonRef
    satisfaction: int
    meeting_rate: Rate
    expected_rate: Rate
    goal_progress: int
    expectations_met: Met
    answered_at: datetime


class AnswerOut(ScoresOut):
    comment: str
    received: int | None = None
    gave: int | None = None


class CheckInOut(Schema):
    id: int
    mentorship_id: int
    number: int
    due_at: datetime
    opened_at: datetime
    closes_at: datetime
    is_open: bool
    answered: int = Field(description="How many members have answered.")
    mine: AnswerOut | None = Field(None, description="Your answer (members).")
    scores: list[ScoresOut] | None = Field(None, description="Everyone's scores (managers).")


class AnswerIn(InputSchema):
    satisfaction: int = Score
    meeting_rate: Rate = Field(description="How often you meet.")
    expected_rate: Rate = Field(description="How often you expected to meet.")
    goal_progress: int = Score
    expectations_met: Met
    comment: str = Field("", max_length=LONG_TEXT, description="For the members only.")
    received: int | None = Field(
        None, ge=1, le=5, description="Peer programs: how much you got from the others (1–5)."
    )
    gave: int | None = Field(
        None, ge=1, le=5, description="Peer programs: how much you gave (1–5)."
    )


class AlertOut(Schema):
    id: int
    mentorship_id: int
    checkin_number: int
    kind: AlertKind
    summary: str
    created_at: datetime
    acknowledged_by: PersonRef | None
    acknowledged_at: datetime | None


class PolicyIn(InputSchema):
    enabled: bool = True
    first_after_days: int = Field(30, description="7 to 365.")
    every_days: int = Field(60, description="14 to 365.")


class PolicyOut(Schema):
    enabled: bool
    first_after_days: int
    every_days: int


class ReportOut(Schema):
    checkins: int
    answers: int
    expected_answers: int
    response_rate_percent: int
    average_satisfaction: float | None
    average_goal_progress: float | None
    expectations_met: dict[str, int]
    meeting_ratings: dict[str, int]
    closing_surveys: int
    closing_goals_met: float | None
    would_again: int
    open_alerts: list[AlertOut]
    policy: PolicyOut


class RatingIn(InputSchema):
    rating: Rating


class RatingOut(Schema):
    meeting_id: int
    rating: Rating
    created_at: datetime


class ClosingIn(InputSchema):
    goals_met: int = Score
    would_again: bool
    achieved: str = Field("", max_length=LONG_TEXT)
    share_with_program: bool = False


class ClosingOut(Schema):
    mentorship_id: int
    goals_met: int
    would_again: bool
    achieved: str
    share_with_program: bool
    answered_at: datetime


def _scores(answer: CheckInAnswer) -> dict[str, Any]:
    fields = ("satisfaction", "meeting_rate", "expected_rate", "goal_progress")
    return {
        "person": answer.person,
        **{f: getattr(answer, f) for f in fields},
        "expectations_met": answer.expectations_met,
        "answered_at": answer.answered_at,
    }


def checkin_out(checkin: CheckIn) -> dict[str, Any]:
    out: dict[str, Any] = {
        f: getattr(checkin, f)
        for f in ("id", "mentorship_id", "number", "due_at", "opened_at", "closes_at", "answered")
    }
    out["is_open"] = checkin.is_open()
    mine = getattr(checkin, "mine", None)
    if mine is not None:
        out["mine"] = _scores(mine[0]) | {"comment": mine[0].comment} if mine else None
    scores = getattr(checkin, "scores", None)
    if scores is not None:
        out["scores"] = [_scores(a) for a in scores]
    return out


def alert_out(alert: ExpectationAlert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "mentorship_id": alert.checkin.mentorship_id,
        "checkin_number": alert.checkin.number,
        "kind": alert.kind,
        "summary": alert.summary,
        "created_at": alert.created_at,
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": alert.acknowledged_at,
    }


def policy_out(policy: CheckInPolicy) -> dict[str, Any]:
    return {f: getattr(policy, f) for f in ("enabled", "first_after_days", "every_days")}


@router.get(
    "/mentorships/{mentorship_id}/checkins",
    response=list[CheckInOut],
    summary="Check-ins: your answers (members) or everyone's scores (managers)",
)
def list_checkins(request: HttpRequest, mentorship_id: int) -> list[dict[str, Any]]:
    viewer = acting_person(request)
    mentorship = get_feedback_mentorship_for(viewer, mentorship_id)
    return [checkin_out(c) for c in reports.checkins_for(viewer, mentorship)]


@router.post("/checkins/{checkin_id}/answer", response=AnswerOut, summary="Answer (members)")
def answer(request: HttpRequest, checkin_id: int, payload: AnswerIn) -> CheckInAnswer:
    viewer = acting_person(request)
    checkin = get_checkin_for(viewer, checkin_id)
    return services.answer_checkin(viewer, checkin, services.Answer(**payload.dict()))


@router.get(
    "/programs/{program_id}/checkins",
    response=ReportOut,
    summary="Scores, response rates and open alerts (managers)",
)
def program_report(request: HttpRequest, program_id: int) -> dict[str, Any]:
    program = get_report_program_for(acting_person(request), program_id)
    report = reports.program_report(program)
    return {
        "checkins": report.checkins,
        "answers": report.answers,
        "expected_answers": report.expected_answers,
        "response_rate_percent": report.response_rate,
        "average_satisfaction": report.satisfaction,
        "average_goal_progress": report.goal_progress,
        "expectations_met": report.expectations,
        "meeting_ratings": report.meeting_ratings,
        "closing_surveys": report.closing["count"],
        "closing_goals_met": report.closing["goals_met"],
        "would_again": report.closing["would_again"],
        "open_alerts": [alert_out(a) for a in report.open_alerts],
        "policy": policy_out(policy_for(program)),
    }


@router.get(
    "/programs/{program_id}/checkin-policy", response=PolicyOut, summary="When check-ins come"
)
def get_policy(request: HttpRequest, program_id: int) -> dict[str, Any]:
    return policy_out(policy_for(get_report_program_for(acting_person(request), program_id)))


@router.put(
    "/programs/{program_id}/checkin-policy", response=PolicyOut, summary="Set when they come"
)
def put_policy(request: HttpRequest, program_id: int, payload: PolicyIn) -> dict[str, Any]:
    viewer = acting_person(request)
    program = get_report_program_for(viewer, program_id)
    return policy_out(services.set_checkin_policy(viewer, program, **payload.dict()))


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut, summary="Acknowledge (managers)")
def acknowledge(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    viewer = acting_person(request)
    return alert_out(services.acknowledge_alert(viewer, get_alert_for(viewer, alert_id)))


@router.post("/meetings/{meeting_id}/feedback", response=RatingOut, summary="Rate a meeting")
def rate(request: HttpRequest, meeting_id: int, payload: RatingIn) -> MeetingFeedback:
    viewer = acting_person(request)
    return services.rate_meeting(viewer, get_meeting_for(viewer, meeting_id), payload.rating)


@router.post(
    "/mentorships/{mentorship_id}/closing-survey",
    response=ClosingOut,
    summary="Fill in the closing survey (members, once it has ended)",
)
def closing(request: HttpRequest, mentorship_id: int, payload: ClosingIn) -> ClosingSurvey:
    viewer = acting_person(request)
    mentorship = get_feedback_mentorship_for(viewer, mentorship_id)
    # Managers see the mentorship: the service refuses them (403), it is no 404.
    return services.answer_closing_survey(
        viewer, mentorship, services.LookingBack(**payload.dict())
    )
