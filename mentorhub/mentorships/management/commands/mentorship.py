"""`mentorhub mentorship …`: list, propose, request, accept, decline, withdraw, close; goals."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.errors import InvalidInput
from mentorhub.mentorships import services
from mentorhub.mentorships.access import get_mentorship_for, visible_mentorships
from mentorhub.mentorships.models import ClosureMode, DeclineReason, Mentorship, Status
from mentorhub.mentorships.plan_cli import add_plan_parsers, run_agreement, run_goal
from mentorhub.people.models import Person
from mentorhub.programs.access import get_program_for
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, Program


class Command(BaseCommand):
    help = "Work with mentorships from the command line, as a given person."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="mentorships the person can see")
        add_actor_arguments(listing)
        listing.add_argument("--status", choices=Status.values)
        propose = actions.add_parser(
            "propose", help="pair a mentor and a mentee (in a peer program: two peers) by hand"
        )
        add_actor_arguments(propose)
        propose.add_argument("--program", type=int, required=True, metavar="ID")
        propose.add_argument(
            "--mentor", required=True, metavar="EMAIL", help="the mentor, or one of the two peers"
        )
        propose.add_argument(
            "--mentee", required=True, metavar="EMAIL", help="the mentee, or the other peer"
        )
        request = actions.add_parser(
            "request", help="ask a mentor (in a peer program: a peer), as an enrolled mentee"
        )
        add_actor_arguments(request)
        request.add_argument("--program", type=int, required=True, metavar="ID")
        request.add_argument(
            "--mentor", required=True, metavar="EMAIL", help="the mentor (or peer) to ask"
        )
        accept = actions.add_parser("accept", help="accept a mentorship")
        add_actor_arguments(accept)
        accept.add_argument("id", type=int)
        withdraw = actions.add_parser("withdraw", help="withdraw a proposal or request")
        add_actor_arguments(withdraw)
        withdraw.add_argument("id", type=int)
        withdraw.add_argument("--reason", default="")
        decline = actions.add_parser("decline", help="decline a proposed or requested mentorship")
        add_actor_arguments(decline)
        decline.add_argument("id", type=int)
        decline.add_argument("--reason-code", required=True, choices=DeclineReason.values)
        decline.add_argument("--reason", default="")
        close = actions.add_parser("close", help="close an active mentorship")
        add_actor_arguments(close)
        close.add_argument("id", type=int)
        close.add_argument("--mode", required=True, choices=ClosureMode.values)
        close.add_argument("--reason", required=True)
        add_plan_parsers(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "list":
            self._list(actor, options.get("status"))
            return
        if action in ("goal", "agreement"):
            with domain_errors():
                run = run_goal if action == "goal" else run_agreement
                run(actor, options, self.stdout)
            return
        with domain_errors():
            mentorship = self._act(actor, action, options)
        self.stdout.write(
            f"Mentorship #{mentorship.pk} is now {mentorship.get_status_display().lower()}."
        )

    def _act(self, actor: Person, action: str, options: dict[str, Any]) -> Mentorship:
        if action == "propose":
            program = get_program_for(actor, options["program"])
            mentor_role, mentee_role = pairing_roles(program)
            mentor = _enrollment(program, options["mentor"], mentor_role)
            mentee = _enrollment(program, options["mentee"], mentee_role)
            return services.propose_mentorship(actor, program, mentor, mentee)
        if action == "request":
            program = get_program_for(actor, options["program"])
            mentor_role, mentee_role = pairing_roles(program)
            mentee = _enrollment(program, actor.email, mentee_role)
            mentor = _enrollment(program, options["mentor"], mentor_role)
            return services.request_mentorship(actor, mentee, mentor)
        mentorship = lookup(get_mentorship_for, actor, options["id"])
        if action == "accept":
            return services.accept_mentorship(actor, mentorship)
        if action == "withdraw":
            return services.withdraw_mentorship(actor, mentorship, options["reason"])
        if action == "decline":
            return services.decline_mentorship(
                actor, mentorship, options["reason_code"], options["reason"]
            )
        return services.close_mentorship(actor, mentorship, options["mode"], options["reason"])

    def _list(self, actor: Person, status: str | None) -> None:
        mentorships = visible_mentorships(actor).select_related("program")
        if status:
            mentorships = mentorships.filter(status=status)
        for m in mentorships.prefetch_related("members__person").order_by("-created_at"):
            members = ", ".join(f"{x.person.full_name} ({x.role})" for x in m.members.all())
            self.stdout.write(f"#{m.pk}\t{m.status}\t{m.program.name}\t{members}")


def pairing_roles(program: Program) -> tuple[str, str]:
    """The enrollment roles of the two sides: in a peer program both are peers."""
    if program.approach_rules.is_mutual:
        return EnrollmentRole.PEER, EnrollmentRole.PEER
    return EnrollmentRole.MENTOR, EnrollmentRole.MENTEE


def _enrollment(program: Program, email: str, role: str) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(program=program, person__email__iexact=email, role=role)
        .select_related("person", "program")
        .first()
    )
    if enrollment is None:
        raise InvalidInput(f"{email} is not enrolled as {role} in {program.name} (#{program.pk}).")
    return enrollment
