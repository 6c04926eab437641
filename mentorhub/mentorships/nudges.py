"""Quiet mentorships: the health signal shown to people and the nudges the hourly sweep sends.

Inactivity is not a state. A mentorship is quiet for as long as its last sign of life
(`activity.last_sign_of_life`: the latest activity, or the start) lies behind: 21 days
nudges its members, 30 days warns its program's managers. Each quiet spell is named by
when it began, and its `Nudge` row (unique per spell and audience) is what makes a rerun
or a retry of the sweep send nothing more; new activity begins a new spell.

The sweep records the spells first (one query per audience finds them, one more stores
them), then, for each nudge not yet marked sent, queues its emails and marks it sent in one
transaction. A crash or a failed insert leaves the nudge pending for the next sweep, and
the email keys, made from the nudge, make a repeat queue nothing twice: nothing goes
twice, nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from mentorhub.mentorships.activity import last_sign_of_life
from mentorhub.mentorships.models import Member, Mentorship, Nudge, NudgeKind, Status
from mentorhub.notify import email_people
from mentorhub.people.models import Person, Role

QUIET_AFTER = timedelta(days=21)
AT_RISK_AFTER = timedelta(days=30)
AFTER = {NudgeKind.MEMBERS: QUIET_AFTER, NudgeKind.MANAGERS: AT_RISK_AFTER}
# The list's filter: "quiet" includes the ones at risk.
HEALTH_FILTERS = {"quiet": QUIET_AFTER, "at_risk": AT_RISK_AFTER}


@dataclass(frozen=True)
class Health:
    """How an active mentorship is doing, from how long it has been quiet."""

    quiet_since: datetime
    days_quiet: int

    @property
    def level(self) -> str:
        if self.days_quiet >= AT_RISK_AFTER.days:
            return "at_risk"
        return "quiet" if self.days_quiet >= QUIET_AFTER.days else "ok"

    @property
    def label(self) -> str:
        return {"at_risk": "at risk", "quiet": "quiet", "ok": ""}[self.level]


def health(mentorship: Mentorship, now: datetime | None = None) -> Health | None:
    """The health of an active mentorship; None for one that has not begun or has ended."""
    since = last_sign_of_life(mentorship)
    if mentorship.status != Status.ACTIVE or since is None:
        return None
    return Health(since, max((now or timezone.now()) - since, timedelta(0)).days)


def quiet_since(prefix: str = "") -> Combinable:
    """`last_sign_of_life` in SQL: the later of the last activity and the start."""
    last, start = F(f"{prefix}last_activity_at"), F(f"{prefix}activated_at")
    return Greatest(Coalesce(last, start), Coalesce(start, last))


def quiet_for(
    mentorships: QuerySet[Mentorship], after: timedelta, now: datetime | None = None
) -> QuerySet[Mentorship]:
    """The active ones with no sign of life for `after` or longer, annotated `quiet_since`."""
    cutoff = (now or timezone.now()) - after
    return mentorships.annotate(quiet_since=quiet_since()).filter(
        status=Status.ACTIVE, quiet_since__lte=cutoff
    )


def record_quiet_spells(now: datetime) -> int:
    """Store a nudge for every spell past its threshold that has none yet; the number stored."""
    stored = 0
    for kind, after in AFTER.items():
        told = Nudge.objects.filter(
            mentorship=OuterRef("pk"), kind=kind, quiet_since=OuterRef("quiet_since")
        )
        spells = quiet_for(Mentorship.objects.all(), after, now).filter(~Exists(told))
        nudges = [
            Nudge(mentorship_id=pk, kind=kind, quiet_since=since, created_at=now)
            for pk, since in spells.values_list("pk", F("quiet_since"))
        ]
        # A sweep running alongside may store the same spells; the constraint keeps one.
        Nudge.objects.bulk_create(nudges, ignore_conflicts=True)
        stored += len(nudges)
    return stored


def pending_nudges() -> QuerySet[Nudge]:
    """Nudges whose emails have not been queued, for spells still going on."""
    managers = Person.objects.filter(is_active=True)
    admins = Person.objects.filter(is_active=True, role=Role.ADMIN)
    return (
        Nudge.objects.annotate(current=quiet_since("mentorship__"))
        .filter(sent_at__isnull=True, mentorship__status=Status.ACTIVE, quiet_since=F("current"))
        .select_related("mentorship__program__organization")
        .prefetch_related(
            Prefetch("mentorship__members", queryset=Member.objects.select_related("person")),
            Prefetch("mentorship__program__managers", queryset=managers),
            Prefetch("mentorship__program__organization__people", queryset=admins),
        )
    )


def send_nudges(now: datetime) -> int:
    """Queue the emails of every pending nudge and mark it sent; the number sent.

    Each nudge's email tasks and its `sent_at` commit together: a failure leaves it
    pending for the next sweep, whose keys then queue nothing twice.
    """
    pending = list(pending_nudges())
    for nudge in pending:
        with transaction.atomic():
            email_nudge(nudge, now)
            Nudge.objects.filter(pk=nudge.pk).update(sent_at=now)
    return len(pending)


def email_nudge(nudge: Nudge, now: datetime) -> None:
    mentorship = nudge.mentorship
    days = (now - nudge.quiet_since).days
    if nudge.kind == NudgeKind.MEMBERS:
        people = [m.person for m in mentorship.members.all()]
        name = "nudge_quiet"
    elif mentorship.program.approach_rules.private_participants:
        return  # who takes part is private (crisis): managers are not told who went quiet
    else:
        people = managers_of(mentorship)
        name = "nudge_at_risk"
    key = f"{name}:nudge={nudge.pk}"
    email_people(
        people,
        name,
        key,
        in_this_transaction=True,
        mentorship=mentorship,
        nudge=nudge,
        weeks=days // 7,
        days=days,
    )


def managers_of(mentorship: Mentorship) -> list[Person]:
    """The program's managers; its organization's admins when nobody manages it."""
    program = mentorship.program
    return list(program.managers.all()) or list(program.organization.people.all())


def nudge_quiet_mentorships(now: datetime | None = None) -> int:
    """The sweep: record the quiet spells due a nudge, then send what is pending."""
    now = now or timezone.now()
    record_quiet_spells(now)
    return send_nudges(now)
