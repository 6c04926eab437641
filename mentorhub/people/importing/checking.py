"""Checking an import file as a whole against the organization: the plan of what it would do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from mentorhub.people.importing.reading import (
    HEADER_LINE,
    REQUIRED_COLUMNS,
    PlannedRow,
    RowError,
    UnreadableCsv,
    check_header,
    read_records,
    read_row,
)
from mentorhub.people.models import Organization, Person, Role


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
class Directory:
    """The organization's people as the import finds them, by lowercase email."""

    organization: Organization
    by_email: dict[str, Person]
    email_of_id: dict[int, str]

    @classmethod
    def load(cls, organization: Organization) -> Directory:
        people = {p.email.lower(): p for p in Person.objects.filter(organization=organization)}
        for person in people.values():
            person.organization = organization  # saves a query per audit record later
        return cls(organization, people, {p.pk: email for email, p in people.items()})

    def manager_of(self, email: str) -> str | None:
        person = self.by_email.get(email)
        return self.email_of_id.get(person.manager_id) if person and person.manager_id else None


def validate_rows(text: str, organization: Organization) -> ImportPlan:
    """Check every row of the file against the organization; nothing is written."""
    return plan_import(text, Directory.load(organization))


def plan_import(text: str, directory: Directory) -> ImportPlan:
    """What importing the file into the directory's organization would do; nothing is written."""
    plan = ImportPlan()
    try:
        rows = _read_rows(text, plan)
    except UnreadableCsv as exc:
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
    records = read_records(text)
    first = next(records, None)
    if first is None:
        message = "the file is empty; its first line must be the header, e.g. email,name,title."
        plan.file_errors.append(RowError(HEADER_LINE, "file", message))
        return []
    header, plan.file_errors = check_header(*first)
    if not set(REQUIRED_COLUMNS) <= set(header):
        return []
    rows = []
    for count, (line, cells) in enumerate(records, start=1):
        if count > settings.IMPORT_MAX_ROWS:
            message = f"the file has more than {settings.IMPORT_MAX_ROWS} rows; split it."
            plan.file_errors.append(RowError(line, "file", message))
            return []
        row, errors = read_row(line, header, cells)
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


def _unknown_managers(rows: list[PlannedRow], directory: Directory) -> list[RowError]:
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
    plan: ImportPlan, rows: list[PlannedRow], directory: Directory
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


def _loops(rows: list[PlannedRow], directory: Directory) -> list[RowError]:
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


def _lost_admins(rows: list[PlannedRow], directory: Directory) -> list[RowError]:
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
