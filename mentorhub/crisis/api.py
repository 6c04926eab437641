"""REST endpoints for crisis support: ask, the responder queue, a request (audited), accept,
assign, extend, close and withdraw; help-now contacts; a program's crisis settings (managers).
Contacts, responders, on-call hours and coverage are in api_rota.py."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from mentorhub.apitools import LONG_TEXT, InputSchema, ObjectId
from mentorhub.crisis import services
from mentorhub.crisis.access import (
    get_crisis_program_for,
    get_managed_crisis_program_for,
    get_request_for,
    get_waiting_request_for,
    settings_of,
    visible_requests,
    waiting_for,
)
from mentorhub.crisis.api_rota import router as rota_router
from mentorhub.crisis.ending import extend_planned_end
from mentorhub.crisis.help import help_contacts
from mentorhub.crisis.models import (
    MAX_LENGTH,
    MAX_NEED,
    MAX_REASON,
    MAX_RESPONSE,
    MIN_LENGTH,
    MIN_RESPONSE,
    CrisisRequest,
    CrisisSettings,
    RequestStatus,
    Responder,
)
from mentorhub.crisis.reports import crisis_report
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.models import ClosureMode
from mentorhub.people.access import acting_person
from mentorhub.people.api import PersonRef
from mentorhub.people.models import Person

router = Router(tags=["crisis"])
router.add_router("", rota_router)  # contacts, responders, hours and coverage


class RequestSummary(Schema):
    """What lists show: never who asked or what they need."""

    id: int
    program_id: int
    status: RequestStatus
    language: str
    created_at: datetime


class PlannedEndChangeOut(Schema):
    from_date: date
    to_date: date
    reason: str
    created_at: datetime


class RequestOut(RequestSummary):
    requester: PersonRef
    need: str
    escalated_at: datetime | None
    accepted_by: PersonRef | None
    accepted_at: datetime | None
    mentorship_id: int | None
    planned_end_on: date | None
    planned_end_changes: list[PlannedEndChangeOut]
    hand_off: str
    closed_at: datetime | None


class WaitingOut(Schema):
    id: int
    program_id: int
    status: RequestStatus
    language: str
    waiting_minutes: int


class AskIn(InputSchema):
    program: ObjectId
    need: str = Field(min_length=1, max_length=MAX_NEED, description="In your own words.")
    language: str = Field("", max_length=16, description="One of your profile's languages.")


class AssignIn(InputSchema):
    responder: ObjectId = Field(description="The id of a responder of the program.")


class CloseIn(InputSchema):
    hand_off: str = Field(min_length=1, max_length=LONG_TEXT, description="Where next.")
    mode: ClosureMode = ClosureMode.COMPLETED


class ExtendIn(InputSchema):
    planned_end_on: date = Field(description="The new planned end, later than the current one.")
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class ContactOut(Schema):
    name: str
    phone: str
    url: str
    note: str
    locale: str


class HelpOut(Schema):
    notice: str
    contacts: list[ContactOut]


class SettingsOut(Schema):
    response_minutes: int
    default_length_days: int
    safeguarding_lead: PersonRef | None
    requests: dict[str, int] = Field(description="Counts by status; no names, no content.")
    escalated: int
    median_minutes_to_accept: float | None


class SettingsIn(InputSchema):
    response_minutes: int = Field(ge=MIN_RESPONSE, le=MAX_RESPONSE)
    default_length_days: int = Field(ge=MIN_LENGTH, le=MAX_LENGTH)
    safeguarding_lead: ObjectId | None = None


NOTICE = (
    "mentorhub is not an emergency service. If anyone is in immediate danger, call your "
    "local emergency number now (112 in the EU, 911 in the US)."
)


@router.get("/crisis/requests", response=list[RequestSummary], summary="Requests you are part of")
def list_requests(request: HttpRequest) -> list[CrisisRequest]:
    return list(visible_requests(acting_person(request)).order_by("-created_at")[:200])


@router.post(
    "/crisis/requests", response={201: RequestOut}, summary="Ask for urgent help (routes at once)"
)
def ask(request: HttpRequest, payload: AskIn) -> Status:
    viewer = acting_person(request)
    program = get_crisis_program_for(viewer, payload.program)
    return Status(201, services.ask_for_help(viewer, program, payload.need, payload.language))


@router.get("/crisis/queue", response=list[WaitingOut], summary="Requests waiting for you")
def queue(request: HttpRequest) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "id": r.pk,
            "program_id": r.program_id,
            "status": r.status,
            "language": r.language,
            "waiting_minutes": int((now - r.created_at).total_seconds() // 60),
        }
        for r in waiting_for(acting_person(request))
    ]


@router.get(
    "/crisis/requests/{request_id}",
    response=RequestOut,
    summary="A request (requester, responder, lead); every view is audit-logged",
)
def get_request(request: HttpRequest, request_id: int) -> CrisisRequest:
    viewer = acting_person(request)
    found = get_request_for(viewer, request_id)
    services.record_view(viewer, found, "api")
    return found


@router.post("/crisis/requests/{request_id}/accept", response=RequestOut, summary="Accept")
def accept(request: HttpRequest, request_id: int) -> CrisisRequest:
    viewer = acting_person(request)
    return services.accept_request(viewer, get_waiting_request_for(viewer, request_id))


@router.post("/crisis/requests/{request_id}/assign", response=RequestOut, summary="Assign (lead)")
def assign(request: HttpRequest, request_id: int, payload: AssignIn) -> CrisisRequest:
    viewer = acting_person(request)
    found = get_request_for(viewer, request_id)
    responder = Responder.objects.filter(pk=payload.responder, program=found.program).first()
    if responder is None:
        raise InvalidInput(
            "No such responder in this program.",
            field_errors={"responder": ["Choose a trained responder of this program."]},
        )
    return services.assign_request(viewer, found, responder)


@router.post(
    "/crisis/requests/{request_id}/close", response=RequestOut, summary="Close with a hand-off"
)
def close(request: HttpRequest, request_id: int, payload: CloseIn) -> CrisisRequest:
    viewer = acting_person(request)
    found = get_request_for(viewer, request_id)
    return services.close_request(viewer, found, payload.hand_off, payload.mode)


@router.post(
    "/crisis/requests/{request_id}/extend",
    response=RequestOut,
    summary="Extend the planned end with a reason (responder: 6 weeks in all; lead: more)",
)
def extend(request: HttpRequest, request_id: int, payload: ExtendIn) -> CrisisRequest:
    viewer = acting_person(request)
    found = get_request_for(viewer, request_id)
    return extend_planned_end(viewer, found, payload.planned_end_on, payload.reason)


@router.post(
    "/crisis/requests/{request_id}/withdraw", response=RequestOut, summary="Withdraw (requester)"
)
def withdraw(request: HttpRequest, request_id: int) -> CrisisRequest:
    viewer = acting_person(request)
    return services.withdraw_request(viewer, get_request_for(viewer, request_id))


@router.get("/programs/{program_id}/crisis/help", response=HelpOut, summary="Help-now contacts")
def help_now(request: HttpRequest, program_id: int) -> dict[str, Any]:
    viewer = acting_person(request)
    program = get_crisis_program_for(viewer, program_id)
    return {"notice": NOTICE, "contacts": help_contacts(program, viewer.languages or [])}


def _settings_out(settings: CrisisSettings) -> dict[str, Any]:
    report = crisis_report(settings.program)
    return {
        "response_minutes": settings.response_minutes,
        "default_length_days": settings.default_length_days,
        "safeguarding_lead": settings.safeguarding_lead,
        "requests": {s.value: report.counts[str(s.label)] for s in RequestStatus},
        "escalated": report.escalated,
        "median_minutes_to_accept": report.median_minutes_to_accept,
    }


@router.get(
    "/programs/{program_id}/crisis", response=SettingsOut, summary="Crisis settings (managers)"
)
def get_settings(request: HttpRequest, program_id: int) -> dict[str, Any]:
    program = get_managed_crisis_program_for(acting_person(request), program_id)
    return _settings_out(settings_of(program))


@router.put("/programs/{program_id}/crisis", response=SettingsOut, summary="Set them (managers)")
def put_settings(request: HttpRequest, program_id: int, payload: SettingsIn) -> dict[str, Any]:
    viewer = acting_person(request)
    program = get_managed_crisis_program_for(viewer, program_id)
    lead = None
    if payload.safeguarding_lead is not None:
        lead = Person.objects.filter(
            pk=payload.safeguarding_lead, organization_id=program.organization_id
        ).first()
        if lead is None:
            raise InvalidInput(
                "No such person in this organization.",
                field_errors={"safeguarding_lead": ["Choose someone in this organization."]},
            )
    change = services.SettingsChange(payload.response_minutes, payload.default_length_days, lead)
    return _settings_out(services.update_crisis_settings(viewer, program, change))
