"""`mentorhub program-event …`: list a program's calendar, add and cancel its events."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.meetings.management.commands.meeting import _start as start_in_zone
from mentorhub.people.models import Person
from mentorhub.programs.access import get_program_for
from mentorhub.programs.calendar import (
    EventPlan,
    add_event,
    cancel_event,
    get_event_for,
    program_events,
)
from mentorhub.programs.models import EventAudience

MAX_LISTED = 500


class Command(BaseCommand):
    help = "Structured (formal) programs: list the program calendar, add and cancel events."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="a program's events, in your time zone")
        add_actor_arguments(listing)
        listing.add_argument("--program", type=int, required=True, metavar="ID")
        add = actions.add_parser("add", help="add an event and invite its audience")
        add_actor_arguments(add)
        add.add_argument("--program", type=int, required=True, metavar="ID")
        add.add_argument("--title", required=True)
        add.add_argument("--start", required=True, help="ISO time; no offset = your zone")
        add.add_argument("--minutes", type=int, default=60)
        add.add_argument("--location", default="")
        add.add_argument("--video-url", default="", help="a full https:// link")
        add.add_argument("--audience", choices=EventAudience.values, default="everyone")
        add.add_argument("--description", default="")
        cancel = actions.add_parser("cancel", help="cancel an event (sends a cancellation)")
        add_actor_arguments(cancel)
        cancel.add_argument("id", type=int, help="the event")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "cancel":
            event = lookup(get_event_for, actor, options["id"])
            with domain_errors():
                cancel_event(actor, event)
            self.stdout.write(f"Event #{event.pk} is cancelled; its audience was told.")
            return
        program = lookup(get_program_for, actor, options["program"])
        if action == "list":
            self._list(actor, program_events(actor, program)[:MAX_LISTED])
            return
        plan = EventPlan(
            title=options["title"],
            starts_at=start_in_zone(options["start"], actor),
            minutes=options["minutes"],
            location=options["location"],
            video_url=options["video_url"],
            audience=options["audience"],
            description=options["description"],
        )
        with domain_errors():
            event = add_event(actor, program, plan)
        self.stdout.write(f"Added event #{event.pk}; its audience was invited.")

    def _list(self, actor: Person, events: Any) -> None:
        zone = ZoneInfo(actor.timezone)
        for event in events:
            when = event.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            state = "  cancelled" if event.cancelled_at else ""
            where = f"  {event.location}" if event.location else ""
            self.stdout.write(
                f"#{event.pk}  {when} {actor.timezone}  {event.minutes} min  "
                f"{event.audience}  {event.title}{where}{state}"
            )
