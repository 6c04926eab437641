"""A crisis mentorship's planned end: extending it, and the hourly sweep of reminders.

Crisis support is short, but a crisis mentorship is never closed silently: a few days before
its planned end the responder is reminded to prepare the hand-off, once more after it has
passed, and the safeguarding lead hears when it is still open a week later. Each reminder is
sent once per planned end (`*_reminded_for`), so extending the end re-arms all three.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.crisis.access import is_lead, settings_of
from mentorhub.crisis.models import (
    MAX_LENGTH,
    MAX_REASON,
    CrisisRequest,
    PlannedEndChange,
    RequestStatus,
)
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.notify import email_people
from mentorhub.people.models import Person

REMIND_BEFORE = timedelta(days=3)
TELL_LEAD_AFTER = timedelta(days=7)
RESPONDER_MAX_DAYS = MAX_LENGTH  # 6 weeks from the start; beyond it the lead decides
LEAD_MAX_DAYS = 91


def _refuse(field: str, message: str) -> None:
    raise InvalidInput(message, field_errors={field: [message]})


@transaction.atomic
def extend_planned_end(
    actor: Person, request: CrisisRequest, new_end: date, reason: str
) -> CrisisRequest:
    """The responder (up to 6 weeks in all) or the lead (up to 13) moves the planned end."""
    locked = CrisisRequest.objects.select_for_update(of=("self",))
    request = locked.select_related("program").get(pk=request.pk)
    lead = is_lead(actor, request.program)
    if request.accepted_by_id != actor.pk and not lead:
        raise NotAllowed("Only the responder or the safeguarding lead can extend this.")
    if request.status != RequestStatus.ACCEPTED or request.planned_end_on is None:
        raise IllegalTransition("Only a crisis mentorship under way can be extended.")
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        _refuse("reason", f"Say why in a few words (at most {MAX_REASON} characters).")
    if new_end <= max(request.planned_end_on, timezone.localdate()):
        _refuse("planned_end_on", "Choose a day after the current planned end and today.")
    assert request.accepted_at is not None
    limit = LEAD_MAX_DAYS if lead else RESPONDER_MAX_DAYS
    latest = request.accepted_at.date() + timedelta(days=limit)
    if new_end > latest:
        who = "the safeguarding lead" if lead else "a responder; beyond it, ask the lead"
        _refuse("planned_end_on", f"{latest:%d %b %Y} is the latest {who} can set.")
    PlannedEndChange.objects.create(
        request=request,
        changed_by=actor,
        from_date=request.planned_end_on,
        to_date=new_end,
        reason=reason,
    )
    record(
        actor,
        "crisis_request.extended",
        request,
        request.program.organization,
        planned_end_from=request.planned_end_on.isoformat(),
        planned_end_to=new_end.isoformat(),
    )
    request.planned_end_on = new_end
    request.save(update_fields=["planned_end_on"])
    return request


# The sweep


def _under_way() -> QuerySet[CrisisRequest]:
    return CrisisRequest.objects.filter(
        status=RequestStatus.ACCEPTED, planned_end_on__isnull=False
    ).select_related("program", "accepted_by")


def _not_sent(mark: str) -> Q:
    return Q(**{f"{mark}__isnull": True}) | ~Q(**{mark: F("planned_end_on")})


def _send_once(request: CrisisRequest, mark: str, tell: Callable[[CrisisRequest], None]) -> bool:
    """Claim the reminder for this planned end and queue its emails, in one transaction."""
    with transaction.atomic():
        claimed = (
            CrisisRequest.objects.filter(
                pk=request.pk, status=RequestStatus.ACCEPTED, planned_end_on=request.planned_end_on
            )
            .filter(_not_sent(mark))
            .update(**{mark: F("planned_end_on")})
        )
        if claimed:
            tell(request)
            record(
                None,
                f"crisis_request.{mark.removesuffix('_for')}",
                request,
                request.program.organization,
                planned_end_on=request.planned_end_on.isoformat() if request.planned_end_on else "",
            )
    return bool(claimed)


def _key(name: str, request: CrisisRequest) -> str:
    return f"{name}:request={request.pk}:end={request.planned_end_on}"


def _tell_responder(name: str) -> Callable[[CrisisRequest], None]:
    def tell(request: CrisisRequest) -> None:
        responder = [request.accepted_by] if request.accepted_by else []
        email_people(
            responder, name, _key(name, request), in_this_transaction=True, request=request
        )

    return tell


def _tell_lead(request: CrisisRequest) -> None:
    lead = settings_of(request.program).safeguarding_lead
    told = [lead] if lead is not None else list(request.program.managers.all())
    email_people(
        told,
        "crisis_past_end_lead",
        _key("crisis_past_end_lead", request),
        in_this_transaction=True,
        request=request,
        has_lead=lead is not None,
    )


def remind_planned_ends(now: datetime | None = None) -> int:
    """The hourly sweep: reminders around each planned end; how many were sent."""
    now = now or timezone.now()
    today = now.date()
    sent = 0
    due = {
        "end_reminded_for": (
            Q(planned_end_on__gte=today, planned_end_on__lte=today + REMIND_BEFORE),
            _tell_responder("crisis_ending_soon"),
        ),
        "past_end_reminded_for": (
            Q(planned_end_on__lt=today),
            _tell_responder("crisis_past_end"),
        ),
        "lead_told_for": (Q(planned_end_on__lte=today - TELL_LEAD_AFTER), _tell_lead),
    }
    for mark, (when, tell) in due.items():
        pending = _under_way().filter(when, _not_sent(mark))
        sent += sum(_send_once(r, mark, tell) for r in pending)
    return sent
