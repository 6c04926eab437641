"""Declared conflicts of interest: two people who must never be paired, whatever the program.

The org chart catches managers and reports; this catches what it cannot see (relatives,
partners, a dispute, a dotted reporting line). A member declares their own; an admin can
declare one between any two people. The other person is not told, and the reason stays
with the declarer and the admins: a refusal to pair them only says a conflict exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from mentorhub.audit.services import record
from mentorhub.errors import ConflictOfInterest, InvalidInput, NotAllowed, validate_model
from mentorhub.people.models import DeclaredConflict, Person


def _may_declare(actor: Person, person: Person) -> bool:
    return actor.pk == person.pk or actor.is_org_admin


def visible_conflicts(viewer: Person) -> QuerySet[DeclaredConflict]:
    """Admins see every declaration in the organization; others see the ones they made."""
    conflicts = DeclaredConflict.objects.filter(organization_id=viewer.organization_id)
    if not viewer.is_org_admin:
        conflicts = conflicts.filter(declared_by=viewer)
    return conflicts.select_related("person", "other", "declared_by")


def get_conflict_for(viewer: Person, conflict_id: int) -> DeclaredConflict:
    conflict = visible_conflicts(viewer).filter(pk=conflict_id).first()
    if conflict is None:
        raise Http404("No such declared conflict.")
    return conflict


@transaction.atomic
def declare_conflict(
    actor: Person, person: Person, other: Person, reason: str = ""
) -> DeclaredConflict:
    """Never pair these two again. Live mentorships between them are left for a person to
    close: a declaration records a fact, it does not end a relationship on its own."""
    if not _may_declare(actor, person):
        raise NotAllowed("You can declare conflicts of interest for yourself only.")
    if person.organization_id != other.organization_id:
        raise InvalidInput("Both people must belong to the same organization.")
    if person.pk == other.pk:
        raise InvalidInput(
            "A conflict of interest is between two different people.",
            field_errors={"other": ["Choose someone else."]},
        )
    low, high = sorted((person, other), key=lambda p: p.pk)
    conflict = DeclaredConflict(
        organization_id=person.organization_id,
        person=low,
        other=high,
        reason=" ".join(reason.split()),
        declared_by=actor,
    )
    validate_model(conflict, exclude=["organization", "person", "other", "declared_by"])
    try:
        with transaction.atomic():
            conflict.save()
    except IntegrityError:
        raise InvalidInput(
            f"A conflict of interest between {person.full_name} and {other.full_name} "
            "is already declared.",
            field_errors={"other": ["Already declared."]},
        ) from None
    # The reason is private: the audit log says who and when, not why.
    record(actor, "conflict.declared", conflict, person.organization, between=[low.pk, high.pk])
    return conflict


@transaction.atomic
def withdraw_conflict(actor: Person, conflict: DeclaredConflict) -> None:
    if conflict.declared_by_id != actor.pk and not actor.is_org_admin:
        raise NotAllowed("Only the person who declared it, or an admin, can withdraw it.")
    between = [conflict.person_id, conflict.other_id]
    record(actor, "conflict.withdrawn", conflict, conflict.organization, between=between)
    conflict.delete()


def conflicts_among(organization_id: int, people: Iterable[int]) -> dict[int, set[int]]:
    """For each of these people, the others among them they must never be paired with."""
    # By organization, not by an IN list: declarations are few, programs can be 100,000.
    ids = set(people)
    pairs = DeclaredConflict.objects.filter(organization_id=organization_id)
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs.values_list("person_id", "other_id"):
        if a in ids and b in ids:
            partners[a].add(b)
            partners[b].add(a)
    return partners


def refuse_declared(a: Person, b: Person) -> None:
    """The refusal every pairing path gives when these two declared a conflict."""
    low, high = sorted((a.pk, b.pk))
    if DeclaredConflict.objects.filter(person_id=low, other_id=high).exists():
        raise ConflictOfInterest(
            f"{a.full_name} and {b.full_name} cannot be paired: a conflict of interest "
            "between them has been declared."
        )
