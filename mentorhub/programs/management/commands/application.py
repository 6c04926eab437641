"""`mentorhub application …`: program managers list, approve and decline applications."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.people.models import Person
from mentorhub.programs.access import get_enrollment_for, get_managed_program_for
from mentorhub.programs.applications import (
    applicants,
    approve_application,
    decline_application,
)


class Command(BaseCommand):
    help = "Formal programs: list the applications waiting, approve or decline them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="a program's applications waiting")
        add_actor_arguments(listing)
        listing.add_argument("--program", type=int, required=True, metavar="ID")
        approve = actions.add_parser("approve", help="approve an application")
        add_actor_arguments(approve)
        approve.add_argument("id", type=int, help="the enrollment")
        decline = actions.add_parser("decline", help="decline an application, saying why")
        add_actor_arguments(decline)
        decline.add_argument("id", type=int, help="the enrollment")
        decline.add_argument("--reason", required=True, help="the applicant reads it")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "list":
            self._list(actor, options["program"])
            return
        enrollment = lookup(get_enrollment_for, actor, options["id"])
        with domain_errors():
            if action == "approve":
                approve_application(actor, enrollment)
                self.stdout.write(f"Approved {enrollment.person.full_name} ({enrollment.role}).")
            else:
                decline_application(actor, enrollment, options["reason"])
                self.stdout.write(f"Declined {enrollment.person.full_name} ({enrollment.role}).")

    def _list(self, actor: Person, program_id: int) -> None:
        program = lookup(get_managed_program_for, actor, program_id)
        for e in applicants(program):
            self.stdout.write(
                f"#{e.pk}  {e.person.full_name} <{e.person.email}>  {e.role}  "
                f"applied {e.created_at:%Y-%m-%d}"
            )
            if e.goals:
                self.stdout.write(f"    {e.goals[:200]}")
