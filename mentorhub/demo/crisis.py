"""The demo's crisis support: Rapid support's settings, help-now contacts, trained responders
with weekly on-call hours in their own time zones (the coverage grid shows the weekend's
gaps), and three requests (one closed with a hand-off, one escalated in the past,
one live and near its planned end).

Played after the stories through the crisis actions, then dated back to their days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mentorhub.crisis.models import CrisisRequest, Responder
from mentorhub.crisis.rota import parse_hours, set_on_call_hours
from mentorhub.crisis.services import (
    Contact,
    SettingsChange,
    accept_request,
    add_emergency_contact,
    ask_for_help,
    assign_request,
    close_request,
    escalate_if_unanswered,
    mark_responder,
    update_crisis_settings,
)
from mentorhub.demo.stories import EAP
from mentorhub.demo.timeline import Timeline
from mentorhub.errors import DomainError
from mentorhub.mentorships.models import Member, Mentorship
from mentorhub.people.models import Organization, Person
from mentorhub.programs.approaches import ApproachKey
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

# Each responder's rota, in their own office's time zone (with the demo's seed: Lagos,
# Kolkata, Berlin, Toronto). Together they cover the working week round the clock; Saturday
# afternoon and most of Sunday stay uncovered: the gaps the set-up page shows. The first
# responder is also switched on call now (extra cover).
HOURS = (
    "mon-fri 09:00-18:00; sat 09:00-13:00",
    "daily 07:00-15:00",
    "mon-fri 17:00-23:00; sun 18:00-22:00",
    "mon-fri 17:00-22:00; sat 12:00-20:00",
)
RESPONDERS = len(HOURS)
ON_CALL = 1
CONTACTS = (
    Contact(
        "Local emergency number",
        phone="112 (EU) / 911 (US)",
        note="If anyone is in immediate danger, call now.",
    ),
    Contact("Find a helpline in your country", url="https://findahelpline.com/"),
    Contact(EAP.title, url=EAP.url, note="Free and confidential, around the clock."),
    Contact("Notruf (EU-weit)", phone="112", note="Rettungsdienst und Polizei.", locale="de"),
)


@dataclass(frozen=True)
class Ask:
    days_ago: float
    need: str
    minutes_to_accept: float | None  # None: nobody on call accepts; it escalates
    closed_days_ago: float | None = None
    hand_off: str = ""


ASKS = (
    Ask(
        41,
        "My father is in hospital and I can't focus at all. I don't know who to talk to.",
        9,
        closed_days_ago=22,
        hand_off=(
            "Connected with the EAP for ongoing counselling; agreed two weeks of reduced "
            "load with their manager. Suggested a regular mentorship in the spring."
        ),
    ),
    Ask(
        12,
        "After the outage last week I haven't slept properly. I feel I let everyone down.",
        None,
        closed_days_ago=2,
        hand_off="Referred to a professional through the EAP; first appointment is booked.",
    ),
    # Played last so its responder is free for the others. Accepted 25 days ago: its planned
    # end (28 days) is three days away, so the hand-off reminder is due.
    Ask(25, "Things at home are hard right now and work is piling up. Can someone talk?", 6),
)


def play_crisis(clock: Timeline, organization: Organization) -> None:
    program = Program.objects.filter(organization=organization, approach=ApproachKey.CRISIS).first()
    if program is None:
        return
    manager = program.managers.order_by("pk").first()
    if manager is None:
        return
    responders = _set_up(clock, program, manager)
    clock.settle(200)
    requesters = _requesters(program, responders)
    for ask, requester in zip(ASKS, requesters, strict=False):
        _play(clock, program, ask, requester, responders)


def _set_up(clock: Timeline, program: Program, manager: Person) -> list[Responder]:
    mentors = Enrollment.objects.filter(
        program=program, role="mentor", status=EnrollmentStatus.ACTIVE
    ).select_related("person")
    responders = [
        mark_responder(manager, e, clock.day(-210 + 30 * i), on_call=i < ON_CALL)
        for i, e in enumerate(mentors.order_by("pk")[:RESPONDERS])
    ]
    for responder, hours in zip(responders, HOURS, strict=False):
        set_on_call_hours(manager, responder, parse_hours(hours))
    lead = _lead(program, {r.person_id for r in responders})
    update_crisis_settings(manager, program, SettingsChange(15, 28, lead or manager))
    for contact in CONTACTS:
        add_emergency_contact(manager, program, contact)
    return responders


def _lead(program: Program, responders: set[int]) -> Person | None:
    """A senior person of the People team who is not a responder: the safeguarding lead."""
    return (
        Person.objects.filter(
            organization=program.organization, department="People", level__gte=6, is_active=True
        )
        .exclude(pk__in=responders)
        .order_by("-level", "pk")
        .first()
    )


def _requesters(program: Program, responders: list[Responder]) -> list[Person]:
    """People outside the program who share a language with a responder."""
    spoken = {code for r in responders for code in r.person.languages}
    enrolled = Enrollment.objects.filter(program=program).values_list("person_id", flat=True)
    lead = program.crisis_settings.safeguarding_lead_id
    candidates = (
        Person.objects.filter(organization=program.organization, is_active=True)
        .exclude(pk__in=enrolled)
        .exclude(pk__in=[lead])
        .order_by("pk")
    )
    return [p for p in candidates if set(p.languages) & spoken][7 : 7 + 3 * len(ASKS) : 3]


def _play(
    clock: Timeline, program: Program, ask: Ask, requester: Person, responders: list[Responder]
) -> None:
    language = next(
        code for code in requester.languages if any(code in r.person.languages for r in responders)
    )
    request = ask_for_help(requester, program, ask.need, language)
    asked = clock.at(ask.days_ago)
    CrisisRequest.objects.filter(pk=request.pk).update(created_at=asked)
    Enrollment.objects.filter(pk=request.enrollment_id).update(created_at=asked)
    clock.settle(ask.days_ago)
    request.refresh_from_db()
    if ask.minutes_to_accept is None:
        escalate_if_unanswered(request.pk, now=asked + timedelta(minutes=16))
        clock.settle(ask.days_ago - 16 / 1440)
        request.refresh_from_db()
    accepted = _accept(program, request, requester, responders, ask)
    if accepted is None:
        return
    took = ask.minutes_to_accept if ask.minutes_to_accept is not None else 24
    when = asked + timedelta(minutes=took)
    CrisisRequest.objects.filter(pk=accepted.pk).update(
        accepted_at=when, planned_end_on=(when + timedelta(days=28)).date()
    )
    mentorship = accepted.mentorship
    assert mentorship is not None
    Mentorship.objects.filter(pk=mentorship.pk).update(
        created_at=when, activated_at=when, last_activity_at=when
    )
    Member.objects.filter(mentorship=mentorship).update(accepted_at=when)
    clock.settle(ask.days_ago - took / 1440)
    if ask.closed_days_ago is None:
        return
    assert accepted.accepted_by is not None
    close_request(accepted.accepted_by, accepted, ask.hand_off)
    closed = clock.at(ask.closed_days_ago)
    CrisisRequest.objects.filter(pk=accepted.pk).update(closed_at=closed)
    Mentorship.objects.filter(pk=mentorship.pk).update(ended_at=closed, last_activity_at=closed)
    clock.settle(ask.closed_days_ago)


def _accept(
    program: Program,
    request: CrisisRequest,
    requester: Person,
    responders: list[Responder],
    ask: Ask,
) -> CrisisRequest | None:
    """The first responder the rules allow takes it (the lead assigns an escalated one)."""
    lead = program.crisis_settings.safeguarding_lead
    for responder in responders:
        if request.language not in responder.person.languages:
            continue
        try:
            if ask.minutes_to_accept is None and lead is not None:
                return assign_request(lead, request, responder)
            return accept_request(responder.person, request)
        except DomainError:
            continue  # the same management chain, a declared conflict, or full
    return None
