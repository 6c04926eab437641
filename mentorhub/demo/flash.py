"""The demo's flash mentoring: challenges asked, scoped, resolved or timed out.

Played after the stories through the flash actions (describe, ask, accept, agree terms,
resolve, the time-box sweep), then dated back to their days in the story. The demo mentee
gets the challenge still being worked on, so signing in as them shows the panel live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from mentorhub.demo import DEMO_LOGINS
from mentorhub.demo.activity import Span, play_activity
from mentorhub.demo.timeline import Timeline
from mentorhub.errors import DomainError
from mentorhub.flash.models import Challenge, OpenSlot, Outcome
from mentorhub.flash.services import (
    agree_terms,
    ask_for_help,
    close_due_challenges,
    describe_challenge,
    propose_terms,
    resolve_challenge,
)
from mentorhub.flash.slots import book_slot, publish_slot
from mentorhub.meetings.models import Meeting
from mentorhub.meetings.services import mark_meeting_held
from mentorhub.mentorships.models import LIVE_STATUSES, Member, Mentorship
from mentorhub.mentorships.services import accept_mentorship
from mentorhub.people.models import Organization
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

PROGRAM = "Flash mentoring"
SLOT_HOUR = timedelta(hours=15)
TIMED_OUT = "timed out"


@dataclass(frozen=True)
class FlashStory:
    """One challenge's days (before today; later is smaller) and how it ended."""

    title: str
    description: str
    scope: str
    end_condition: str
    asked: float
    agreed: float
    time_box: int
    ended: float | None = None  # None: still being worked on
    outcome: str = ""  # the one-question answer; TIMED_OUT: the sweep closed it


STORIES = (
    FlashStory(
        "Sanity-check the pricing model for our add-on",
        "I have never priced anything. The pricing review is next week and I want someone "
        "to poke holes in the model first.",
        "Walk through the model once, then a dry run of the review.",
        "The model survives a dry run with no open questions.",
        asked=6,
        agreed=4.5,
        time_box=14,
    ),
    FlashStory(
        "Prepare for my promotion panel",
        "The panel is in three weeks and I freeze when they ask about impact.",
        "Two mock panels, focused on telling the impact story.",
        "I can tell my impact story in five minutes without notes.",
        asked=44,
        agreed=42.5,
        time_box=21,
        ended=27,
        outcome=Outcome.RESOLVED,
    ),
    FlashStory(
        "First time leading a database migration",
        "We move our main database next month and I am the one running it.",
        "Review the runbook and the rollback plan together.",
        "A runbook and a rollback plan my team signs off on.",
        asked=30,
        agreed=29,
        time_box=14,
        ended=17,
        outcome=Outcome.PARTLY,
    ),
    FlashStory(
        "Negotiating a renewal with a difficult customer",
        "The renewal is worth a lot and the customer wants a steep discount.",
        "Prepare the negotiation: our limits, their likely asks, the opening.",
        "A one-page plan for the call.",
        asked=70,
        agreed=68,
        time_box=10,
        outcome=TIMED_OUT,
    ),
)
OPEN = (
    "Crash course in accessibility testing",
    "Our audit starts next week and I have never run one; who can show me the basics?",
)


def play_flash(clock: Timeline, organization: Organization) -> None:
    program = Program.objects.filter(organization=organization, name=PROGRAM).first()
    if program is None or not program.approach_rules.challenges:
        return
    mentees = _free_mentees(program)
    for story in STORIES:
        if mentees:
            _play(clock, program, mentees.pop(0), story)
    if mentees:
        _one_off_session(clock, program, mentees.pop(0))
    if mentees:
        asker = mentees.pop(0)
        challenge = describe_challenge(asker.person, asker, OPEN[0], OPEN[1], time_box_days=7)
        clock.settle(1.5, challenge)
    _open_slots(clock, program)


def _free_mentees(program: Program) -> list[Enrollment]:
    """Mentees with no live mentorship in the program, the demo mentee first."""
    busy = Member.objects.filter(
        mentorship__program=program, mentorship__status__in=LIVE_STATUSES
    ).values("enrollment_id")
    free = program.enrollments.filter(
        role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ACTIVE
    ).exclude(pk__in=busy)
    demo_mentee = DEMO_LOGINS[3].email
    return sorted(
        free.select_related("person"), key=lambda e: (e.person.email != demo_mentee, e.pk)
    )


def _mentors(program: Program) -> list[Enrollment]:
    return list(
        program.enrollments.filter(role=EnrollmentRole.MENTOR, status=EnrollmentStatus.ACTIVE)
        .select_related("person")
        .order_by("load", "pk")
    )


def _ask(asker: Enrollment, challenge: Challenge) -> Challenge | None:
    """Ask the best-placed mentor who can take it (pairing rules may rule some out)."""
    for mentor in _mentors(asker.program):
        if mentor.is_full:
            continue
        try:
            return ask_for_help(asker.person, challenge, mentor.pk)
        except DomainError:
            continue
    return None


def _play(clock: Timeline, program: Program, asker: Enrollment, story: FlashStory) -> None:
    challenge = describe_challenge(
        asker.person, asker, story.title, story.description, story.time_box
    )
    clock.settle(story.asked + 0.1, challenge)
    asked = _ask(asker, challenge)
    if asked is None or asked.mentorship is None:
        return
    mentorship = asked.mentorship
    clock.settle(story.asked)
    mentor = next(m.person for m in mentorship.members.all() if m.role == EnrollmentRole.MENTOR)
    accepted = story.asked - 0.5
    accept_mentorship(mentor, mentorship)
    clock.settle(accepted)
    ended = story.ended
    if story.outcome == TIMED_OUT:
        ended = story.agreed - story.time_box
    play_activity(clock, mentorship, Span(accepted, ended))
    active_until = Mentorship.objects.get(pk=mentorship.pk).last_activity_at
    propose_terms(mentor, asked, story.scope, story.end_condition)
    clock.settle(story.agreed + 0.2)
    agree_terms(asker.person, asked)
    clock.settle(story.agreed)
    Challenge.objects.filter(pk=asked.pk).update(
        agreed_at=clock.at(story.agreed), due_at=clock.at(story.agreed - story.time_box)
    )
    if ended is not None:
        _end(clock, asked, story, ended)
    latest = max(filter(None, (active_until, clock.at(story.agreed))))
    _retime(clock, mentorship, story, accepted, ended, latest)


def _end(clock: Timeline, challenge: Challenge, story: FlashStory, ended: float) -> None:
    if story.outcome == TIMED_OUT:
        close_due_challenges(now=clock.at(ended - 0.01))  # its time box, as dated above
        challenge.refresh_from_db()
        clock.settle(ended)
        resolve_challenge(challenge.asker, challenge, Outcome.NOT_RESOLVED)  # answered later
        clock.settle(ended - 2)
        Challenge.objects.filter(pk=challenge.pk).update(
            closed_at=clock.at(ended), outcome_at=clock.at(ended - 2)
        )
        return
    resolve_challenge(challenge.asker, challenge, story.outcome)
    clock.settle(ended)
    Challenge.objects.filter(pk=challenge.pk).update(
        closed_at=clock.at(ended), outcome_at=clock.at(ended)
    )


def _retime(
    clock: Timeline,
    mentorship: Mentorship,
    story: FlashStory,
    accepted: float,
    ended: float | None,
    latest: datetime,
) -> None:
    fields = {
        "created_at": clock.at(story.asked),
        "activated_at": clock.at(accepted),
        "last_activity_at": min(latest, clock.at(ended or 0)),
    }
    if ended is not None:
        fields["ended_at"] = clock.at(ended)
    Mentorship.objects.filter(pk=mentorship.pk).update(**fields)
    Member.objects.filter(mentorship=mentorship).update(accepted_at=clock.at(accepted))


SESSION_DAYS_AGO = 9
SESSION = "Feedback on my conference abstract"
OPEN_SLOT_DAYS = (-2, -3, -6, -9)  # days ahead of today, at the mentor's 15:00 UTC


def _one_off_session(clock: Timeline, program: Program, asker: Enrollment) -> None:
    """A session booked from a slot, held nine days ago, resolved by the asker."""
    mentor = next((m for m in _mentors(program) if not m.is_full), None)
    if mentor is None:
        return
    slot = publish_slot(mentor.person, mentor, _valid_start(), 45)
    clock.settle(SESSION_DAYS_AGO + 4, slot)
    try:
        challenge = book_slot(asker.person, slot, SESSION)
    except DomainError:
        return  # a pairing rule rules these two out
    assert challenge.mentorship is not None
    mentorship = challenge.mentorship
    starts = clock.at(SESSION_DAYS_AGO) + SLOT_HOUR
    ends = starts + timedelta(minutes=45)
    booked = clock.at(SESSION_DAYS_AGO + 3)
    OpenSlot.objects.filter(pk=slot.pk).update(starts_at=starts, booked_at=booked)
    Meeting.objects.filter(mentorship=mentorship).update(starts_at=starts, created_at=booked)
    Challenge.objects.filter(pk=challenge.pk).update(
        created_at=booked, agreed_at=booked, due_at=ends
    )
    clock.settle(SESSION_DAYS_AGO + 3)
    for meeting in Meeting.objects.filter(mentorship=mentorship):
        mark_meeting_held(mentor.person, meeting)
    close_due_challenges(now=ends + timedelta(hours=1))
    clock.settle(SESSION_DAYS_AGO - 0.1)
    challenge.refresh_from_db()
    resolve_challenge(asker.person, challenge, Outcome.RESOLVED)
    clock.settle(SESSION_DAYS_AGO - 1)
    Challenge.objects.filter(pk=challenge.pk).update(
        closed_at=ends + timedelta(hours=1), outcome_at=clock.at(SESSION_DAYS_AGO - 1)
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(
        created_at=booked,
        activated_at=booked,
        ended_at=ends + timedelta(hours=1),
        last_activity_at=ends,
    )
    Member.objects.filter(mentorship=mentorship).update(accepted_at=booked)


def _open_slots(clock: Timeline, program: Program) -> None:
    """A mentor with time to give offers a few slots in the coming days."""
    mentor = next((m for m in reversed(_mentors(program)) if not m.is_full), None)
    if mentor is None:
        return
    for days_ago in OPEN_SLOT_DAYS:
        slot = publish_slot(mentor.person, mentor, _valid_start(), 45)
        OpenSlot.objects.filter(pk=slot.pk).update(starts_at=clock.at(days_ago) + SLOT_HOUR)
        clock.settle(1, slot)


def _valid_start() -> datetime:
    """A start the action accepts now (tomorrow, a free hour); the story moves it after."""
    taken = set(OpenSlot.objects.values_list("starts_at", flat=True))
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    while start in taken:
        start += timedelta(hours=1)
    return start
