"""REST endpoints for circles and peers: form a circle, leave one, offers and seeks, comments."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from mentorhub.apitools import LONG_TEXT, InputSchema, ObjectId
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships import goals
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.api import MentorshipOut, _detail, _referenced
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.models import Departure, Goal, GoalComment, Member, Mentorship
from mentorhub.mentorships.peer import MAX_EXCHANGE, set_exchange
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment

router = Router(tags=["circles and peers"])

MAX_CIRCLE_IDS = 60


class CircleIn(InputSchema):
    enrollments: list[ObjectId] = Field(
        min_length=2,
        max_length=MAX_CIRCLE_IDS,
        description="Enrollment ids of everyone in the circle: mentors and mentees, or peers.",
    )


class LeaveIn(InputSchema):
    reason: str = Field("", max_length=LONG_TEXT, description="Shown to the others.")


class DepartureOut(Schema):
    person: PersonRef
    role: EnrollmentRole
    reason: str
    left_at: datetime
    mentorship_id: int


class ExchangeIn(InputSchema):
    offers: str = Field("", max_length=MAX_EXCHANGE, description="What I offer in this pairing.")
    seeks: str = Field("", max_length=MAX_EXCHANGE, description="What I seek in this pairing.")


class ExchangeOut(Schema):
    person: PersonRef
    offers: str
    seeks: str


class CommentIn(InputSchema):
    body: str = Field(min_length=1, max_length=goals.MAX_COMMENT)


class CommentOut(Schema):
    id: int
    author: PersonRef
    body: str
    created_at: datetime


def _circle_enrollments(program_id: int, ids: list[int]) -> list[Enrollment]:
    found = Enrollment.objects.select_related("person", "program").filter(
        program_id=program_id, pk__in=ids
    )
    by_id = {e.pk: e for e in found}
    missing = [i for i in ids if i not in by_id]
    if missing:
        message = f"Not enrolled in this program: {', '.join(map(str, missing))}."
        raise InvalidInput(message, field_errors={"enrollments": [message]})
    return [by_id[i] for i in dict.fromkeys(ids)]


@router.post(
    "/programs/{program_id}/circles",
    response={201: MentorshipOut},
    summary="Form a circle by hand (program manager)",
)
def form_circle(request: HttpRequest, program_id: int, payload: CircleIn) -> Status[Mentorship]:
    actor = acting_person(request)
    program = get_managed_program_for(actor, program_id)
    enrollments = _referenced(
        "enrollments", lambda: _circle_enrollments(program.pk, payload.enrollments)
    )
    circle = propose_circle(actor, program, enrollments)
    return Status(201, _detail(actor, circle.pk))


@router.post(
    "/mentorships/{mentorship_id}/leave",
    response=DepartureOut,
    summary="Leave an active circle, which carries on (members)",
)
def leave(request: HttpRequest, mentorship_id: int, payload: LeaveIn) -> Departure:
    actor = acting_person(request)
    return leave_circle(actor, get_mentorship_for(actor, mentorship_id), payload.reason)


@router.put(
    "/mentorships/{mentorship_id}/exchange",
    response=ExchangeOut,
    summary="Say what you offer and seek in this mentorship (members)",
)
def put_exchange(request: HttpRequest, mentorship_id: int, payload: ExchangeIn) -> Member:
    actor = acting_person(request)
    mentorship = get_mentorship_for(actor, mentorship_id)
    return set_exchange(actor, mentorship, payload.offers, payload.seeks)


def _member_goal(request: HttpRequest, mentorship_id: int, goal_id: int) -> Goal:
    actor = acting_person(request)
    goal = goals.get_goal_for(actor, mentorship_id, goal_id)
    if not goal.mentorship.members.filter(person=actor).exists():
        raise NotAllowed("Comments on goals are for the members only.")
    return goal


@router.get(
    "/mentorships/{mentorship_id}/goals/{goal_id}/comments",
    response=list[CommentOut],
    summary="Comments on a goal (members)",
)
def list_comments(request: HttpRequest, mentorship_id: int, goal_id: int) -> list[GoalComment]:
    goal = _member_goal(request, mentorship_id, goal_id)
    return list(goal.comments.select_related("author"))


@router.post(
    "/mentorships/{mentorship_id}/goals/{goal_id}/comments",
    response={201: CommentOut},
    summary="Comment on a goal's progress (members)",
)
def add_comment(
    request: HttpRequest, mentorship_id: int, goal_id: int, payload: CommentIn
) -> Status[GoalComment]:
    goal = _member_goal(request, mentorship_id, goal_id)
    return Status(201, goals.comment_on_goal(acting_person(request), goal, payload.body))
