"""Domain actions of crisis support: settings, contacts and responders; ask, accept, escalate,
assign, close and withdraw a request; and the audit record of every view of one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.crisis.access import settings_of, speaks
from mentorhub.crisis.models import (
    MAX_NEED,
    WAITING,
    CrisisRequest,
    CrisisSettings,
    EmergencyContact,
    RequestStatus,
    Responder,
)
from mentorhub.crisis.rota import available_responders
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed, validate_model
from mentorhub.mentorships.models import ClosureMode, Status
from mentorhub.mentorships.services import close_mentorship, start_mentorship
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus
from mentorhub.programs.services import enroll
from mentorhub.tasks.queue import enqueue

ESCALATE = "crisis.escalate"


def _require_manager(actor: Person, program: Program) -> None:
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can change its crisis settings.")


@dataclass(frozen=True)
class SettingsChange:
    response_minutes: int
    default_length_days: int
    safeguarding_lead: Person | None


@transaction.atomic
def update_crisis_settings(
    actor: Person, program: Program, change: SettingsChange
) -> CrisisSettings:
    _require_manager(actor, program)
    lead = change.safeguarding_lead
    if lead is not None and (lead.organization_id != program.organization_id or not lead.is_active):
        raise InvalidInput(
            "The safeguarding lead must be an active person of this organization.",
            field_errors={"safeguarding_lead": ["Choose someone in this organization."]},
        )
    settings = settings_of(program)
    settings.response_minutes = change.response_minutes
    settings.default_length_days = change.default_length_days
    settings.safeguarding_lead = lead
    settings.updated_at = timezone.now()
    validate_model(settings, exclude=["program", "safeguarding_lead"])
    settings.save()
    record(
        actor,
        "crisis_settings.updated",
        program,
        program.organization,
        response_minutes=settings.response_minutes,
        default_length_days=settings.default_length_days,
        safeguarding_lead=lead.pk if lead else None,
    )
    return settings


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    url: str = ""
    note: str = ""
    locale: str = ""


@transaction.atomic
def add_emergency_contact(actor: Person, program: Program, contact: Contact) -> EmergencyContact:
    _require_manager(actor, program)
    if not contact.phone.strip() and not contact.url.strip():
        raise InvalidInput(
            "Give the contact a phone number or a web address.",
            field_errors={"phone": ["A phone number or a web address is required."]},
        )
    if contact.url.strip() and not contact.url.strip().startswith("https://"):
        raise InvalidInput(
            "The contact's web address must start with https://.",
            field_errors={"url": ["Use an https:// address."]},
        )
    last = EmergencyContact.objects.filter(program=program).order_by("-position").first()
    row = EmergencyContact(
        program=program,
        name=contact.name.strip(),
        phone=contact.phone.strip(),
        url=contact.url.strip(),
        note=contact.note.strip(),
        locale=contact.locale.strip().lower(),
        position=(last.position + 1) if last else 0,
    )
    validate_model(row, exclude=["program"])
    row.save()
    record(actor, "emergency_contact.added", row, program.organization, name=row.name)
    return row


@transaction.atomic
def remove_emergency_contact(actor: Person, contact: EmergencyContact) -> None:
    _require_manager(actor, contact.program)
    record(actor, "emergency_contact.removed", contact, contact.program.organization)
    contact.delete()


@transaction.atomic
def mark_responder(
    actor: Person, enrollment: Enrollment, trained_on: date, on_call: bool, note: str = ""
) -> Responder:
    """A manager marks a mentor of the crisis program as trained to respond (or updates it)."""
    program = enrollment.program
    _require_manager(actor, program)
    if enrollment.role != EnrollmentRole.MENTOR or enrollment.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput(
            f"{enrollment.person} is not enrolled as a mentor in {program.name}.",
            field_errors={"enrollment": ["Choose an enrolled mentor."]},
        )
    if trained_on > timezone.localdate():
        raise InvalidInput(
            "The training date cannot be in the future.",
            field_errors={"trained_on": ["Give the day the training was completed."]},
        )
    responder, _ = Responder.objects.update_or_create(
        enrollment=enrollment,
        defaults={
            "program": program,
            "person": enrollment.person,
            "trained_on": trained_on,
            "on_call": on_call,
            "note": note.strip()[:300],
        },
    )
    record(actor, "responder.marked", responder, program.organization, on_call=on_call)
    return responder


@transaction.atomic
def unmark_responder(actor: Person, responder: Responder) -> None:
    _require_manager(actor, responder.program)
    record(actor, "responder.unmarked", responder, responder.program.organization)
    responder.delete()


@transaction.atomic
def set_on_call(actor: Person, program: Program, on_call: bool) -> Responder:
    """A responder says whether they can take urgent requests now."""
    responder = Responder.objects.filter(program=program, person=actor).first()
    if responder is None:
        raise NotAllowed("Only trained responders of this program can go on call.")
    responder.on_call = on_call
    responder.save(update_fields=["on_call"])
    record(actor, "responder.on_call" if on_call else "responder.off_call", responder)
    return responder


def _requester_enrollment(actor: Person, program: Program) -> Enrollment:
    found = Enrollment.objects.filter(
        program=program, person=actor, role=EnrollmentRole.MENTEE
    ).first()
    if found is not None and found.status == EnrollmentStatus.ACTIVE:
        return found
    return enroll(actor, program, EnrollmentRole.MENTEE, "")


@transaction.atomic
def ask_for_help(actor: Person, program: Program, need: str, language: str = "") -> CrisisRequest:
    """The actor asks for urgent help; on-call responders hear at once, the lead if nobody
    accepts within the program's target."""
    if program.approach != ApproachKey.CRISIS or program.organization_id != actor.organization_id:
        raise NotAllowed("Urgent help is asked for in your organization's crisis programs.")
    if program.status != ProgramStatus.OPEN:  # requesters enroll as they ask
        raise InvalidInput(f"{program.name} is not taking requests right now.")
    need = need.strip()
    if not need:
        raise InvalidInput(
            "Say in a few words what you need help with.",
            field_errors={"need": ["Tell the responder what is going on."]},
        )
    if len(need) > MAX_NEED:
        raise InvalidInput(
            f"Keep it under {MAX_NEED} characters; you can say more to your responder.",
            field_errors={"need": [f"At most {MAX_NEED} characters."]},
        )
    language = (language or "").strip().lower()
    if language and language not in (actor.languages or []):
        raise InvalidInput(
            "Choose one of the languages on your profile.",
            field_errors={"language": ["Choose one of your languages."]},
        )
    enrollment = _requester_enrollment(actor, program)
    request = CrisisRequest(
        program=program, requester=actor, enrollment=enrollment, need=need, language=language
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise InvalidInput(
            "You already have an open request in this program; it is on its way.",
            field_errors={"need": ["You already have an open request."]},
        ) from None
    record(actor, "crisis_request.created", request, program.organization, language=language)
    routed = _route(request)
    # Nobody on call who speaks the language: waiting for the target would help nobody.
    settings = settings_of(program)
    due = request.created_at + timedelta(minutes=settings.response_minutes if routed else 0)
    enqueue(ESCALATE, run_after=due, request_id=request.pk, at_once=not routed)
    return request


def routed_responders(request: CrisisRequest) -> list[Responder]:
    """Trained responders available now (switch or hours) who share the requester's language."""
    return [
        r
        for r in available_responders(program_id=request.program_id)
        if r.person_id != request.requester_id and speaks(r.person, request.language)
    ]


def _route(request: CrisisRequest) -> int:
    """Tell the routed responders; how many there are."""
    people = [r.person for r in routed_responders(request)]
    email_people(people, "crisis_waiting", request=request, language=request.language or "any")
    return len(people)


def _accept(actor: Person, request: CrisisRequest, responder: Responder) -> CrisisRequest:
    """First one wins: the conditional update is what the database arbitrates."""
    now = timezone.now()
    won = CrisisRequest.objects.filter(pk=request.pk, status__in=WAITING).update(
        status=RequestStatus.ACCEPTED, accepted_by=responder.person, accepted_at=now
    )
    if not won:
        request.refresh_from_db()
        if request.status == RequestStatus.ACCEPTED:
            raise IllegalTransition("Another responder has already accepted this request.")
        label = RequestStatus(request.status).label.lower()
        raise IllegalTransition(f"This request is {label}; it cannot be accepted.")
    program = request.program
    mentorship = start_mentorship(actor, program, responder.enrollment, request.enrollment)
    length = settings_of(program).default_length_days
    request.refresh_from_db()
    request.mentorship = mentorship
    request.planned_end_on = timezone.localdate() + timedelta(days=length)
    request.save(update_fields=["mentorship", "planned_end_on"])
    return request


@transaction.atomic
def accept_request(actor: Person, request: CrisisRequest) -> CrisisRequest:
    """An on-call responder takes the request: a short crisis mentorship starts at once."""
    responder = Responder.objects.filter(program_id=request.program_id, person=actor).first()
    if responder is None:
        raise NotAllowed("Only trained responders of this program can accept crisis requests.")
    if actor.pk == request.requester_id:
        raise InvalidInput("You cannot respond to your own request.")
    request = _accept(actor, request, responder)
    record(actor, "crisis_request.accepted", request, request.program.organization)
    email_people([request.requester], "crisis_accepted", request=request)
    return request


@transaction.atomic
def assign_request(actor: Person, request: CrisisRequest, responder: Responder) -> CrisisRequest:
    """The safeguarding lead hands a waiting request to a trained responder."""
    settings = settings_of(request.program)
    if settings.safeguarding_lead_id != actor.pk:
        raise NotAllowed("Only the program's safeguarding lead can assign crisis requests.")
    if responder.program_id != request.program_id:
        raise InvalidInput(
            "Choose a responder of this program.",
            field_errors={"responder": ["Choose a trained responder of this program."]},
        )
    if responder.person_id == request.requester_id:
        raise InvalidInput("Someone cannot respond to their own request.")
    request = _accept(actor, request, responder)
    record(
        actor,
        "crisis_request.assigned",
        request,
        request.program.organization,
        responder=responder.person_id,
    )
    email_people([responder.person], "crisis_assigned", request=request)
    email_people([request.requester], "crisis_accepted", request=request)
    return request


@transaction.atomic
def escalate_if_unanswered(
    request_id: int, now: datetime | None = None, at_once: bool = False
) -> bool:
    """Past the program's target and nobody accepted: tell the lead (or the managers), once.

    `at_once` when nobody could be routed the request: no need to wait for the target.
    """
    request = CrisisRequest.objects.select_related("program").filter(pk=request_id).first()
    if request is None:
        return False
    settings = settings_of(request.program)
    now = now or timezone.now()
    if not at_once and now < request.created_at + timedelta(minutes=settings.response_minutes):
        return False
    escalated = CrisisRequest.objects.filter(pk=request_id, status=RequestStatus.OPEN).update(
        status=RequestStatus.ESCALATED, escalated_at=now
    )
    if not escalated:
        return False  # accepted, withdrawn or escalated before: nothing more to do
    request.refresh_from_db()
    record(
        None,
        "crisis_request.escalated",
        request,
        request.program.organization,
        waited_minutes=int((now - request.created_at).total_seconds() // 60),
        nobody_on_call=at_once,
    )
    lead = settings.safeguarding_lead
    told = [lead] if lead is not None else list(request.program.managers.all())
    email_people(
        told,
        "crisis_escalated",
        request=request,
        has_lead=lead is not None,
        nobody_on_call=at_once,
    )
    return True


@transaction.atomic
def close_request(
    actor: Person, request: CrisisRequest, hand_off: str, mode: str = ClosureMode.COMPLETED
) -> CrisisRequest:
    """The responder closes with a hand-off note: where the person goes next."""
    request = CrisisRequest.objects.select_for_update().select_related("program").get(pk=request.pk)
    hand_off = hand_off.strip()
    if not hand_off:
        raise InvalidInput(
            "Write a hand-off note: where the person goes next (EAP, a professional, a "
            "regular mentorship).",
            field_errors={"hand_off": ["A hand-off note is required."]},
        )
    lead = settings_of(request.program).safeguarding_lead_id == actor.pk
    if request.status == RequestStatus.ACCEPTED:
        if request.accepted_by_id != actor.pk:
            raise NotAllowed("Only the responder of this request can close it.")
        # A mentorship already ended from its own page (say, by the requester) keeps that
        # ending: the request still closes, with its hand-off, and the reminders stop.
        if request.mentorship is not None and request.mentorship.status == Status.ACTIVE:
            close_mentorship(actor, request.mentorship, mode, hand_off)
    elif request.status == RequestStatus.ESCALATED:
        if not lead:
            raise NotAllowed("Only the safeguarding lead can close an escalated request.")
    else:
        label = RequestStatus(request.status).label.lower()
        raise IllegalTransition(f"This request is {label}; it cannot be closed.")
    request.status = RequestStatus.CLOSED
    request.hand_off = hand_off
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "hand_off", "closed_at"])
    record(actor, "crisis_request.closed", request, request.program.organization)
    return request


@transaction.atomic
def withdraw_request(actor: Person, request: CrisisRequest) -> CrisisRequest:
    if request.requester_id != actor.pk:
        raise NotAllowed("Only whoever asked can withdraw a request.")
    withdrawn = CrisisRequest.objects.filter(pk=request.pk, status__in=WAITING).update(
        status=RequestStatus.WITHDRAWN, closed_at=timezone.now()
    )
    if not withdrawn:
        raise IllegalTransition("This request is no longer waiting; it cannot be withdrawn.")
    request.refresh_from_db()
    record(actor, "crisis_request.withdrawn", request, request.program.organization)
    return request


def record_view(viewer: Person, request: CrisisRequest, via: str) -> None:
    """Every look at a request leaves a trace: who and when (and where), never the content."""
    record(viewer, "crisis_request.viewed", request, request.program.organization, via=via)
