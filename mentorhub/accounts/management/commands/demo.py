"""`mentorhub demo [--reset]`: load the demo organization, Northwind Labs."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mentorhub.accounts.management.commands.run import migrate_quietly
from mentorhub.demo import DEMO_ORG_NAME, DEMO_SEED, DEMO_SLUG, login_table
from mentorhub.demo.build import build_demo, delete_demo, demo_organization
from mentorhub.mentorships.models import Mentorship
from mentorhub.programs.models import Program


class Command(BaseCommand):
    help = (
        f"Load the demo organization {DEMO_ORG_NAME} (slug “{DEMO_SLUG}”): about 300 people, "
        "one program of each approach, mentorships in every state."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo organization and build it again"
        )
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        migrate_quietly()
        if demo_organization() is not None:
            if not options["reset"]:
                raise CommandError(
                    f"The demo organization {DEMO_ORG_NAME} already exists. "
                    "Use --reset to delete it and build it again."
                )
            delete_demo()
            self.stdout.write(f"Deleted the demo organization {DEMO_ORG_NAME}.")
        started = time.monotonic()
        org = build_demo(seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {org.name} in {time.monotonic() - started:.1f} s: "
                f"{org.people.count()} people, "
                f"{Program.objects.filter(organization=org).count()} programs, "
                f"{Mentorship.objects.filter(program__organization=org).count()} mentorships."
            )
        )
        self.stdout.write(login_table())
