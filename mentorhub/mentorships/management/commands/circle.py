"""`mentorhub circle …`: form a circle by hand and top it up (managers), answer an
invitation (the invitee), leave a circle (members)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.circle_invitations import (
    accept_circle_invitation,
    decline_circle_invitation,
    get_invitation_for,
    invite_to_circle,
    withdraw_circle_invitation,
)
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.people.models import Person
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.models import Enrollment, Program

ANSWERS = {  # action: what it does, and how the result reads
    "accept-invitation": ("accept", "accepted: you are in the circle"),
    "decline-invitation": ("decline", "declined; whoever invited you is told"),
    "withdraw-invitation": ("withdraw", "withdrawn"),
}


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
        invite = actions.add_parser("invite", help="invite someone enrolled into an active circle")
        add_actor_arguments(invite)
        invite.add_argument("id", type=int, help="the circle's mentorship id")
        invite.add_argument("--person", required=True, metavar="EMAIL")
        for name, (verb, _) in ANSWERS.items():
            answer = actions.add_parser(name, help=f"{verb} an invitation to join a circle")
            add_actor_arguments(answer)
            answer.add_argument("id", type=int, help="the invitation's id")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        if options["action"] in ANSWERS:
            self._answer(actor, options["action"], options["id"])
            return
        if options["action"] == "invite":
            self._invite(actor, options["id"], options["person"])
            return
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

    def _invite(self, actor: Person, circle_id: int, email: str) -> None:
        circle = lookup(get_mentorship_for, actor, circle_id)
        with domain_errors():
            newcomer = _enrollments(circle.program, [email])[0]
            invitation = invite_to_circle(actor, circle, newcomer)
        self.stdout.write(
            f"Invitation #{invitation.pk}: {newcomer.person} is invited to circle #{circle.pk}; "
            "they join once they accept."
        )

    def _answer(self, actor: Person, action: str, invitation_id: int) -> None:
        invitation = lookup(get_invitation_for, actor, invitation_id)
        answer = {
            "accept-invitation": accept_circle_invitation,
            "decline-invitation": decline_circle_invitation,
            "withdraw-invitation": withdraw_circle_invitation,
        }[action]
        with domain_errors():
            answer(actor, invitation)
        self.stdout.write(
            f"Invitation #{invitation.pk} to circle #{invitation.mentorship_id}: "
            f"{ANSWERS[action][1]}."
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
