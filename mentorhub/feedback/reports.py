"""What each side reads: a member's check-ins, a program's scores and alerts, page cards.

Every query here has a fixed count whatever the data: aggregates in the database, lists
bounded and prefetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mentorhub.feedback.access import MEMBERS, is_member
from mentorhub.feedback.models import (
    CheckIn,
    CheckInAnswer,
    ClosingSurvey,
    ExpectationAlert,
    MeetingFeedback,
    Met,
    Rating,
)
from mentorhub.feedback.services import ENDED, feedback_open
from mentorhub.meetings.models import Meeting
from mentorhub.mentorships.models import Member, Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.programs.models import Program

MAX_LISTED = 100
# What managers may read of an answer: the scores, never the comment.
SCORE_FIELDS = (
    "id",
    "checkin_id",
    "person_id",
    "person__full_name",
    "satisfaction",
    "meeting_rate",
    "expected_rate",
    "goal_progress",
    "expectations_met",
    "answered_at",
)


def scores_only() -> QuerySet[CheckInAnswer]:
    return CheckInAnswer.objects.select_related("person").only(*SCORE_FIELDS)


def checkins_for(viewer: Person, mentorship: Mentorship) -> list[CheckIn]:
    """A member gets their own answer as `mine`; managers get everyone's scores as `scores`."""
    checkins = CheckIn.objects.filter(mentorship=mentorship).annotate(answered=Count("answers"))
    if is_member(viewer, mentorship):
        mine = CheckInAnswer.objects.filter(person=viewer)
        checkins = checkins.prefetch_related(Prefetch("answers", mine, to_attr="mine"))
    elif not mentorship.program.approach_rules.reports_participation_only:
        checkins = checkins.prefetch_related(Prefetch("answers", scores_only(), to_attr="scores"))
    # else stronger privacy: managers see how many answered, never one mentorship's scores
    return list(checkins[:MAX_LISTED])


def open_checkin(checkins: list[CheckIn]) -> CheckIn | None:
    now = timezone.now()
    return next((c for c in checkins if c.is_open(now)), None)


def mentorship_card(viewer: Person, mentorship: Mentorship) -> dict[str, Any]:
    """For the mentorship page: a due check-in, or the closing survey, for this member."""
    if not is_member(viewer, mentorship):
        return {"member": False}
    card: dict[str, Any] = {"member": True, "due": None, "closing": None}
    if mentorship.status == Status.ACTIVE:
        due = (
            CheckIn.objects.filter(mentorship=mentorship, closes_at__gt=timezone.now())
            .exclude(answers__person=viewer)
            .first()
        )
        card["due"] = due
    elif mentorship.status in ENDED:
        answered = ClosingSurvey.objects.filter(mentorship=mentorship, person=viewer).exists()
        card["closing"] = "answered" if answered else "due"
    return card


def meeting_feedback_state(viewer: Person, meeting: Meeting) -> dict[str, Any]:
    mine = MeetingFeedback.objects.filter(meeting=meeting, person=viewer).first()
    return {
        "open": feedback_open(meeting),
        "mine": mine.rating if mine else "",
        "choices": Rating.choices,
        "meeting": meeting,
    }


@dataclass
class ProgramReport:
    checkins: int
    answers: int
    expected_answers: int
    satisfaction: float | None
    goal_progress: float | None
    expectations: dict[str, int]
    meeting_ratings: dict[str, int]
    closing: dict[str, Any]
    open_alerts: list[ExpectationAlert] = field(default_factory=list)
    recent_acknowledged: list[ExpectationAlert] = field(default_factory=list)
    shared_achievements: list[ClosingSurvey] = field(default_factory=list)
    recent: list[CheckIn] = field(default_factory=list)
    # Programs whose approach reports participation and satisfaction only (personal
    # development): the rest is left out here, so every page and endpoint shows the same.
    participation_only: bool = False
    open_alert_count: int = 0

    @property
    def response_rate(self) -> int:
        return round(100 * self.answers / self.expected_answers) if self.expected_answers else 0


def _alerts(program: Program) -> QuerySet[ExpectationAlert]:
    mentorships = Mentorship.objects.prefetch_related(MEMBERS)
    return (
        ExpectationAlert.objects.filter(checkin__mentorship__program=program)
        .select_related("checkin", "acknowledged_by")
        .prefetch_related(Prefetch("checkin__mentorship", mentorships))
    )


def program_report(program: Program) -> ProgramReport:
    """Scores and alerts of a program for its managers: no comments, no private text."""
    checkins = CheckIn.objects.filter(mentorship__program=program)
    answers = CheckInAnswer.objects.filter(checkin__mentorship__program=program).aggregate(
        count=Count("id"),
        satisfaction=Avg("satisfaction"),
        goal_progress=Avg("goal_progress"),
        **{f"met_{m}": Count("id", filter=Q(expectations_met=m)) for m in Met.values},
    )
    ratings = MeetingFeedback.objects.filter(meeting__mentorship__program=program).aggregate(
        **{r: Count("id", filter=Q(rating=r)) for r in Rating.values}
    )
    surveys = ClosingSurvey.objects.filter(mentorship__program=program)
    closing = surveys.aggregate(
        count=Count("id"),
        goals_met=Avg("goals_met"),
        would_again=Count("id", filter=Q(would_again=True)),
    )
    recent = checkins.select_related("mentorship").prefetch_related(
        Prefetch("answers", scores_only(), to_attr="scores"),
        Prefetch("mentorship__members", Member.objects.select_related("person")),
    )
    report = ProgramReport(
        checkins=checkins.count(),
        answers=answers["count"],
        expected_answers=checkins.aggregate(n=Count("mentorship__members"))["n"],
        satisfaction=answers["satisfaction"],
        goal_progress=answers["goal_progress"],
        expectations={m: answers[f"met_{m}"] for m in Met.values},
        meeting_ratings=ratings,
        closing=closing,
        open_alerts=list(_alerts(program).filter(acknowledged_at__isnull=True)[:MAX_LISTED]),
        recent_acknowledged=list(
            _alerts(program).filter(acknowledged_at__isnull=False).order_by("-acknowledged_at")[:20]
        ),
        shared_achievements=list(
            surveys.filter(share_with_program=True)
            .exclude(achieved="")
            .select_related("person")
            .order_by("-answered_at")[:MAX_LISTED]
        ),
        recent=list(recent.order_by("-opened_at")[:50]),
    )
    report.open_alert_count = len(report.open_alerts)
    rules = program.approach_rules
    if rules.private_participants:
        # Who is in a crisis mentorship is for its members and the safeguarding lead:
        # managers get counts and averages, not the list of check-ins that names them.
        return replace(participation_only(report), recent=[])
    if rules.reports_participation_only:
        return participation_only(report)
    return report


def participation_only(report: ProgramReport) -> ProgramReport:
    """Who takes part and how satisfied they are; no goals, ratings, alert or survey text."""
    return replace(
        report,
        participation_only=True,
        goal_progress=None,
        expectations={},
        meeting_ratings={},
        closing={**report.closing, "goals_met": None},
        open_alerts=[],
        recent_acknowledged=[],
        shared_achievements=[],
    )
