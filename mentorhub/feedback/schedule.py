"""When check-ins are due: a program's policy, and the sweep that opens what has come due.

The n-th check-in of a mentorship is due `first_after_days` after it became active, then
every `every_days`; it stays open until the next one is due. The sweep opens only the latest
due check-in (one missed while the workers were down is not opened late), and the unique
(mentorship, number) pair makes a second sweep, or two at once, open nothing more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.feedback.models import FIRST_AFTER_DAYS, CheckIn, CheckInPolicy
from mentorhub.mentorships.models import Member, Mentorship, Status
from mentorhub.notify import email_people
from mentorhub.people.models import Organization
from mentorhub.programs.models import Program

CHECKIN_OPEN = "checkin_open"


def policy_for(program: Program) -> CheckInPolicy:
    """The program's policy, or an unsaved one with the defaults (30 days, then every 60)."""
    return CheckInPolicy.objects.filter(program=program).first() or CheckInPolicy(program=program)


def due_at(activated_at: datetime, policy: CheckInPolicy, number: int) -> datetime:
    days = policy.first_after_days + (number - 1) * policy.every_days
    return activated_at + timedelta(days=days)


def latest_due(activated_at: datetime, policy: CheckInPolicy, now: datetime) -> int:
    """The number of the latest check-in due by `now`; 0 before the first."""
    first = due_at(activated_at, policy, 1)
    if now < first:
        return 0
    return 1 + (now - first) // timedelta(days=policy.every_days)


def open_due_checkins(
    now: datetime | None = None, organization: Organization | None = None
) -> list[CheckIn]:
    """Open every check-in that has come due for an active mentorship; email its members.

    `organization` limits the sweep to one organization (the demo opens its own).
    """
    now = now or timezone.now()
    policies = {p.program_id: p for p in CheckInPolicy.objects.all()}
    within = {"program__organization": organization} if organization is not None else {}
    candidates = (
        Mentorship.objects.filter(
            status=Status.ACTIVE,
            activated_at__lte=now - timedelta(days=FIRST_AFTER_DAYS[0]),
            **within,
        )
        .annotate(latest=Max("checkins__number"))
        .values_list("pk", "program_id", "activated_at", "latest")
    )
    opened = []
    for mentorship_id, program_id, activated_at, latest in candidates.iterator():
        assert activated_at is not None  # filtered above
        policy = policies.get(program_id) or CheckInPolicy(program_id=program_id)
        number = latest_due(activated_at, policy, now) if policy.enabled else 0
        if number > (latest or 0):
            checkin = _open(mentorship_id, number, due_at(activated_at, policy, number), policy)
            if checkin is not None:
                opened.append(checkin)
    return opened


def _open(mentorship_id: int, number: int, due: datetime, policy: CheckInPolicy) -> CheckIn | None:
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                mentorship_id=mentorship_id,
                number=number,
                due_at=due,
                closes_at=due + timedelta(days=policy.every_days),
            )
            members = list(
                Member.objects.filter(mentorship_id=mentorship_id).select_related(
                    "person", "mentorship__program__organization"
                )
            )
            org = members[0].mentorship.program.organization if members else None
            record(None, "checkin.opened", checkin, org, number=number)
            key = f"{CHECKIN_OPEN}:checkin={checkin.pk}"
            email_people([m.person for m in members], CHECKIN_OPEN, key=key, checkin=checkin)
    except IntegrityError:
        return None  # another sweep opened it first
    return checkin
