"""The import_people domain action: write the checked rows' people, managers, skills and audit."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from mentorhub.accounts.models import User
from mentorhub.audit.services import record
from mentorhub.errors import InvalidInput
from mentorhub.people.importing.checking import Directory, ImportPlan, plan_import
from mentorhub.people.importing.reading import PlannedRow, RowError
from mentorhub.people.models import Organization, Person, PersonSkill, Skill
from mentorhub.people.services import require_admin, send_invitation

BATCH = 500  # rows per INSERT/UPDATE/IN (…): well under SQLite's limit on query parameters
CONCURRENT_CHANGE = (
    "Someone else changed these people while the file was imported; nothing was imported — "
    "try again."
)

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    invited: int = 0
    skipped_rows: list[RowError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len({error.line for error in self.skipped_rows})


class ImportRejected(InvalidInput):
    """Nothing was imported; `.errors` lists every problem of the file (none for a conflict)."""

    def __init__(self, errors: list[RowError], skippable: bool, message: str | None = None):
        count = len(errors)
        super().__init__(
            message or f"The file has {count} problem{'s' * (count != 1)}; nothing was imported.",
            field_errors={"file": [str(error) for error in errors]} if errors else None,
        )
        self.errors = errors
        self.skippable = skippable  # True when skip_invalid would import the other rows

    @classmethod
    def concurrent_change(cls) -> ImportRejected:
        return cls([], skippable=False, message=CONCURRENT_CHANGE)


def import_people(
    actor: Person | None,
    organization: Organization,
    text: str,
    skip_invalid: bool = False,
    invite: bool = False,
) -> ImportResult:
    """Add the file's new people and update the ones the organization has (actor None: CLI).

    By default a file with any bad row is rejected whole; `skip_invalid` imports the rest.
    """
    if actor is not None:
        require_admin(actor, organization)
    try:
        return _import(actor, organization, text, skip_invalid, invite)
    except IntegrityError as exc:
        # Someone added one of these accounts or people between our lookup and our insert.
        # Caught outside the atomic block, so the whole import is already rolled back.
        log.warning("people import into %s hit a concurrent change: %s", organization.slug, exc)
        raise ImportRejected.concurrent_change() from None


@transaction.atomic
def _import(
    actor: Person | None, organization: Organization, text: str, skip_invalid: bool, invite: bool
) -> ImportResult:
    # Serializes imports into one organization, so two never add the same person at once.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    directory = Directory.load(organization)
    plan = plan_import(text, directory)
    if plan.file_errors or (plan.row_errors and not skip_invalid):
        raise ImportRejected(plan.errors, skippable=not plan.file_errors)
    return _write(actor, directory, plan, invite)


def _write(
    actor: Person | None, directory: Directory, plan: ImportPlan, invite: bool
) -> ImportResult:
    """Save the plan's rows, audit each change and the import, invite the new people."""
    organization = directory.organization
    people, changes = _save_people(directory, plan.rows)
    _set_managers(plan.rows, people, changes)
    _refuse_chain_conflicts(organization, plan.rows, people, changes)
    _set_skills(organization, plan.rows, people, changes)
    result = ImportResult(skipped_rows=plan.skipped)
    _audit(actor, organization, plan.rows, people, changes, result)
    if invite:
        _invite_new(actor, organization, plan.rows, people, result)
    record(
        actor,
        "people.imported",
        organization,
        organization,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        skipped=result.skipped,
        invited=result.invited,
    )
    return result


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _save_people(
    directory: Directory, rows: list[PlannedRow]
) -> tuple[dict[str, Person], dict[str, set[str]]]:
    """Update the people the organization has, add the new ones; returns everyone by email."""
    people = dict(directory.by_email)
    changes: dict[str, set[str]] = {}
    for row in rows:
        if not row.is_new:
            person = people[row.email]
            changes[row.email] = {f for f, v in row.profile.items() if getattr(person, f) != v}
            for name in changes[row.email]:
                setattr(person, name, row.profile[name])
    changed_fields = sorted(set().union(*changes.values()))
    if changed_fields:
        changed = [people[email] for email, fields in changes.items() if fields]
        Person.objects.bulk_update(changed, changed_fields, batch_size=BATCH)
    new_rows = [row for row in rows if row.is_new]
    users = _users_for([row.email for row in new_rows])
    added = Person.objects.bulk_create(
        [
            Person(
                organization=directory.organization,
                user=users[row.email],
                email=row.email,
                **row.profile,
            )
            for row in new_rows
        ],
        batch_size=BATCH,
    )
    people.update((person.email, person) for person in added)
    return people, changes


def _users_for(emails: list[str]) -> dict[str, User]:
    """Sign-in identities by email: the existing ones (member elsewhere), else new ones."""
    users: dict[str, User] = {}
    for chunk in _chunks(emails):
        found = User.objects.alias(email_lower=Lower("email")).filter(email_lower__in=chunk)
        users.update((user.email.lower(), user) for user in found)
    missing = [User(email=email) for email in emails if email not in users]
    for new_user in missing:
        new_user.set_unusable_password()  # they sign in by invitation
    User.objects.bulk_create(missing, batch_size=BATCH)
    users.update((new_user.email, new_user) for new_user in missing)
    return users


def _set_managers(
    rows: list[PlannedRow], people: dict[str, Person], changes: dict[str, set[str]]
) -> None:
    reports_of: dict[int | None, list[int]] = defaultdict(list)
    for row in rows:
        person = people[row.email]
        manager_id = people[row.manager_email].pk if row.manager_email else None
        if row.sets_manager and person.manager_id != manager_id:
            person.manager_id = manager_id
            reports_of[manager_id].append(person.pk)
            changes.setdefault(row.email, set()).add("manager")
    # One UPDATE per manager: managers have several reports, and this is far faster than
    # bulk_update's CASE per row.
    for manager_id, report_ids in reports_of.items():
        for chunk in _chunks(report_ids):
            Person.objects.filter(pk__in=chunk).update(manager_id=manager_id)


def _refuse_chain_conflicts(
    organization: Organization,
    rows: list[PlannedRow],
    people: dict[str, Person],
    changes: dict[str, set[str]],
) -> None:
    """New managers must not put two people of a live mentorship in one management chain."""
    from mentorhub.mentorships.conflicts import chain_conflicts  # mentorships builds on people

    moved = {people[email].pk: email for email, fields in changes.items() if "manager" in fields}
    if not moved:
        return
    line_of = {row.email: row.line for row in rows}
    errors = []
    for conflict in chain_conflicts(organization.pk, set(moved)):
        emails = [p.email for p in conflict.people if p.email in line_of]
        line = min((line_of[e] for e in emails), default=0)
        errors.append(RowError(line, "manager_email", str(conflict)))
    if errors:
        raise ImportRejected(errors, skippable=False)


def _set_skills(
    organization: Organization,
    rows: list[PlannedRow],
    people: dict[str, Person],
    changes: dict[str, set[str]],
) -> None:
    current: dict[int, set[tuple[str, int, str]]] = defaultdict(set)
    if any(row.skills is not None for row in rows):
        for person_id, name, proficiency, direction in PersonSkill.objects.filter(
            person__organization=organization
        ).values_list("person_id", "skill__name", "proficiency", "direction"):
            current[person_id].add((name.lower(), proficiency, direction))
    changed_rows = [
        row
        for row in rows
        if row.skills is not None
        and {(e.name.lower(), e.proficiency, e.direction) for e in row.skills}
        != current[people[row.email].pk]
    ]
    names = [entry.name for row in changed_rows for entry in row.skills or []]
    skill_ids = _skill_ids(organization, names)
    for chunk in _chunks([people[row.email].pk for row in changed_rows]):
        PersonSkill.objects.filter(person_id__in=chunk).delete()
    PersonSkill.objects.bulk_create(
        [
            PersonSkill(
                person=people[row.email],
                skill_id=skill_ids[e.name.lower()],
                proficiency=e.proficiency,
                direction=e.direction,
            )
            for row in changed_rows
            for e in row.skills or []
        ],
        batch_size=BATCH,
    )
    for row in changed_rows:
        changes.setdefault(row.email, set()).add("skills")


def _skill_ids(organization: Organization, names: list[str]) -> dict[str, int]:
    """Skill ids by lowercase name, adding the skills the organization does not have yet."""
    ids = {s.name.lower(): s.pk for s in Skill.objects.filter(organization=organization)}
    missing = {name.lower(): name for name in names if name.lower() not in ids}
    added = Skill.objects.bulk_create(
        [Skill(organization=organization, name=name) for name in missing.values()]
    )
    ids.update((skill.name.lower(), skill.pk) for skill in added)
    return ids


def _audit(
    actor: Person | None,
    organization: Organization,
    rows: list[PlannedRow],
    people: dict[str, Person],
    changes: dict[str, set[str]],
    result: ImportResult,
) -> None:
    for row in rows:
        person = people[row.email]
        if row.is_new:
            record(actor, "person.added", person, organization, role=person.role, source="import")
            result.added += 1
        elif changes.get(row.email):
            fields = sorted(changes[row.email])
            record(
                actor,
                "person.profile_updated",
                person,
                organization,
                fields=fields,
                source="import",
            )
            result.updated += 1
        else:
            result.unchanged += 1


def _invite_new(
    actor: Person | None,
    organization: Organization,
    rows: list[PlannedRow],
    people: dict[str, Person],
    result: ImportResult,
) -> None:
    for row in rows:
        if row.is_new:
            person = people[row.email]
            send_invitation(actor, person)
            record(actor, "person.invited", person, organization, source="import")
            result.invited += 1
