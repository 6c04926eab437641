"""The demo's program calendar: the Leadership Accelerator's kick-off (held), a training
workshop with a video link, the mid-point review and the closing celebration.

Added through the calendar actions, then dated back to their days in the story: the
actions refuse a start in the past, so every event is added at a time still to come and
then moved to its day (the build's "today" may itself be in the past).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from mentorhub.demo.timeline import Timeline
from mentorhub.people.models import Organization
from mentorhub.programs.calendar import EventPlan, add_event
from mentorhub.programs.models import Program, ProgramEvent

PROGRAM = "Leadership Accelerator"
PLANNED = 84  # days ago: the program team put the dates in soon after creating the program


@dataclass(frozen=True)
class Dated:
    """An event on its day: `day` is days from the story's today (negative: before it)."""

    day: int
    hour: float  # UTC: mid-afternoon in Europe, morning in the Americas
    plan: EventPlan


def _plan(title: str, minutes: int, description: str, **where: str) -> EventPlan:
    # The real start is set when the event is dated; the placeholder only has to be ahead.
    start = timezone.now() + timedelta(days=1)
    return EventPlan(title, start, minutes, description, **where)


def _calendar() -> tuple[Dated, ...]:
    return (
        Dated(
            -58,
            15,
            _plan(
                "Cohort kick-off",
                90,
                "Meet your cohort and the program team, walk through the six modules, and "
                "agree the first meeting date with your mentor.",
                location="Berlin office, Spree room (and on video)",
                video_url="https://meet.northwind.example/leadership-kickoff",
            ),
        ),
        Dated(
            9,
            14,
            _plan(
                "Training workshop: feedback that lands",
                120,
                "A hands-on workshop on giving and receiving feedback (module 2). Bring one "
                "real conversation you are preparing for.",
                video_url="https://meet.northwind.example/leadership-feedback-workshop",
            ),
        ),
        Dated(
            30,
            15,
            _plan(
                "Mid-point review",
                60,
                "Each pair shares progress on the leadership project; the program team checks "
                "in on goals and the mentoring agreement.",
                location="Online, breakout rooms per pair",
                video_url="https://meet.northwind.example/leadership-midpoint",
            ),
        ),
        Dated(
            118,
            16,
            _plan(
                "Closing celebration",
                150,
                "Mentees present their leadership projects; certificates, thanks and drinks.",
                location="Berlin office, rooftop terrace",
            ),
        ),
    )


def play_calendar(clock: Timeline, organization: Organization) -> None:
    program = Program.objects.filter(organization=organization, name=PROGRAM).first()
    if program is None or not program.approach_rules.structured:
        return
    manager = program.managers.order_by("pk").first()
    if manager is None:
        return
    for index, dated in enumerate(_calendar()):
        event = add_event(manager, program, dated.plan)
        planned = PLANNED - index * 0.05
        clock.settle(planned, event)
        starts = clock.at(-dated.day) + timedelta(hours=dated.hour)
        ProgramEvent.objects.filter(pk=event.pk).update(
            starts_at=starts, updated_at=clock.at(planned)
        )
