"""What a person's dashboard shows: their mentorships, programs and next steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from mentorhub.mentorships.models import LIVE_STATUSES, Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.access import visible_programs
from mentorhub.programs.applications import not_acknowledged, site_today
from mentorhub.programs.calendar import next_event_for
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus

# Enrollments the dashboard shows: taking part, and applications waiting or declined.
SHOWN = (EnrollmentStatus.ACTIVE, EnrollmentStatus.APPLIED, EnrollmentStatus.DECLINED)


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str


def _my_mentorships(person: Person) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(members__person=person, status__in=LIVE_STATUSES)
        .select_related("program")
        .prefetch_related("members__person")
        .order_by("status", "-created_at")
    )


def _awaiting_me(person: Person, mine: list[Mentorship]) -> list[Mentorship]:
    """Those of `mine` still waiting for this person's yes or no."""
    return [
        m
        for m in mine
        if m.is_open
        and any(x.person_id == person.pk and x.accepted_at is None for x in m.members.all())
    ]


def _managed_programs(person: Person) -> list[Program]:
    programs = Program.objects.filter(organization=person.organization)
    if not person.is_org_admin:
        programs = programs.filter(managers=person)
    active = Q(enrollments__status=EnrollmentStatus.ACTIVE)
    applied = Q(enrollments__status=EnrollmentStatus.APPLIED)
    return list(
        programs.exclude(status=ProgramStatus.FINISHED).annotate(
            mentors=Count("enrollments", filter=active & Q(enrollments__role="mentor")),
            mentees=Count("enrollments", filter=active & ~Q(enrollments__role="mentor")),
            waiting=Count(
                "enrollments",
                filter=active & ~Q(enrollments__role="mentor") & Q(enrollments__load=0),
            ),
            applications=Count("enrollments", filter=applied),
        )
    )


def _asker(mentorship: Mentorship, person: Person) -> str:
    requester = next(
        (m.person for m in mentorship.members.all() if m.person_id == mentorship.initiated_by_id),
        None,
    )
    if requester is not None and requester.pk != person.pk:
        return f"{requester.full_name}'s request"
    return "the mentorship proposal"


def _applications(mine: list[Enrollment]) -> list[Enrollment]:
    """Applications waiting for a decision, or declined, in programs still running."""
    return [
        e
        for e in mine
        if e.status != EnrollmentStatus.ACTIVE and e.program.status != ProgramStatus.FINISHED
    ]


def _formal_steps(mine: list[Enrollment], managed: list[Program]) -> list[NextStep]:
    """Guidelines still to acknowledge, and applications waiting for the person's decision."""
    live = [
        e
        for e in mine
        if e.status != EnrollmentStatus.DECLINED and e.program.status != ProgramStatus.FINISHED
    ]
    steps = [
        NextStep(
            f"Acknowledge the guidelines of {e.program.name}",
            reverse("program_detail", args=[e.program_id]) + "#application",
        )
        for e in {e.program_id: e for e in not_acknowledged(live)}.values()
    ]
    for program in managed:
        waiting: int = program.applications  # type: ignore[attr-defined]  # counted above
        if waiting:
            noun = "application" if waiting == 1 else "applications"
            steps.append(
                NextStep(
                    f"{waiting} {noun} waiting in {program.name}",
                    reverse("program_detail", args=[program.pk]) + "#applicants",
                )
            )
    return steps


def _next_steps(
    person: Person,
    awaiting: list[Mentorship],
    open_programs: list[Program],
    formal_steps: list[NextStep],
) -> list[NextStep]:
    steps = [
        NextStep(
            f"Answer {_asker(m, person)} in {m.program.name}",
            reverse("mentorship_detail", args=[m.pk]),
        )
        for m in awaiting
    ]
    steps += formal_steps
    if not person.bio or not person.skills.exists():
        steps.append(
            NextStep("Complete your profile: bio and skills help matching", reverse("profile_edit"))
        )
    if not person.availability.exists():
        steps.append(NextStep("Add your weekly availability", reverse("profile_edit")))
    steps += [
        NextStep(
            f"Enroll in {p.name} ({p.approach_rules.label})", reverse("program_detail", args=[p.pk])
        )
        for p in open_programs[:3]
    ]
    return steps


def dashboard_for(person: Person) -> dict[str, Any]:
    enrolled = list(
        Enrollment.objects.filter(person=person, status__in=SHOWN)
        .select_related("program")
        .order_by("program__name")
    )
    # Not suggested: programs the person is in, applied to, or was declined by; and programs
    # whose applications deadline has passed.
    open_programs = list(
        visible_programs(person)
        .filter(status=ProgramStatus.OPEN)
        .exclude(pk__in={e.program_id for e in enrolled})
        .exclude(applications_close_on__lt=site_today())
    )
    mine = _my_mentorships(person)
    awaiting = _awaiting_me(person, mine)
    managed = _managed_programs(person)
    return {
        "mentorships": mine,
        "awaiting": awaiting,
        "enrollments": [e for e in enrolled if e.status == EnrollmentStatus.ACTIVE],
        "applications": _applications(enrolled),
        "managed": managed,
        "next_event": next_event_for(person),
        "next_steps": _next_steps(
            person, awaiting, open_programs, _formal_steps(enrolled, managed)
        ),
    }
