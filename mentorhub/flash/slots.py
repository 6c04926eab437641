"""One-off sessions: a mentor publishes open slots, a mentee books one with a topic.

Booking is flash mentoring in miniature: in one transaction it claims the slot (a
conditional update, so two mentees racing for it cannot both win), writes the topic down
as a challenge whose time box ends with the session, starts the mentorship both sides have
already agreed to, and schedules the meeting with a video link. The hourly sweep closes it
after the session and asks the one question.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.flash.models import MAX_SLOT, MIN_SLOT, SLOT_HORIZON_DAYS, Challenge, OpenSlot
from mentorhub.flash.services import describe_challenge, mentee_enrollment
from mentorhub.matching.engine.timeplace import zone
from mentorhub.meetings.services import MeetingPlan, schedule_meeting
from mentorhub.mentorships.services import start_mentorship
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus

MAX_SHOWN = 50


def open_slots(program: Program, now: datetime | None = None) -> QuerySet[OpenSlot]:
    """Slots still to be booked in the program, soonest first."""
    return OpenSlot.objects.filter(
        program=program, booked_at__isnull=True, starts_at__gt=now or timezone.now()
    ).select_related("mentor__person")


def mentor_enrollment(actor: Person, program: Program) -> Enrollment:
    """The actor's own mentor enrollment in the program: the one their slots belong to."""
    enrollment = program.enrollments.filter(
        person=actor, role=EnrollmentRole.MENTOR, status=EnrollmentStatus.ACTIVE
    ).first()
    if enrollment is None:
        raise InvalidInput(f"Enroll in {program.name} as a mentor to offer sessions.")
    return enrollment


def _check_time(starts_at: datetime, duration_minutes: int, now: datetime) -> None:
    if timezone.is_naive(starts_at):
        raise InvalidInput("Give the start with its time zone.", {"starts_at": ["No zone."]})
    if starts_at <= now:
        raise InvalidInput("Offer a time in the future.", {"starts_at": ["In the past."]})
    if starts_at > now + timedelta(days=SLOT_HORIZON_DAYS):
        message = f"Offer times in the next {SLOT_HORIZON_DAYS} days."
        raise InvalidInput(message, {"starts_at": [message]})
    if not MIN_SLOT <= duration_minutes <= MAX_SLOT:
        message = f"A session lasts {MIN_SLOT} to {MAX_SLOT} minutes."
        raise InvalidInput(message, {"duration_minutes": [message]})


def _overlapping(mentor: Enrollment, starts_at: datetime, ends_at: datetime) -> OpenSlot | None:
    nearby = OpenSlot.objects.filter(
        mentor=mentor,
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=MAX_SLOT),
    )
    return next((s for s in nearby if s.ends_at > starts_at), None)


@transaction.atomic
def publish_slot(
    actor: Person, mentor: Enrollment, starts_at: datetime, duration_minutes: int = 45
) -> OpenSlot:
    """A mentor offers a time for a one-off session in a situational program."""
    program = mentor.program
    if mentor.person_id != actor.pk:
        raise NotAllowed("You can only offer your own time.")
    if not program.approach_rules.challenges:
        raise InvalidInput(f"{program.name} does not offer one-off sessions.")
    if mentor.role != EnrollmentRole.MENTOR or mentor.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput(f"Enroll in {program.name} as a mentor to offer sessions.")
    if program.status not in (ProgramStatus.OPEN, ProgramStatus.RUNNING):
        raise InvalidInput(f"{program.name} is not taking sessions.")
    _check_time(starts_at, duration_minutes, timezone.now())
    # The lock on the mentor's enrollment makes the overlap check hold under racing offers.
    Enrollment.objects.select_for_update().filter(pk=mentor.pk).first()
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    clash = _overlapping(mentor, starts_at, ends_at)
    if clash is not None:
        # On the mentor's own clock: a remote mentor thinks in their zone, not in UTC.
        local = timezone.localtime(clash.starts_at, zone(actor.timezone) or UTC)
        message = f"It overlaps your slot at {local:%Y-%m-%d %H:%M} ({actor.timezone})."
        raise InvalidInput(message, {"starts_at": [message]})
    slot = OpenSlot(
        program=program, mentor=mentor, starts_at=starts_at, duration_minutes=duration_minutes
    )
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError:
        raise InvalidInput("You already offer a slot at that time.") from None
    record(actor, "slot.published", slot, program.organization)
    return slot


@transaction.atomic
def withdraw_slot(actor: Person, slot: OpenSlot) -> None:
    """The mentor (or a program manager) takes back a slot nobody has booked."""
    if slot.mentor.person_id != actor.pk and not can_manage(actor, slot.program):
        raise NotAllowed("Only the mentor who offered it can withdraw this slot.")
    if not OpenSlot.objects.filter(pk=slot.pk, booked_at__isnull=True).delete()[0]:
        raise IllegalTransition("This slot is booked; cancel the meeting instead.")
    record(actor, "slot.withdrawn", slot.program, slot.program.organization, slot=slot.pk)


def _check_topic(topic: str) -> str:
    topic = topic.strip()
    if not topic or len(topic) > 200 or "\n" in topic:
        message = "Say in one line (up to 200 characters) what you want to talk about."
        raise InvalidInput(message, {"topic": [message]})
    return topic


@transaction.atomic
def book_slot(actor: Person, slot: OpenSlot, topic: str) -> Challenge:
    """A mentee books a slot: challenge, active mentorship and meeting, all or nothing."""
    topic = _check_topic(topic)
    program = slot.program
    mentee = mentee_enrollment(actor, program)
    now = timezone.now()
    if slot.starts_at <= now:
        raise IllegalTransition("This slot has already started; choose a later one.")
    claimed = OpenSlot.objects.filter(pk=slot.pk, booked_at__isnull=True).update(
        booked_by=actor, booked_at=now
    )
    if not claimed:
        raise IllegalTransition("Someone booked this slot a moment ago; choose another.")
    mentor = Enrollment.objects.select_related("person", "program").get(pk=slot.mentor_id)
    days_left = math.ceil((slot.ends_at - now) / timedelta(days=1))
    challenge = describe_challenge(actor, mentee, topic, time_box_days=max(1, days_left))
    mentorship = start_mentorship(actor, program, mentor, mentee)
    plan = MeetingPlan(
        title=topic,
        starts_at=slot.starts_at,
        duration_minutes=slot.duration_minutes,
        agenda=f"One-off session: {topic}",
        generate_video=True,
    )
    schedule_meeting(actor, mentorship, plan)
    challenge.mentorship = mentorship
    challenge.scope, challenge.terms_by = topic, mentor.person
    challenge.end_condition = "One session, at the booked time."
    challenge.agreed_at, challenge.due_at = now, slot.ends_at
    challenge.save()
    OpenSlot.objects.filter(pk=slot.pk).update(challenge=challenge)
    record(actor, "slot.booked", challenge, program.organization, slot=slot.pk)
    return challenge
