"""Import people from an HR system's CSV export: check every row, then add or update them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from mentorhub.accounts.models import User
from mentorhub.audit.services import record
from mentorhub.errors import InvalidInput
from mentorhub.people.models import (
    MAX_CAPACITY,
    MAX_LEVEL,
    Organization,
    Person,
    PersonSkill,
    Role,
    Skill,
    SkillDirection,
)
from mentorhub.people.services import SkillEntry, _new_invitation, _require_admin
from mentorhub.people.validators import validate_language_code, validate_timezone

REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = (
    "title",
    "department",
    "manager_email",
    "level",
    "timezone",
    "languages",
    "role",
    "skills",
    "interests",
    "mentor_capacity",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Cells that become a Person field as they are; manager_email and skills need the whole file.
FIELD_OF_COLUMN = {
    "name": "full_name",
    "title": "title",
    "department": "department",
    "level": "level",
    "timezone": "timezone",
    "languages": "languages",
    "role": "role",
    "interests": "interests",
    "mentor_capacity": "mentor_capacity",
}
# These have no "empty" value, so an empty cell keeps what the person has (or the default).
KEEP_WHEN_EMPTY = frozenset({"level", "timezone", "role", "mentor_capacity"})
HEADER_LINE = 1
MAX_EMAIL_LENGTH = 254  # Person.email and User.email are EmailFields of this length
BATCH = 500  # rows per INSERT/UPDATE/IN (…): well under SQLite's limit on query parameters


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass
class PlannedRow:
    line: int
    email: str
    profile: dict[str, Any]  # Person field -> value from the file
    manager_email: str | None = None
    sets_manager: bool = False  # False when the file has no manager_email column
    skills: list[SkillEntry] | None = None  # None when the file has no skills column
    is_new: bool = True


@dataclass
class ImportPlan:
    """What an import would do: the rows it can take, and every problem, by file line."""

    rows: list[PlannedRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)  # header, size: never skippable
    row_errors: list[RowError] = field(default_factory=list)
    dependent: list[RowError] = field(default_factory=list)  # fine rows whose manager is skipped

    @property
    def errors(self) -> list[RowError]:
        return sorted(self.file_errors + self.row_errors, key=lambda e: e.line)

    @property
    def skipped(self) -> list[RowError]:
        return sorted(self.row_errors + self.dependent, key=lambda e: e.line)

    @property
    def new_count(self) -> int:
        return sum(row.is_new for row in self.rows)


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
    """The file has problems and nothing was imported; `.errors` lists every one."""

    def __init__(self, errors: list[RowError], skippable: bool):
        count = len(errors)
        super().__init__(
            f"The file has {count} problem{'s' * (count != 1)}; nothing was imported.",
            field_errors={"file": [str(error) for error in errors]},
        )
        self.errors = errors
        self.skippable = skippable  # True when skip_invalid would import the other rows


class _CellError(Exception):
    """A cell's value cannot be used; the message tells the person how to fix it."""


class _UnreadableCsv(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def decode_csv(data: bytes) -> str:
    """The text of an uploaded or read file, or an InvalidInput saying why it is not CSV text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("The file is UTF-16 text; save it as “CSV UTF-8” instead.")
    if b"\x00" in data[:4096]:
        raise InvalidInput("This looks like a binary file (a spreadsheet?); save it as CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"The file is not UTF-8 text (line {line}, byte {exc.start + 1}); "
            "save it as “CSV UTF-8”."
        ) from None


# --- reading cells -------------------------------------------------------------------------


def _parse_email(raw: str) -> str:
    email = raw.strip().lower()
    if not email:
        raise _CellError("an email address is required.")
    if len(email) > MAX_EMAIL_LENGTH:
        raise _CellError(f"is longer than {MAX_EMAIL_LENGTH} characters.")
    try:
        validate_email(email)
    except ValidationError:
        raise _CellError(f"“{raw}” is not a valid email address.") from None
    return email


def _text(limit: int, required: bool = False) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = " ".join(raw.split())
        if required and not value:
            raise _CellError("a name is required.")
        if len(value) > limit:
            raise _CellError(f"is {len(value)} characters long; the limit is {limit}.")
        return value

    return parse


def _number(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise _CellError(f"“{raw}” is not a whole number from {low} to {high}.")
        return value

    return parse


def _items(raw: str) -> list[str]:
    items = (" ".join(item.split()) for item in raw.split(";"))
    return list(dict.fromkeys(item for item in items if item))  # dedupe, keep order


def _parse_timezone(raw: str) -> str:
    try:
        validate_timezone(raw)
    except ValidationError as exc:
        raise _CellError(exc.messages[0]) from None
    return raw


def _parse_languages(raw: str) -> list[str]:
    codes = _items(raw.lower().replace("_", "-"))  # pt_BR, as some HR systems write it
    bad = [code for code in codes if not _is_language(code)]
    if bad:
        names = ", ".join(f"“{code}”" for code in bad)
        verb = "is not a known language code" if len(bad) == 1 else "are not known language codes"
        raise _CellError(f"{names} {verb} (use codes like en, de, pt-br, separated by ;).")
    return codes


def _is_language(code: str) -> bool:
    try:
        validate_language_code(code)
    except ValidationError:
        return False
    return True


def _parse_role(raw: str) -> str:
    role = raw.lower()
    if role not in Role.values:
        raise _CellError(f"“{raw}” is not a role; use one of {', '.join(Role.values)}.")
    return role


def _parse_skill(item: str) -> SkillEntry:
    parts = item.rsplit(":", 2)  # from the right, so a skill name may contain a colon
    if len(parts) != 3:
        raise _CellError(f"“{item}” should be name:proficiency:direction, e.g. Python:4:offers.")
    name, proficiency, direction = (part.strip() for part in parts)
    if not name or len(name) > 100:
        raise _CellError(f"“{item}”: a skill name must be 1 to 100 characters.")
    if proficiency not in {"1", "2", "3", "4", "5"}:
        raise _CellError(f"“{item}”: proficiency must be a whole number from 1 to 5.")
    if direction.lower() not in SkillDirection.values:
        raise _CellError(f"“{item}”: direction must be offers, seeks or both.")
    return SkillEntry(name, int(proficiency), direction.lower())


def _parse_skills(raw: str) -> list[SkillEntry]:
    entries = [_parse_skill(item) for item in _items(raw)]
    names = [entry.name.lower() for entry in entries]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _CellError(f"{', '.join(twice)} listed more than once.")
    return entries


def _parse_manager_email(raw: str) -> str | None:
    return _parse_email(raw) if raw else None


PARSERS: dict[str, Callable[[str], Any]] = {
    "email": _parse_email,
    "name": _text(200, required=True),
    "title": _text(200),
    "department": _text(200),
    "manager_email": _parse_manager_email,
    "level": _number(1, MAX_LEVEL),
    "timezone": _parse_timezone,
    "languages": _parse_languages,
    "role": _parse_role,
    "skills": _parse_skills,
    "interests": _items,
    "mentor_capacity": _number(0, MAX_CAPACITY),
}


# --- reading the file ----------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the file line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _UnreadableCsv(RowError(start, "file", f"cannot be read as CSV ({exc}).")) from None


def _check_header(line: int, cells: list[str]) -> tuple[list[str], list[RowError]]:
    header = [cell.strip().lower() for cell in cells]
    errors = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        errors.append(
            RowError(
                line, "header", f"unknown column {names}; the columns are: {', '.join(COLUMNS)}."
            )
        )
    if "" in header:
        errors.append(RowError(line, "header", f"column {header.index('') + 1} has no name."))
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        errors.append(RowError(line, "header", f"the column “{name}” appears more than once."))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(RowError(line, "header", f"the required column “{name}” is missing."))
    return header, errors


def _read_row(line: int, header: list[str], cells: list[str]) -> tuple[PlannedRow, list[RowError]]:
    """The row as far as it can be read (a bad row still names its email), and its problems."""
    if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
        cells = cells[: len(header)]  # trailing empty cells some spreadsheets add
    if len(cells) != len(header):
        message = (
            f"has {len(cells)} cells but the header has {len(header)} "
            "(is there a comma in an unquoted value?)."
        )
        return PlannedRow(line, "", {}), [RowError(line, "row", message)]
    values: dict[str, Any] = {}
    errors = []
    for column, raw in zip(header, cells, strict=True):
        if column not in PARSERS or (column in KEEP_WHEN_EMPTY and not raw.strip()):
            continue
        try:
            values[column] = PARSERS[column](raw.strip())
        except _CellError as exc:
            errors.append(RowError(line, column, str(exc)))
    return _planned(line, header, values), errors


def _planned(line: int, header: list[str], values: dict[str, Any]) -> PlannedRow:
    profile = {FIELD_OF_COLUMN[col]: v for col, v in values.items() if col in FIELD_OF_COLUMN}
    return PlannedRow(
        line=line,
        email=values.get("email", ""),
        profile=profile,
        manager_email=values.get("manager_email"),
        sets_manager="manager_email" in header,
        skills=values.get("skills"),
    )


# --- checking the file as a whole ----------------------------------------------------------


@dataclass
class _Directory:
    """The organization's people as the import finds them, by lowercase email."""

    organization: Organization
    by_email: dict[str, Person]
    email_of_id: dict[int, str]

    @classmethod
    def load(cls, organization: Organization) -> _Directory:
        people = {p.email.lower(): p for p in Person.objects.filter(organization=organization)}
        for person in people.values():
            person.organization = organization  # saves a query per audit record later
        return cls(organization, people, {p.pk: email for email, p in people.items()})

    def manager_of(self, email: str) -> str | None:
        person = self.by_email.get(email)
        return self.email_of_id.get(person.manager_id) if person and person.manager_id else None


def validate_rows(text: str, organization: Organization) -> ImportPlan:
    """Check every row of the file against the organization; nothing is written."""
    return _plan(text, _Directory.load(organization))


def _plan(text: str, directory: _Directory) -> ImportPlan:
    plan = ImportPlan()
    try:
        rows = _read_rows(text, plan)
    except _UnreadableCsv as exc:
        plan.file_errors.append(exc.error)
        return plan
    for row in rows:
        row.is_new = row.email not in directory.by_email
    bad = {error.line for error in plan.row_errors}
    valid = [row for row in rows if row.line not in bad]
    plan.row_errors += (
        _duplicates(rows)
        + _unknown_managers(rows, directory)
        + _loops([row for row in rows if row.email], directory)  # the chart as the file draws it
        + _lost_admins(valid, directory)
    )
    _skip_what_depends_on_skipped_rows(plan, rows, directory)
    bad = {error.line for error in plan.skipped}
    plan.rows = [row for row in rows if row.line not in bad]
    plan.row_errors.sort(key=lambda e: e.line)
    return plan


def _read_rows(text: str, plan: ImportPlan) -> list[PlannedRow]:
    records = _lines(text)
    first = next(records, None)
    if first is None:
        message = "the file is empty; its first line must be the header, e.g. email,name,title."
        plan.file_errors.append(RowError(HEADER_LINE, "file", message))
        return []
    header, plan.file_errors = _check_header(*first)
    if not set(REQUIRED_COLUMNS) <= set(header):
        return []
    rows = []
    for count, (line, cells) in enumerate(records, start=1):
        if count > settings.IMPORT_MAX_ROWS:
            message = f"the file has more than {settings.IMPORT_MAX_ROWS} rows; split it."
            plan.file_errors.append(RowError(line, "file", message))
            return []
        row, errors = _read_row(line, header, cells)
        rows.append(row)
        plan.row_errors += errors
    return rows


def _duplicates(rows: list[PlannedRow]) -> list[RowError]:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.email:
            lines[row.email].append(row.line)
    return [
        RowError(
            line,
            "email",
            f"“{email}” is on lines {', '.join(map(str, at))}; list each person once.",
        )
        for email, at in lines.items()
        if len(at) > 1
        for line in at
    ]


def _unknown_managers(rows: list[PlannedRow], directory: _Directory) -> list[RowError]:
    in_file = {row.email for row in rows}
    errors = []
    for row in rows:
        manager = row.manager_email
        if manager and manager == row.email:
            errors.append(RowError(row.line, "manager_email", "nobody can be their own manager."))
        elif manager and manager not in in_file and manager not in directory.by_email:
            message = (
                f"“{manager}” is not on any row of this file nor a person of "
                f"{directory.organization.name}."
            )
            errors.append(RowError(row.line, "manager_email", message))
    return errors


def _skip_what_depends_on_skipped_rows(
    plan: ImportPlan, rows: list[PlannedRow], directory: _Directory
) -> None:
    """Skip rows whose manager's row is skipped, then rows that make a loop (or leave no admin)
    only because a skipped person keeps their current manager (or role); until nothing changes.

    These are not errors of their own: they are listed only when bad rows are being skipped.
    """
    line_of = {row.email: row.line for row in rows if row.email}
    while True:
        skipped = {error.line for error in plan.skipped}
        active = [row for row in rows if row.line not in skipped]
        found = []
        for row in active:
            manager_line = line_of.get(row.manager_email or "")
            if row.sets_manager and manager_line in skipped:
                message = f"the manager “{row.manager_email}” is on line {manager_line}, skipped."
                found.append(RowError(row.line, "manager_email", message))
        if not found:  # follow chains down first: a loop may run through a skipped report
            found = [
                RowError(e.line, e.column, f"{e.message[:-1]}, as skipped rows stay unchanged.")
                for e in _loops(active, directory) + _lost_admins(active, directory)
            ]
        if not found:
            return
        plan.dependent += found


def _loops(rows: list[PlannedRow], directory: _Directory) -> list[RowError]:
    """Every row on a loop in the org chart the import would leave behind."""
    manager_of = {email: directory.manager_of(email) for email in directory.by_email}
    row_of = {row.email: row for row in rows}
    for row in rows:
        if (row.sets_manager or row.is_new) and row.manager_email != row.email:
            manager_of[row.email] = row.manager_email  # managing oneself is reported apart
    errors = []
    done: set[str] = set()
    for start in row_of:
        path: list[str] = []
        email: str | None = start
        on_path: set[str] = set()
        while email is not None and email not in done and email not in on_path:
            path.append(email)
            on_path.add(email)
            email = manager_of.get(email)
        if email is not None and email in on_path:
            loop = path[path.index(email) :]
            chain = " → ".join([*loop, email])
            errors += [
                RowError(
                    row_of[e].line, "manager_email", f"makes a loop in the org chart: {chain}."
                )
                for e in loop
                if e in row_of
            ]
        done.update(path)
    return errors


def _lost_admins(rows: list[PlannedRow], directory: _Directory) -> list[RowError]:
    admins = {e for e, p in directory.by_email.items() if p.role == Role.ADMIN and p.is_active}
    demoting = [
        r for r in rows if r.email in admins and r.profile.get("role", Role.ADMIN) != Role.ADMIN
    ]
    promoted = {
        r.email
        for r in rows
        if r.profile.get("role") == Role.ADMIN
        and (r.is_new or directory.by_email[r.email].is_active)
    }
    if not demoting or (admins - {r.email for r in demoting}) | promoted:
        return []
    name = directory.organization.name
    return [
        RowError(r.line, "role", f"this would leave {name} without an org admin.") for r in demoting
    ]


# --- writing -------------------------------------------------------------------------------


@transaction.atomic
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
        _require_admin(actor, organization)
    # Serializes imports into one organization, so two never add the same person at once.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    directory = _Directory.load(organization)
    plan = _plan(text, directory)
    if plan.file_errors or (plan.row_errors and not skip_invalid):
        raise ImportRejected(plan.errors, skippable=not plan.file_errors)
    people, changes = _save_people(directory, plan.rows)
    _set_managers(plan.rows, people, changes)
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
    directory: _Directory, rows: list[PlannedRow]
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
            _new_invitation(actor, person)
            record(actor, "person.invited", person, organization, source="import")
            result.invited += 1
