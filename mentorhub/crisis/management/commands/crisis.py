"""`mentorhub crisis …`: ask for urgent help, list, show (audited), accept and close requests;
the rota's actions (contacts, responders, hours, coverage, on call, extend) are in crisis/cli.py."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.crisis.access import (
    get_crisis_program_for,
    get_request_for,
    get_waiting_request_for,
    visible_requests,
    waiting_for,
)
from mentorhub.crisis.cli import ROTA_ACTIONS, add_rota_parsers, handle_rota
from mentorhub.crisis.help import help_contacts
from mentorhub.crisis.models import CrisisRequest
from mentorhub.crisis.services import (
    accept_request,
    ask_for_help,
    close_request,
    record_view,
)
from mentorhub.mentorships.models import ClosureMode
from mentorhub.people.models import Person

NOTICE = (
    "mentorhub is not an emergency service: if anyone is in immediate danger, "
    "call your local emergency number now."
)


class Command(BaseCommand):
    help = (
        "Ask for urgent help, list, show, accept, extend and close crisis requests; keep the "
        "help-now contacts, responders and their on-call hours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ask = actions.add_parser("ask", help="ask a crisis program for urgent help")
        add_actor_arguments(ask)
        ask.add_argument("--program", type=int, required=True, metavar="ID")
        ask.add_argument("--need", required=True, help="what is going on, in your own words")
        ask.add_argument("--language", default="")
        listing = actions.add_parser("list", help="requests waiting for you and yours")
        add_actor_arguments(listing)
        show = actions.add_parser("show", help="one request (the view is audit-logged)")
        add_actor_arguments(show)
        show.add_argument("id", type=int)
        accept = actions.add_parser("accept", help="accept a waiting request (responders)")
        add_actor_arguments(accept)
        accept.add_argument("id", type=int)
        close = actions.add_parser("close", help="close with a hand-off note (the responder)")
        add_actor_arguments(close)
        close.add_argument("id", type=int)
        close.add_argument("--hand-off", required=True, help="where the person goes next")
        close.add_argument("--mode", choices=ClosureMode.values, default=ClosureMode.COMPLETED)
        add_rota_parsers(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action in ROTA_ACTIONS:
            handle_rota(actor, options, self.stdout.write)
        elif action == "ask":
            self._ask(actor, options)
        elif action == "list":
            self._list(actor)
        elif action == "show":
            found = lookup(get_request_for, actor, options["id"])
            record_view(actor, found, "cli")
            self._show(actor, found)
        elif action == "accept":
            found = lookup(get_waiting_request_for, actor, options["id"])
            with domain_errors():
                accept_request(actor, found)
            self.stdout.write(f"You accepted request #{found.pk}: reach out to the person now.")
        else:
            found = lookup(get_request_for, actor, options["id"])
            with domain_errors():
                close_request(actor, found, options["hand_off"], options["mode"])
            self.stdout.write(f"Request #{found.pk} is closed with your hand-off note.")

    def _ask(self, actor: Person, options: dict[str, Any]) -> None:
        program = lookup(get_crisis_program_for, actor, options["program"])
        self.stdout.write(NOTICE)
        for contact in help_contacts(program, actor.languages or []):
            reach = " · ".join(filter(None, (contact.phone, contact.url)))
            self.stdout.write(f"  {contact.name}: {reach}")
        with domain_errors():
            asked = ask_for_help(actor, program, options["need"], options["language"])
        self.stdout.write(f"Request #{asked.pk} is on its way to the responders on call.")

    def _list(self, actor: Person) -> None:
        zone = ZoneInfo(actor.timezone)
        for waiting in waiting_for(actor):
            since = waiting.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            language = waiting.language or "any"
            self.stdout.write(f"waiting #{waiting.pk}  {waiting.status}  {language}  {since}")
        for mine in visible_requests(actor).order_by("-created_at")[:200]:
            since = mine.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"#{mine.pk}  {mine.status}  {since} {actor.timezone}")

    def _show(self, actor: Person, found: CrisisRequest) -> None:
        zone = ZoneInfo(actor.timezone)
        when = found.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(f"Request #{found.pk} in {found.program.name}: {found.status}")
        self.stdout.write(f"Asked by {found.requester.full_name} at {when} {actor.timezone}")
        if found.accepted_by is not None:
            self.stdout.write(f"Responder: {found.accepted_by.full_name}")
        if found.planned_end_on:
            self.stdout.write(f"Planned end: {found.planned_end_on:%Y-%m-%d}")
        self.stdout.write(f"Need: {found.need}")
        if found.hand_off:
            self.stdout.write(f"Hand-off: {found.hand_off}")
