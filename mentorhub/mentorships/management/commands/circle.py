"""`mentorhub circle …`: form a circle by hand (managers), leave one (members)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.models import Enrollment, Program


class Command(BaseCommand):
    help = "Form and leave circles (group and peer mentoring) from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        propose = actions.add_parser("propose", help="form a circle of enrolled people")
        add_actor_arguments(propose)
        propose.add_argument("--program", type=int, required=True, metavar="ID")
        propose.add_argument(
            "--people",
            required=True,
            metavar="EMAIL,EMAIL,…",
            help="everyone in the circle: mentors and mentees, or peers",
        )
        leave = actions.add_parser("leave", help="leave an active circle, which carries on")
        add_actor_arguments(leave)
        leave.add_argument("id", type=int)
        leave.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        if options["action"] == "leave":
            circle = lookup(get_mentorship_for, actor, options["id"])
            with domain_errors():
                leave_circle(actor, circle, options["reason"])
            self.stdout.write(f"You left circle #{circle.pk}; the others have been told.")
            return
        program = lookup(get_managed_program_for, actor, options["program"])
        with domain_errors():
            enrollments = _enrollments(program, options["people"].split(","))
            circle = propose_circle(actor, program, enrollments)
        self.stdout.write(
            f"Circle #{circle.pk} proposed to {len(enrollments)} people; "
            "it starts once all of them accept."
        )


def _enrollments(program: Program, emails: list[str]) -> list[Enrollment]:
    found = []
    for email in (e.strip() for e in emails if e.strip()):
        enrollment = (
            Enrollment.objects.filter(program=program, person__email__iexact=email)
            .select_related("person", "program")
            .first()
        )
        if enrollment is None:
            raise InvalidInput(f"{email} is not enrolled in {program.name} (#{program.pk}).")
        found.append(enrollment)
    return found
