"""Domain actions on organizations and people: every write to them happens here, once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorhub.accounts.models import ApiToken, User, hash_token
from mentorhub.audit.services import record
from mentorhub.errors import ConflictOfInterest, InvalidInput, NotAllowed, validate_model
from mentorhub.notify import email_people
from mentorhub.people.models import (
    AvailabilitySlot,
    Invitation,
    Organization,
    Person,
    PersonSkill,
    Role,
    Skill,
    SkillDirection,
)
from mentorhub.people.orgchart import would_create_cycle

PROFILE_FIELDS = (
    "full_name",
    "title",
    "department",
    "manager",
    "level",
    "timezone",
    "languages",
    "bio",
    "interests",
    "mentor_capacity",
)
# Fields that describe the org chart; HR owns them, so only org admins change them for others.
ADMIN_ONLY_FIELDS = ("department", "manager", "level", "title")


@dataclass(frozen=True)
class SkillEntry:
    name: str
    proficiency: int
    direction: str


@dataclass(frozen=True)
class Slot:
    weekday: int
    start: time
    end: time


def require_admin(actor: Person, organization: Organization) -> None:
    """Refuse with NotAllowed unless the actor is an org admin of the organization."""
    if actor.organization_id != organization.pk or not actor.is_org_admin:
        raise NotAllowed("Only an org admin of this organization can do that.")


@transaction.atomic
def create_organization(name: str, slug: str) -> Organization:
    org = Organization(name=name, slug=slug)
    validate_model(org)
    org.save()
    record(None, "organization.created", org, org)
    return org


def _user_for_email(email: str, password: str | None) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password)
    return user


@transaction.atomic
def add_person(
    actor: Person | None,
    organization: Organization,
    email: str,
    full_name: str,
    role: str = Role.MEMBER,
    password: str | None = None,
    **profile: Any,
) -> Person:
    """Add someone to the organization (actor None: the system, e.g. `createadmin`)."""
    if actor is not None:
        require_admin(actor, organization)
    email, full_name = email.strip().lower(), full_name.strip()
    if Person.objects.filter(organization=organization, email__iexact=email).exists():
        raise InvalidInput(
            f"{email} is already a member of {organization.name}.",
            field_errors={"email": ["Already a member of this organization."]},
        )
    user = _user_for_email(email, password)
    person = Person(
        organization=organization, user=user, email=email, full_name=full_name, role=role, **profile
    )
    validate_model(person, exclude=["user", "organization"])
    person.save()
    record(actor, "person.added", person, organization, role=role)
    return person


def _check_manager(person: Person, manager: Person | None) -> None:
    if manager is None:
        return
    if manager.organization_id != person.organization_id:
        raise InvalidInput(
            "The manager must be someone in the same organization.",
            field_errors={"manager": ["Not a person of this organization."]},
        )
    if would_create_cycle(person, manager):
        raise InvalidInput(
            f"{manager.full_name} cannot be {person.full_name}'s manager: "
            "that would make a loop in the org chart.",
            field_errors={"manager": ["This would make a loop in the org chart."]},
        )


def _refuse_chain_conflicts(person: Person) -> None:
    """A new manager must not put two people of a live mentorship in one chain."""
    from mentorhub.mentorships.conflicts import chain_conflicts  # mentorships builds on people

    conflicts = chain_conflicts(person.organization_id, {person.pk})
    if conflicts:
        raise ConflictOfInterest(f"{conflicts[0]}.", field_errors={"manager": [f"{conflicts[0]}."]})


def _can_edit_profile(actor: Person, person: Person) -> bool:
    return actor.pk == person.pk or (
        actor.is_org_admin and actor.organization_id == person.organization_id
    )


@transaction.atomic
def update_profile(actor: Person, person: Person, changes: dict[str, Any]) -> Person:
    if not _can_edit_profile(actor, person):
        raise NotAllowed("You can only edit your own profile.")
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = {k: v for k, v in changes.items() if getattr(person, k) != v}
    if not actor.is_org_admin and set(changed) & set(ADMIN_ONLY_FIELDS):
        locked = ", ".join(sorted(set(changed) & set(ADMIN_ONLY_FIELDS)))
        raise NotAllowed(f"Only an org admin can change {locked} (it comes from the org chart).")
    if "manager" in changed:
        _check_manager(person, changed["manager"])
    for key, value in changed.items():
        setattr(person, key, value)
    validate_model(person, exclude=["user", "organization"])
    person.save()
    if "manager" in changed:
        _refuse_chain_conflicts(person)
    if changed:
        record(actor, "person.profile_updated", person, fields=sorted(changed))
    return person


def _skill_named(organization: Organization, name: str) -> Skill:
    clean = " ".join(name.split())
    if not clean or len(clean) > 100:
        raise InvalidInput(f"A skill name must be 1 to 100 characters (got {name!r}).")
    skill = Skill.objects.filter(organization=organization, name__iexact=clean).first()
    return skill or Skill.objects.create(organization=organization, name=clean)


@transaction.atomic
def set_skills(actor: Person, person: Person, entries: list[SkillEntry]) -> None:
    if not _can_edit_profile(actor, person):
        raise NotAllowed("You can only edit your own skills.")
    seen: set[str] = set()
    for entry in entries:
        key = " ".join(entry.name.split()).lower()
        if key in seen:
            raise InvalidInput(f"The skill “{entry.name}” is listed twice.")
        seen.add(key)
        if not 1 <= entry.proficiency <= 5:
            raise InvalidInput(f"Proficiency for “{entry.name}” must be from 1 to 5.")
        if entry.direction not in SkillDirection.values:
            raise InvalidInput(f"Direction for “{entry.name}” must be offers, seeks or both.")
    PersonSkill.objects.filter(person=person).delete()
    PersonSkill.objects.bulk_create(
        PersonSkill(
            person=person,
            skill=_skill_named(person.organization, e.name),
            proficiency=e.proficiency,
            direction=e.direction,
        )
        for e in entries
    )
    record(actor, "person.skills_set", person, skills=[e.name for e in entries])


@transaction.atomic
def set_availability(actor: Person, person: Person, slots: list[Slot]) -> None:
    if not _can_edit_profile(actor, person):
        raise NotAllowed("You can only edit your own availability.")
    ordered = sorted(slots, key=lambda s: (s.weekday, s.start))
    for slot in ordered:
        if not 0 <= slot.weekday <= 6:
            raise InvalidInput("A weekday must be from 0 (Monday) to 6 (Sunday).")
        if slot.start >= slot.end:
            raise InvalidInput(f"A slot must end after it starts ({slot.start:%H:%M}).")
    for before, after in pairwise(ordered):
        if before.weekday == after.weekday and after.start < before.end:
            raise InvalidInput("Two availability slots overlap on the same day.")
    AvailabilitySlot.objects.filter(person=person).delete()
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(person=person, weekday=s.weekday, start=s.start, end=s.end)
        for s in ordered
    )
    record(actor, "person.availability_set", person, slots=len(ordered))


@transaction.atomic
def set_role(actor: Person, person: Person, role: str) -> Person:
    require_admin(actor, person.organization)
    if role not in Role.values:
        raise InvalidInput(f"“{role}” is not a role; use one of {', '.join(Role.values)}.")
    org_admins = Person.objects.select_for_update().filter(
        organization=person.organization, role=Role.ADMIN, is_active=True
    )
    if person.role == Role.ADMIN and role != Role.ADMIN and org_admins.count() <= 1:
        raise InvalidInput("An organization needs at least one org admin.")
    old = person.role
    person.role = role
    person.save(update_fields=["role"])
    record(actor, "person.role_changed", person, old=old, new=role)
    return person


def send_invitation(actor: Person | None, person: Person) -> str:
    """Store a new invitation and email its link on commit; returns the raw token."""
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=person.organization,
        person=person,
        token_hash=hash_token(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    # The link is in the queued task until the worker sends it (the worker must know it);
    # the key names this invitation, so a resend (a new invitation) is a new email.
    email_people(
        [person],
        "invitation",
        key=f"invitation:{invitation.pk}",
        inviter=actor,
        organization=person.organization,
        url=f"{settings.SITE_URL}/invitations/{raw}/",
        days=settings.INVITATION_DAYS,
        secret=("url",),
    )
    return raw


@transaction.atomic
def invite_person(
    actor: Person, organization: Organization, email: str, full_name: str, role: str = Role.MEMBER
) -> Person:
    require_admin(actor, organization)
    person = add_person(actor, organization, email, full_name, role)
    send_invitation(actor, person)
    record(actor, "person.invited", person)
    return person


@transaction.atomic
def resend_invitation(actor: Person, person: Person) -> None:
    require_admin(actor, person.organization)
    if person.user.has_usable_password():
        raise InvalidInput(f"{person.full_name} has already set a password and can sign in.")
    send_invitation(actor, person)
    record(actor, "person.invited", person, resent=True)


def invitation_for_token(raw: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("person__user", "organization")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str | None) -> Person:
    """Mark the invitation used; set the password when the user has none yet."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvalidInput("This invitation has expired or was already used.")
    user = invitation.person.user
    if not user.has_usable_password():
        if not password:
            raise InvalidInput("Choose a password to finish joining.")
        user.set_password(password)
        user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(invitation.person, "invitation.accepted", invitation.person)
    return invitation.person


@transaction.atomic
def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link; each organization's audit log hears of it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    for person in Person.objects.filter(user=user, is_active=True).select_related("organization"):
        record(person, "account.password_reset", person)


@transaction.atomic
def create_api_token(actor: Person, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("Give the token a name of 1 to 100 characters.")
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(
        person=actor, name=name, prefix=raw[:10], token_hash=hash_token(raw)
    )
    record(actor, "api_token.created", token, actor.organization)
    return token, raw


@transaction.atomic
def revoke_api_token(actor: Person, token: ApiToken) -> None:
    if token.person_id != actor.pk:
        raise NotAllowed("You can only revoke your own tokens.")
    record(actor, "api_token.revoked", token, actor.organization)
    token.delete()
