"""What a formal program's panel shows: the viewer's application and acknowledgement, and
for managers the applicants waiting for a decision (a few queries, whatever the numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.applications import applicants, not_acknowledged
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

SHOWN_STATUSES = (EnrollmentStatus.APPLIED, EnrollmentStatus.DECLINED, EnrollmentStatus.ACTIVE)


@dataclass
class FormalView:
    managing: bool
    # The viewer's own enrollments with their state, and those still to acknowledge.
    mine: list[Enrollment] = field(default_factory=list)
    to_acknowledge: list[Enrollment] = field(default_factory=list)
    applicants: list[Enrollment] = field(default_factory=list)
    asks_acknowledgement: bool = False
    today: date | None = None


def for_program(viewer: Person, program: Program, managing: bool | None = None) -> FormalView:
    rules = program.approach_rules
    view = FormalView(
        managing=can_manage(viewer, program) if managing is None else managing,
        asks_acknowledgement=rules.acknowledges_guidelines,
        today=timezone.localdate(),
    )
    view.mine = list(
        program.enrollments.filter(person=viewer, status__in=SHOWN_STATUSES).order_by("role")
    )
    view.to_acknowledge = not_acknowledged(
        [e for e in view.mine if e.status != EnrollmentStatus.DECLINED]
    )
    if view.managing and rules.approves_applications:
        view.applicants = list(applicants(program))
    return view
