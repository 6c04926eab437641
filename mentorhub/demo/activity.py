"""What the demo's mentorships did while they were live: agreements, goals and meetings
(and what the background sweeps did meanwhile, so a first start has nothing to catch up).

Played through the domain actions right after a mentorship becomes active (and before a
finished one closes), then dated back to its days in the story. Each mentorship draws from
its own generator, so adding activity leaves the rest of the story's draws as they were.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from mentorhub.demo.timeline import Timeline
from mentorhub.feedback.models import MeetingFeedback
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import rate_meeting
from mentorhub.matching.engine.timeplace import utc_slots, week_start
from mentorhub.meetings.models import Meeting, MeetingNote
from mentorhub.meetings.services import (
    MeetingPlan,
    add_meeting_note,
    cancel_meeting,
    mark_meeting_held,
    schedule_meeting,
)
from mentorhub.meetings.times import Weekly, weekly_windows
from mentorhub.mentorships.agreements import confirm_agreement, plan_for, save_agreement
from mentorhub.mentorships.goals import add_goal, add_milestone, add_task, set_task_done
from mentorhub.mentorships.models import Goal, Mentorship, Nudge
from mentorhub.mentorships.nudges import AFTER, record_quiet_spells
from mentorhub.messaging.models import Message, ReadMark
from mentorhub.messaging.services import mark_read, post_message
from mentorhub.people.models import Organization, Person
from mentorhub.people.services import Slot, set_availability
from mentorhub.programs.approaches import ApproachKey

MEETING_EVERY_DAYS = 14
MAX_PAST_MEETINGS = 4
QUIET_SHARE = 0.15  # active mentorships left quiet for weeks, so health badges have something
WORKING_DAY = (7 * 60, 21 * 60)  # minutes of the day a remote pair would agree to meet in
RATED_BY_ALL_DAYS = 3  # the feedback sweep looks two days back (and the story ends at midnight)
MEETING_TOPICS = (
    "Check-in",
    "Goals review",
    "Working session",
    "Catch-up",
    "Practice run",
)
MESSAGES = (
    "Thanks for today! I wrote up the three points we talked about.",
    "Found this guide useful: https://www.python.org/dev/peps/pep-0008/ (the naming part).",
    "Can we move Thursday's meeting by an hour? Something came up.",
    "I tried the approach you suggested in the team meeting; it went well.",
    "Quick question: how did you prepare for your first promotion panel?",
    "Sharing my draft before we meet, no rush to read it.",
)
RATINGS = ("helpful", "helpful", "helpful", "okay", "not_helpful")
SHARED_NOTES = (
    "Agreed next steps: draft the outline before we meet again.",
    "Went through the feedback from last week; two points to try out.",
    "Talked about priorities; parked the second goal for now.",
    "Good progress on the first milestone. Next: ask for a stretch assignment.",
)
GOAL_STEPS = (
    ("Agree what success looks like", "Write down three outcomes"),
    ("Try it once for real", "Pick an opportunity in the next month"),
    ("Reflect and adjust", "Share what worked and what did not"),
)


@dataclass(frozen=True)
class Span:
    """When a mentorship was live, in days before today (later is smaller)."""

    started: float
    ended: float | None  # None: still active

    @property
    def last_day(self) -> float:
        return self.ended if self.ended is not None else 0.0


def play_activity(clock: Timeline, mentorship: Mentorship, span: Span) -> None:
    """Agreement, goals and meetings for one live mentorship, dated inside its span."""
    rng = random.Random(mentorship.pk * 7919)
    mentorship = Mentorship.objects.select_related("program").get(pk=mentorship.pk)  # now active
    # The mentor first (organizer of the meetings), the mentee last (owner of the goals).
    ordered = sorted(mentorship.members.select_related("person"), key=lambda m: m.role != "mentor")
    members = [m.person for m in ordered]
    quiet = span.ended is None and span.started > 40 and rng.random() < QUIET_SHARE
    # A quiet mentorship stopped 22-35 days ago: past the 21-day nudge, some past 30.
    active_until = rng.uniform(22, 35) if quiet else span.last_day
    latest = [span.started]
    if mentorship.program.approach == ApproachKey.VIRTUAL:
        _share_hours(clock, members, span.started)
    if _agrees(mentorship, rng):
        latest.append(_agree(clock, mentorship, members, span.started - 0.5))
    latest.append(_work_on_goals(clock, mentorship, members, span, active_until, rng))
    latest.append(_meet(clock, mentorship, members, span, active_until, rng))
    latest.append(_converse(clock, mentorship, members, span, active_until, rng))
    if span.ended is None and not quiet:
        _schedule_next(clock, mentorship, members, rng)
        latest.append(1.0)
    last = min(latest)
    Mentorship.objects.filter(pk=mentorship.pk).update(last_activity_at=clock.at(last))


def _share_hours(clock: Timeline, members: list[Person], day: float) -> None:
    """A remote pair makes time for each other: when their weekly hours never meet, one adds
    a window of the other's that falls inside their own working day."""
    if len(members) != 2:
        return
    monday = week_start(clock.today)
    weekly = {p.pk: _weekly(p) for p in members}
    free = [set(utc_slots(weekly[p.pk], p.timezone, monday)) for p in members]
    if set.intersection(*free):
        return
    for adder, giver in (members, members[::-1]):
        for weekday, start, end in weekly[giver.pk]:
            there = datetime.combine(monday + timedelta(days=weekday), time(0), _zone(giver))
            begins = (there + timedelta(minutes=start)).astimezone(_zone(adder))
            ends = begins + timedelta(minutes=end - start)
            own = [w for w in weekly[adder.pk] if w[0] == begins.weekday()]
            first, last = begins.hour * 60 + begins.minute, ends.hour * 60 + ends.minute
            clear = all(e <= first or s >= last for _, s, e in own)
            if clear and WORKING_DAY[0] <= first < last <= WORKING_DAY[1]:
                added = Slot(begins.weekday(), begins.time(), ends.time())
                set_availability(adder, adder, [*_slots(weekly[adder.pk]), added])
                clock.settle(day)
                return


def _zone(person: Person) -> ZoneInfo:
    return ZoneInfo(person.timezone or "UTC")


def _weekly(person: Person) -> Weekly:
    return weekly_windows(person.availability.values_list("weekday", "start", "end"))


def _slots(weekly: Weekly) -> list[Slot]:
    return [Slot(d, time(s // 60, s % 60), time(e // 60, e % 60)) for d, s, e in weekly]


def _agrees(mentorship: Mentorship, rng: random.Random) -> bool:
    # Formal programs require the agreement; elsewhere most pairs write one anyway.
    return mentorship.program.approach == ApproachKey.FORMAL or rng.random() < 0.6


def _agree(clock: Timeline, mentorship: Mentorship, members: list[Person], day: float) -> float:
    plan = plan_for(mentorship.program)
    terms = {
        "goals": plan.goals or "Grow in the skills named in our enrollments.",
        "cadence": plan.cadence,
        "meeting_minutes": plan.meeting_minutes,
        "channels": plan.channels or ["video", "messaging"],
        "confidentiality": plan.confidentiality,
        "ending": plan.ending,
    }
    save_agreement(members[0], mentorship, terms)
    for person in members:
        confirm_agreement(person, mentorship)
    clock.settle(day)
    return day


def _work_on_goals(
    clock: Timeline,
    mentorship: Mentorship,
    members: list[Person],
    span: Span,
    until: float,
    rng: random.Random,
) -> float:
    """A goal with steps (formal programs have theirs from the template); done as time passed."""
    mentee = members[-1]
    if not mentorship.goals.exists():
        goal = add_goal(
            mentee, mentorship, _goal_title(mentee), due_on=clock.day(round(90 - span.started))
        )
        for milestone_title, task_title in GOAL_STEPS:
            add_milestone(mentee, goal, milestone_title)
            add_task(mentee, goal, task_title, owner=rng.choice(members))
        clock.settle(span.started - 1)
    elapsed = (span.started - until) / max(span.started - span.last_day, 1.0)
    tasks = [t for g in Goal.objects.filter(mentorship=mentorship) for t in g.tasks.all()]
    done = tasks[: round(len(tasks) * min(elapsed, 1.0) * rng.uniform(0.5, 1.0))]
    day = span.started - 1
    for step, task in enumerate(done, start=1):
        set_task_done(task.owner or mentee, task)
        day = span.started - (span.started - until) * step / (len(done) + 1)
        clock.settle(day)
    return day


def _goal_title(mentee: Person) -> str:
    wanted = mentee.skills.filter(direction__in=("seeks", "both")).select_related("skill")
    skill = next(iter(wanted), None)
    return f"Get confident with {skill.skill.name}" if skill else "Take on a stretch assignment"


def _local_ten(person: Person, clock: Timeline, days_ago: float) -> datetime:
    """10:00 on that day in the person's own zone, moved off the weekend: back to Friday
    in the past, on to Monday in the future (a meeting to come never lands in the past)."""
    zone = _zone(person)
    day = clock.at(days_ago).astimezone(zone).date()
    step = timedelta(days=-1 if days_ago > 0 else 1)
    while day.weekday() >= 5:
        day += step
    return datetime.combine(day, time(10), tzinfo=zone)


def _meet(
    clock: Timeline,
    mentorship: Mentorship,
    members: list[Person],
    span: Span,
    until: float,
    rng: random.Random,
) -> float:
    """Past meetings every two weeks or so: most held with a shared note, a few cancelled."""
    # Only the latest few are played: enough to show the rhythm, quick to build.
    first = min(span.started - 3, until + MAX_PAST_MEETINGS * MEETING_EVERY_DAYS)
    mentor, day, last = members[0], first, span.started
    while day > max(until, 0.5):
        starts = _local_ten(mentor, clock, day)
        plan = MeetingPlan(rng.choice(MEETING_TOPICS), starts, 45, generate_video=True)
        meeting = schedule_meeting(mentor, mentorship, plan)[0]
        clock.settle(day + 5, meeting)
        if rng.random() < 0.85:
            mark_meeting_held(mentor, meeting)
            note = add_meeting_note(rng.choice(members), meeting, rng.choice(SHARED_NOTES), False)
            for person in members:
                # The last days' meetings are rated by everyone: the feedback sweep has
                # asked them already, so the first start sends no questions about the past.
                if rng.random() < 0.6 or day < RATED_BY_ALL_DAYS:
                    rate_meeting(person, meeting, rng.choice(RATINGS))
            clock.settle(day, note)
            _updated(meeting, clock.at(day))
            last = day
        else:
            cancel_meeting(mentor, meeting)
            clock.settle(day)
            _updated(meeting, clock.at(day))
        day -= rng.uniform(MEETING_EVERY_DAYS - 4, MEETING_EVERY_DAYS + 6)
    return last


def _converse(
    clock: Timeline,
    mentorship: Mentorship,
    members: list[Person],
    span: Span,
    until: float,
    rng: random.Random,
) -> float:
    """A short exchange now and then; the last message of a live one may still be unread."""
    day, last, message = span.started - 1, span.started, None
    for text in rng.sample(MESSAGES, rng.randint(2, len(MESSAGES))):
        day -= rng.uniform(2, 12)
        if day <= max(until, 0.1):
            break
        message = post_message(rng.choice(members), mentorship, text)
        clock.settle(day, message)
        last = day
    if message is not None:
        _read_up_to(clock, mentorship, members, message, last, keep_unread=span.ended is None)
    return last


def _read_up_to(
    clock: Timeline,
    mentorship: Mentorship,
    members: list[Person],
    message: Message,
    day: float,
    keep_unread: bool,
) -> None:
    """Everyone read everything, but for the latest message of a live mentorship."""
    previous = Message.objects.filter(mentorship=mentorship, pk__lt=message.pk).last()
    for person in members:
        upto = previous if keep_unread and person.pk != message.author_id else message
        if upto is not None:
            mark_read(person, mentorship, upto.pk)
    ReadMark.objects.filter(mentorship=mentorship).update(last_read_at=clock.at(day))


def _updated(meeting: Meeting, at: datetime) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=at)
    MeetingNote.objects.filter(meeting=meeting).update(created_at=at)
    MeetingFeedback.objects.filter(meeting=meeting).update(created_at=at)


def _schedule_next(
    clock: Timeline, mentorship: Mentorship, members: list[Person], rng: random.Random
) -> None:
    """The next meeting: a fortnightly series for some, one meeting for the others."""
    mentor = members[0]
    starts = _local_ten(mentor, clock, -rng.randint(2, 9))
    if rng.random() < 0.4:
        plan = MeetingPlan(
            "Fortnightly mentoring", starts, 45, generate_video=True, frequency="biweekly", count=6
        )
    else:
        plan = MeetingPlan(rng.choice(MEETING_TOPICS), starts, 30, generate_video=True)
    schedule_meeting(mentor, mentorship, plan)
    clock.settle(1)


def settle_sweeps(clock: Timeline, organization: Organization) -> None:
    """What the hourly sweeps did while the story played, so the first start sends nothing
    about the past: the check-ins due by now are open, and each quiet spell was nudged (and
    its managers warned) when it passed its threshold, as `nudges.py` writes it."""
    # A demo of today has run its sweeps up to now; one of another day (the tests pin one)
    # ends at that day's midnight, like the rest of its story.
    now = timezone.now() if clock.today == timezone.localdate() else clock.midnight
    open_due_checkins(now=now, organization=organization)
    record_quiet_spells(now)
    ours = Nudge.objects.filter(
        mentorship__program__organization=organization, sent_at__isnull=True
    )
    for kind, after in AFTER.items():
        told = F("quiet_since") + after
        ours.filter(kind=kind).update(created_at=told, sent_at=told)
