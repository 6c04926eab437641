"""`manage.py import_people FILE --org SLUG`: add or update an organization's people from CSV."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mentorhub.errors import InvalidInput
from mentorhub.people.importing import (
    ImportPlan,
    ImportRejected,
    ImportResult,
    decode_csv,
    import_people,
    validate_rows,
)
from mentorhub.people.models import Organization


class Command(BaseCommand):
    help = (
        "Import people from an HR system's CSV export (see docs/importing-people.md). "
        "By default a file with any bad row is rejected and nothing is written."
    )
    stealth_options = ("stdin",)  # lets tests pass bytes for FILE "-"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the CSV file, or - to read standard input")
        parser.add_argument("--org", required=True, help="slug of the organization")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows, skip the bad"
        )
        parser.add_argument("--invite", action="store_true", help="email new people an invitation")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = self._organization(options["org"])
        text = self._read(options["file"], options.get("stdin"))
        if options["dry_run"]:
            self._dry_run(validate_rows(text, organization), options["skip_invalid"])
            return
        try:
            result = import_people(
                None, organization, text, options["skip_invalid"], options["invite"]
            )
        except ImportRejected as exc:
            self._print_errors(exc.errors)
            raise CommandError(exc.message) from None
        self._print_result(result)

    def _organization(self, slug: str) -> Organization:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            known = ", ".join(Organization.objects.values_list("slug", flat=True)[:20])
            raise CommandError(
                f"No organization with the slug “{slug}” (known: {known or 'none'})."
            )
        return organization

    def _read(self, name: str, stdin: Any) -> str:
        try:
            data = (stdin or sys.stdin.buffer).read() if name == "-" else Path(name).read_bytes()
            return decode_csv(data)
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror or exc}.") from None
        except InvalidInput as exc:
            raise CommandError(f"{name}: {exc.message}") from None

    def _print_errors(self, errors: list[Any]) -> None:
        for error in errors:
            self.stderr.write(str(error))

    def _dry_run(self, plan: ImportPlan, skip_invalid: bool) -> None:
        if plan.file_errors or (plan.row_errors and not skip_invalid):
            self._print_errors(plan.errors)
            raise CommandError(f"The file has {len(plan.errors)} problem(s); it would be rejected.")
        self._print_errors(plan.skipped)
        new = plan.new_count
        self.stdout.write(
            f"Dry run: would add {new}, update or keep {len(plan.rows) - new}, "
            f"skip {len({e.line for e in plan.skipped})}. Nothing was written."
        )

    def _print_result(self, result: ImportResult) -> None:
        for error in result.skipped_rows:
            self.stderr.write(f"skipped {error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result.added}, updated {result.updated}, unchanged {result.unchanged}, "
                f"skipped {result.skipped}, invited {result.invited}."
            )
        )
