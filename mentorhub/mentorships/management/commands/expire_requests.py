"""`mentorhub expire-requests`: expire proposals and requests nobody answered in time.

Run it from cron (say hourly); it is safe to run as often as you like.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentorhub.mentorships.services import expire_stale


class Command(BaseCommand):
    help = (
        "Expire mentorship proposals and requests with no answer after "
        "MENTORHUB_REQUEST_EXPIRY_DAYS days; whoever started them is told by email."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"expire after this many days (default {settings.REQUEST_EXPIRY_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.REQUEST_EXPIRY_DAYS if options["days"] is None else options["days"]
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = expire_stale(days=days)
        noun = "proposal or request" if count == 1 else "proposals and requests"
        self.stdout.write(f"Expired {count} {noun} with no answer after {days} days.")
