"""`mentorhub expire-requests`: expire proposals and requests nobody answered in time.

Run it from cron (say hourly); it is safe to run as often as you like.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mentorhub.mentorships.services import expire_stale
from mentorhub.programs.models import Program


def _after(days: int | None) -> str:
    """How long an answer may take, in words, for the summary line."""
    if days is not None:
        return f"{days} days"
    expiries = sorted(set(Program.objects.values_list("request_expiry_days", flat=True)))
    if len(expiries) == 1:
        return f"{expiries[0]} days"
    if not expiries:
        return "each program's expiry days"
    return f"each program's expiry ({expiries[0]} to {expiries[-1]} days)"


class Command(BaseCommand):
    help = (
        "Expire mentorship proposals and requests with no answer after their program's "
        "expiry days; whoever started them is told by email."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="expire after this many days in every program (default: each program's own)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        count = expire_stale(days=days)
        noun = "proposal or request" if count == 1 else "proposals and requests"
        self.stdout.write(f"Expired {count} {noun} with no answer after {_after(days)}.")
