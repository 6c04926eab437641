"""`mentorhub createadmin`: an organization (made if missing) and an org admin to run it."""

from __future__ import annotations

import getpass
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.db import transaction

from mentorhub.accounts.models import User
from mentorhub.errors import DomainError
from mentorhub.people.models import Organization, Role
from mentorhub.people.services import add_person, create_organization

PASSWORD_ENV = "MENTORHUB_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an org admin (and the organization, when it does not exist yet). "
        f"The password is asked for on a terminal, or read from {PASSWORD_ENV} or, with "
        "--password-stdin, from standard input. Someone who already has an account "
        "(in another organization) keeps their password: none is asked for or set."
    )
    stealth_options = ("stdin",)  # lets tests hand in a password for --password-stdin

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True, help="the admin's email, used to sign in")
        parser.add_argument("--org", required=True, help="the organization's slug, e.g. acme")
        parser.add_argument("--org-name", help="the organization's name if it is new")
        parser.add_argument("--name", help="the admin's full name (default: from the email)")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        slug = options["org"].strip()
        _check(validate_email, email, f"“{email}” is not a valid email address.")
        _check(
            validate_slug,
            slug,
            f"“{slug}” is not a valid organization slug: use letters, "
            "digits, hyphens and underscores, like acme or north-wind.",
        )
        name = (options["name"] or _name_from_email(email)).strip()
        account = User.objects.filter(email__iexact=email).first()
        # One account signs in to every organization it belongs to; its password is its own.
        password = None if account else self._new_password(options)
        with transaction.atomic():
            organization = self._organization(slug, options["org_name"])
            try:
                person = add_person(None, organization, email, name, Role.ADMIN, password=password)
            except DomainError as exc:
                raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{person.full_name} <{person.email}> is an org admin of {organization.name}."
            )
        )
        if account is not None:
            self.stdout.write(self.style.WARNING(_kept_password_note(account)))

    def _organization(self, slug: str, name: str | None) -> Organization:
        existing = Organization.objects.filter(slug=slug).first()
        if existing is not None:
            return existing
        name = (name or slug.replace("-", " ").replace("_", " ").title()).strip()
        try:
            organization = create_organization(name, slug)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Created the organization {organization.name} ({slug}).")
        return organization

    def _new_password(self, options: dict[str, Any]) -> str:
        password = self._password(options)
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("Choose a stronger password: " + " ".join(exc.messages)) from None
        return password

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_stdin"]:
            stream = options.get("stdin") or sys.stdin
            password = stream.readline().rstrip("\r\n")
        elif os.environ.get(PASSWORD_ENV):
            password = os.environ[PASSWORD_ENV]
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was created.")
        else:
            raise CommandError(
                f"No password: set {PASSWORD_ENV} or pass --password-stdin "
                "(this is not an interactive terminal)."
            )
        if not password:
            raise CommandError("The password is empty; nothing was created.")
        return password


def _kept_password_note(account: User) -> str:
    note = f"{account.email} already had an account, so its password is unchanged"
    if not account.has_usable_password():
        return (
            f"{note}: it has none yet. Use the invitation link, or “Forgot your password?” "
            "on the sign-in page."
        )
    return f"{note} (any password given here was not used). Sign in with the existing one."


def _check(validator: Any, value: str, message: str) -> None:
    try:
        validator(value)
    except ValidationError:
        raise CommandError(message) from None


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split(".") if part)
