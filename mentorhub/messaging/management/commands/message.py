"""`mentorhub message …`: post to and list a mentorship's conversation, as a given person."""

from __future__ import annotations

import sys
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.messaging.access import get_conversation_for, page_of
from mentorhub.messaging.services import post_message

MAX_LISTED = 200


class Command(BaseCommand):
    help = "Post to and list a mentorship's messages from the command line (members only)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="the latest messages, in your time zone")
        add_actor_arguments(listing)
        listing.add_argument("--mentorship", type=int, required=True, metavar="ID")
        listing.add_argument("--limit", type=int, default=50, help=f"at most {MAX_LISTED}")
        post = actions.add_parser("post", help="post a message (members are told as usual)")
        add_actor_arguments(post)
        post.add_argument("--mentorship", type=int, required=True, metavar="ID")
        post.add_argument("body", help="the text; '-' reads it from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        mentorship = lookup(get_conversation_for, actor, options["mentorship"])
        if options["action"] == "post":
            body = sys.stdin.read() if options["body"] == "-" else options["body"]
            with domain_errors():
                message = post_message(actor, mentorship, body)
            self.stdout.write(f"Posted message #{message.pk}.")
            return
        limit = max(1, min(options["limit"], MAX_LISTED))
        messages, _more = page_of(mentorship, limit)
        zone = ZoneInfo(actor.timezone)
        for message in messages:
            when = message.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"#{message.pk}  {when} {actor.timezone}  {message.author.full_name}")
            for line in message.body.splitlines():
                self.stdout.write(f"    {line}")
        if not messages:
            self.stdout.write("No messages yet.")
