"""`mentorhub journal …`: write, list, share and unshare reflections in a mentorship."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.journal import services
from mentorhub.journal.access import entries_for, get_own_entry_for, get_personal_mentorship_for

MAX_LISTED = 500


class Command(BaseCommand):
    help = "The private reflection journal of personal development mentoring."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        write = actions.add_parser("write", help="write a private reflection (mentee)")
        add_actor_arguments(write)
        write.add_argument("--mentorship", type=int, required=True, metavar="ID")
        write.add_argument("--body", required=True)
        write.add_argument("--share", action="store_true", help="share it right away")
        listing = actions.add_parser("list", help="your reflections and those shared with you")
        add_actor_arguments(listing)
        listing.add_argument("--mentorship", type=int, required=True, metavar="ID")
        for name, text in (("share", "share an entry"), ("unshare", "make an entry private")):
            sub = actions.add_parser(name, help=text)
            add_actor_arguments(sub)
            sub.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action in ("share", "unshare"):
            entry = lookup(get_own_entry_for, actor, options["id"])
            change = services.share_entry if action == "share" else services.unshare_entry
            with domain_errors():
                change(actor, entry)
            state = "shared" if entry.shared else "private"
            self.stdout.write(f"Journal entry #{entry.pk} is {state}.")
            return
        mentorship = lookup(get_personal_mentorship_for, actor, options["mentorship"])
        if action == "write":
            with domain_errors():
                entry = services.write_entry(actor, mentorship, options["body"])
                if options["share"]:
                    services.share_entry(actor, entry)
            state = "shared" if entry.shared else "private to you"
            self.stdout.write(f"Wrote journal entry #{entry.pk} ({state}).")
            return
        zone = ZoneInfo(actor.timezone)
        for entry in entries_for(actor, mentorship)[:MAX_LISTED]:
            when = entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            whose = "mine" if entry.author_id == actor.pk else entry.author.full_name
            state = "shared" if entry.shared else "private"
            self.stdout.write(f"#{entry.pk}  {when}  {whose}, {state}: {entry.body[:80]}")
