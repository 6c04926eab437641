"""What a person's dashboard shows: their mentorships, programs and next steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from mentorhub.mentorships.models import LIVE_STATUSES, Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.access import visible_programs
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program, ProgramStatus


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
    return list(
        programs.exclude(status=ProgramStatus.FINISHED).annotate(
            mentors=Count("enrollments", filter=active & Q(enrollments__role="mentor")),
            mentees=Count("enrollments", filter=active & ~Q(enrollments__role="mentor")),
            waiting=Count(
                "enrollments",
                filter=active & ~Q(enrollments__role="mentor") & Q(enrollments__load=0),
            ),
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


def _next_steps(
    person: Person, awaiting: list[Mentorship], open_programs: list[Program]
) -> list[NextStep]:
    steps = [
        NextStep(
            f"Answer {_asker(m, person)} in {m.program.name}",
            reverse("mentorship_detail", args=[m.pk]),
        )
        for m in awaiting
    ]
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
    enrolled_ids = Enrollment.objects.filter(
        person=person, status=EnrollmentStatus.ACTIVE
    ).values_list("program_id", flat=True)
    open_programs = list(
        visible_programs(person).filter(status=ProgramStatus.OPEN).exclude(pk__in=enrolled_ids)
    )
    mine = _my_mentorships(person)
    awaiting = _awaiting_me(person, mine)
    enrollments = (
        Enrollment.objects.filter(person=person, status=EnrollmentStatus.ACTIVE)
        .select_related("program")
        .order_by("program__name")
    )
    return {
        "mentorships": mine,
        "awaiting": awaiting,
        "enrollments": enrollments,
        "managed": _managed_programs(person),
        "next_steps": _next_steps(person, awaiting, open_programs),
    }
