"""`mentorhub flash …`: describe a challenge, see who can help, ask, agree terms, resolve."""

from __future__ import annotations

from argparse import _SubParsersAction
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.flash.access import get_challenge_for, get_slot_for, is_party, visible_challenges
from mentorhub.flash.helpers import helpers_for
from mentorhub.flash.models import DEFAULT_TIME_BOX, Challenge, Outcome
from mentorhub.flash.services import (
    agree_terms,
    ask_for_help,
    describe_challenge,
    drop_challenge,
    mentee_enrollment,
    propose_terms,
    resolve_challenge,
)
from mentorhub.flash.slots import (
    book_slot,
    mentor_enrollment,
    open_slots,
    publish_slot,
    withdraw_slot,
)
from mentorhub.people.models import Person
from mentorhub.programs.access import get_program_for

MAX_LISTED = 500


def _by_id(actions: _SubParsersAction[CommandParser], name: str, help_text: str) -> CommandParser:
    sub = actions.add_parser(name, help=help_text)
    add_actor_arguments(sub)
    sub.add_argument("id", type=int, help="the challenge's id")
    return sub


class Command(BaseCommand):
    help = "Flash mentoring: describe a challenge, find who can help, agree terms, resolve."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="the challenges of a program you may see")
        add_actor_arguments(listing)
        listing.add_argument("--program", type=int, required=True, metavar="ID")
        challenge = actions.add_parser("challenge", help="describe a challenge (as a mentee)")
        add_actor_arguments(challenge)
        challenge.add_argument("--program", type=int, required=True, metavar="ID")
        challenge.add_argument("--title", required=True)
        challenge.add_argument("--description", default="")
        challenge.add_argument("--days", type=int, default=DEFAULT_TIME_BOX, help="time box")
        _by_id(actions, "show", "one challenge")
        _by_id(actions, "helpers", "who can help now, best first")
        ask = _by_id(actions, "ask", "ask a mentor for help (a mentorship request)")
        ask.add_argument("--mentor", type=int, required=True, metavar="ENROLLMENT")
        terms = _by_id(actions, "terms", "propose the scope and when it is done")
        terms.add_argument("--scope", required=True)
        terms.add_argument("--done-when", required=True, dest="end_condition")
        _by_id(actions, "agree", "confirm the other member's terms (starts the time box)")
        resolve = _by_id(actions, "resolve", "mark it resolved with the one-question outcome")
        resolve.add_argument("--outcome", choices=Outcome.values, required=True)
        _by_id(actions, "drop", "drop a challenge nobody is helping with")
        slots = actions.add_parser("slots", help="open slots for one-off sessions, soonest first")
        add_actor_arguments(slots)
        slots.add_argument("--program", type=int, required=True, metavar="ID")
        offer = actions.add_parser("offer", help="offer a slot for a one-off session (mentors)")
        add_actor_arguments(offer)
        offer.add_argument("--program", type=int, required=True, metavar="ID")
        offer.add_argument("--start", required=True, help="ISO time; no offset = your zone")
        offer.add_argument("--minutes", type=int, default=45)
        book = actions.add_parser("book", help="book a slot: a one-off session on a topic")
        add_actor_arguments(book)
        book.add_argument("slot", type=int, help="the slot's id")
        book.add_argument("--topic", required=True)
        withdraw = actions.add_parser("withdraw-slot", help="withdraw a slot nobody booked")
        add_actor_arguments(withdraw)
        withdraw.add_argument("slot", type=int, help="the slot's id")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action in ("list", "challenge"):
            program = lookup(get_program_for, actor, options["program"])
            if action == "list":
                for found in visible_challenges(actor).filter(program=program)[:MAX_LISTED]:
                    self.stdout.write(f"#{found.pk}  {found.state}  {found.title}")
                return
            with domain_errors():
                made = describe_challenge(
                    actor,
                    mentee_enrollment(actor, program),
                    options["title"],
                    options["description"],
                    options["days"],
                )
            self.stdout.write(f"Challenge #{made.pk} written down; see `flash helpers {made.pk}`.")
            return
        if action in ("slots", "offer", "book", "withdraw-slot"):
            self._slots(actor, action, options)
            return
        challenge = lookup(get_challenge_for, actor, options["id"])
        with domain_errors():
            self._act(actor, action, challenge, options)

    def _act(self, actor: Person, action: str, challenge: Challenge, options: Any) -> None:
        if action == "show":
            self._show(actor, challenge)
        elif action == "helpers":
            for s in helpers_for(actor, challenge):
                reasons = "; ".join(s.reasons)
                self.stdout.write(
                    f"enrollment {s.mentor.pk}  {s.mentor.person.full_name}  "
                    f"{s.score:.0%}  {reasons}"
                )
        elif action == "ask":
            ask_for_help(actor, challenge, options["mentor"])
            self.stdout.write(f"Asked; the request is mentorship #{challenge.mentorship_id}.")
        elif action == "terms":
            propose_terms(actor, challenge, options["scope"], options["end_condition"])
            self.stdout.write("Terms proposed; the other member confirms them.")
        elif action == "agree":
            agreed = agree_terms(actor, challenge)
            assert agreed.due_at is not None  # set by agreeing
            ends = agreed.due_at.astimezone(ZoneInfo(actor.timezone))
            self.stdout.write(f"Agreed; the time box ends {ends:%Y-%m-%d %H:%M} {actor.timezone}.")
        elif action == "resolve":
            resolve_challenge(actor, challenge, options["outcome"])
            self.stdout.write("Outcome recorded; the mentorship is closed.")
        elif action == "drop":
            drop_challenge(actor, challenge)
            self.stdout.write(f"Challenge #{challenge.pk} dropped.")

    def _show(self, actor: Person, challenge: Challenge) -> None:
        self.stdout.write(f"#{challenge.pk}  {challenge.title}  ({challenge.state})")
        self.stdout.write(
            f"Asked by {challenge.asker.full_name}; time box {challenge.time_box_days} days"
        )
        if is_party(actor, challenge):
            for label, text in (
                ("Description", challenge.description),
                ("Scope", challenge.scope),
                ("Done when", challenge.end_condition),
            ):
                if text:
                    self.stdout.write(f"{label}: {text}")
        if challenge.outcome:
            self.stdout.write(f"Outcome: {challenge.get_outcome_display()}")

    def _slots(self, actor: Person, action: str, options: dict[str, Any]) -> None:
        zone = ZoneInfo(actor.timezone)
        if action in ("book", "withdraw-slot"):
            slot = lookup(get_slot_for, actor, options["slot"])
            with domain_errors():
                if action == "withdraw-slot":
                    withdraw_slot(actor, slot)
                    self.stdout.write(f"Slot #{slot.pk} withdrawn.")
                    return
                booked = book_slot(actor, slot, options["topic"])
            self.stdout.write(
                f"Booked: challenge #{booked.pk}, mentorship #{booked.mentorship_id}; "
                "the meeting is scheduled with a video link."
            )
            return
        program = lookup(get_program_for, actor, options["program"])
        if action == "slots":
            for slot in open_slots(program)[:MAX_LISTED]:
                when = slot.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(
                    f"#{slot.pk}  {when} {actor.timezone}  {slot.duration_minutes} min  "
                    f"{slot.mentor.person.full_name}"
                )
            return
        starts_at = _start(options["start"], zone)
        with domain_errors():
            made = publish_slot(
                actor, mentor_enrollment(actor, program), starts_at, options["minutes"]
            )
        self.stdout.write(f"Slot #{made.pk} offered.")


def _start(raw: str, zone: ZoneInfo) -> datetime:
    """An ISO time; without an offset it is read in the acting person's own zone."""
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--start {raw!r}: use e.g. 2026-03-10T14:00 or 2026-03-10T14:00Z."
        ) from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value
