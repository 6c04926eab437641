"""REST endpoints for circles and peers: form a circle, top it up, leave it, offers and seeks,
comments."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from mentorhub.apitools import LONG_TEXT, InputSchema, ObjectId
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships import goals
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.api import MentorshipOut, _detail, _referenced
from mentorhub.mentorships.circle_invitations import (
    accept_circle_invitation,
    decline_circle_invitation,
    get_invitation_for,
    invitations_for,
    invite_to_circle,
    pending_invitations,
    withdraw_circle_invitation,
)
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.models import (
    CircleInvitation,
    Departure,
    Goal,
    GoalComment,
    InvitationStatus,
    Member,
    Mentorship,
)
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


class InviteIn(InputSchema):
    enrollment: ObjectId = Field(
        description="The enrollment (in the circle's program) of the person to invite."
    )


class InvitationOut(Schema):
    id: int
    mentorship_id: int
    person: PersonRef
    role: EnrollmentRole
    status: InvitationStatus
    invited_by: PersonRef | None
    created_at: datetime
    answered_at: datetime | None


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


# Topping up a circle


@router.post(
    "/mentorships/{mentorship_id}/invitations",
    response={201: InvitationOut},
    summary="Invite someone enrolled to join an active circle (program manager)",
)
def invite(request: HttpRequest, mentorship_id: int, payload: InviteIn) -> Status[CircleInvitation]:
    actor = acting_person(request)
    mentorship = get_mentorship_for(actor, mentorship_id)
    newcomer = _referenced(
        "enrollment", lambda: _circle_enrollments(mentorship.program_id, [payload.enrollment])[0]
    )
    return Status(201, invite_to_circle(actor, mentorship, newcomer))


@router.get(
    "/mentorships/{mentorship_id}/invitations",
    response=list[InvitationOut],
    summary="Invitations to a circle still waiting for an answer (members and managers)",
)
def list_invitations(request: HttpRequest, mentorship_id: int) -> list[CircleInvitation]:
    mentorship = get_mentorship_for(acting_person(request), mentorship_id)
    return list(pending_invitations(mentorship).select_related("invited_by"))


@router.get(
    "/circle-invitations",
    response=list[InvitationOut],
    summary="Your invitations to join a circle, waiting for your answer",
)
def my_invitations(request: HttpRequest) -> list[CircleInvitation]:
    return list(invitations_for(acting_person(request)).select_related("person", "invited_by"))


@router.post(
    "/circle-invitations/{invitation_id}/accept",
    response=InvitationOut,
    summary="Accept an invitation and join the circle (the invitee)",
)
def accept_invitation(request: HttpRequest, invitation_id: int) -> CircleInvitation:
    actor = acting_person(request)
    invitation = get_invitation_for(actor, invitation_id)
    accept_circle_invitation(actor, invitation)
    return get_invitation_for(actor, invitation_id)


@router.post(
    "/circle-invitations/{invitation_id}/decline",
    response=InvitationOut,
    summary="Decline an invitation to join a circle (the invitee)",
)
def decline_invitation(request: HttpRequest, invitation_id: int) -> CircleInvitation:
    actor = acting_person(request)
    return decline_circle_invitation(actor, get_invitation_for(actor, invitation_id))


@router.post(
    "/circle-invitations/{invitation_id}/withdraw",
    response=InvitationOut,
    summary="Withdraw an invitation nobody has answered yet (program manager)",
)
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> CircleInvitation:
    actor = acting_person(request)
    return withdraw_circle_invitation(actor, get_invitation_for(actor, invitation_id))
