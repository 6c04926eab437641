"""`mentorhub application …`: program managers list, approve and decline applications;
applicants read and edit theirs while it waits."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.people.models import Person
from mentorhub.programs.access import get_enrollment_for, get_managed_program_for
from mentorhub.programs.applications import (
    applicants,
    approve_application,
    decline_application,
)
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import update_enrollment


class Command(BaseCommand):
    help = (
        "Formal programs: list the applications waiting, approve or decline them; "
        "show or edit your own application while it waits."
    )

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
        show = actions.add_parser("show", help="an application: goals, answers, status")
        add_actor_arguments(show)
        show.add_argument("id", type=int, help="the enrollment")
        edit = actions.add_parser("edit", help="change your application while it waits")
        add_actor_arguments(edit)
        edit.add_argument("id", type=int, help="the enrollment")
        edit.add_argument("--goals", help="replaces your goals")
        edit.add_argument(
            "--answer",
            action="append",
            default=[],
            metavar="KEY=CHOICE",
            help="used in matching: a matching question's answer (repeatable; empty clears)",
        )
        edit.add_argument(
            "--reply",
            action="append",
            nargs=2,
            default=[],
            metavar=("NUMBER", "TEXT"),
            help="for the program team: the answer to application question NUMBER "
            "(as `show` numbers them; repeatable)",
        )

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
            elif action == "decline":
                decline_application(actor, enrollment, options["reason"])
                self.stdout.write(f"Declined {enrollment.person.full_name} ({enrollment.role}).")
            elif action == "edit":
                enrollment = self._edit(actor, enrollment, options)
                self.stdout.write(f"Saved the application to {enrollment.program.name}.")
            if action in ("show", "edit"):
                self._show(enrollment)

    def _list(self, actor: Person, program_id: int) -> None:
        program = lookup(get_managed_program_for, actor, program_id)
        for e in applicants(program):
            self.stdout.write(
                f"#{e.pk}  {e.person.full_name} <{e.person.email}>  {e.role}  "
                f"applied {e.created_at:%Y-%m-%d}"
            )
            if e.goals:
                self.stdout.write(f"    {e.goals[:200]}")

    def _edit(self, actor: Person, enrollment: Enrollment, options: dict[str, Any]) -> Enrollment:
        """Only what is given changes; the other answers stay as they are."""
        if options["goals"] is None and not options["answer"] and not options["reply"]:
            raise CommandError("Say what to change: --goals, --answer or --reply.")
        answers = None
        if options["answer"]:
            answers = dict(enrollment.answers)
            for item in options["answer"]:
                key, sep, choice = item.partition("=")
                if not sep:
                    raise CommandError(f"Write --answer as KEY=CHOICE, not “{item}”.")
                answers[key.strip()] = choice.strip()
        replies = None
        if options["reply"]:
            questions = enrollment.program.application_questions
            replies = {q: enrollment.application_answers.get(q, "") for q in questions}
            for number, text in options["reply"]:
                if not number.isdigit() or not 1 <= int(number) <= len(questions):
                    raise CommandError(
                        f"{enrollment.program.name} asks {len(questions)} application "
                        f"questions; “{number}” is not one of their numbers."
                    )
                replies[questions[int(number) - 1]] = text
        return update_enrollment(
            actor, enrollment, goals=options["goals"], answers=answers, application_answers=replies
        )

    def _show(self, enrollment: Enrollment) -> None:
        program = enrollment.program
        self.stdout.write(
            f"#{enrollment.pk}  {enrollment.person.full_name} as {enrollment.role} in "
            f"{program.name}: {enrollment.get_status_display()}"
        )
        if enrollment.decision_reason:
            self.stdout.write(f"Reason: {enrollment.decision_reason}")
        self.stdout.write(f"Goals: {enrollment.goals or '—'}")
        if program.matching_questions:
            self.stdout.write("Used in matching:")
            for q in program.matching_questions:
                answer = enrollment.answers.get(q["key"]) or "—"
                self.stdout.write(f"  {q['key']}: {q['question']} {answer}")
        if program.application_questions:
            self.stdout.write("For the program team:")
            for number, question in enumerate(program.application_questions, start=1):
                answer = enrollment.application_answers.get(question) or "—"
                self.stdout.write(f"  {number}. {question}\n     {answer}")
