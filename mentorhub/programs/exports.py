"""CSV exports of a program for the people who run it."""

from __future__ import annotations

import csv
from typing import Protocol

from mentorhub.mentorships.models import LIVE_STATUSES, Member
from mentorhub.programs.models import EnrollmentStatus, Program

COLUMNS = ["name", "email", "department", "title", "role", "goals", "load", "capacity", "paired"]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def paired_enrollment_ids(program: Program) -> set[int]:
    """Enrollments with a proposed, requested or active mentorship in the program."""
    return set(
        Member.objects.filter(
            mentorship__program=program, mentorship__status__in=LIVE_STATUSES
        ).values_list("enrollment_id", flat=True)
    )


def as_text(value: str) -> str:
    """A cell from what people typed: a leading quote makes spreadsheets show it, not run it."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_enrollments_csv(out: Writable, program: Program) -> None:
    live = paired_enrollment_ids(program)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    enrollments = (
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
        .select_related("person")
        .order_by("role", "person__full_name")
    )
    if program.approach_rules.private_participants:
        enrollments = enrollments.exclude(role="mentee")  # who asked for help stays private
    for e in enrollments:
        writer.writerow(
            [
                as_text(e.person.full_name),
                as_text(e.person.email),
                as_text(e.person.department),
                as_text(e.person.title),
                e.role,
                as_text(e.goals),
                e.load,
                e.capacity,
                "yes" if e.pk in live else "no",
            ]
        )
