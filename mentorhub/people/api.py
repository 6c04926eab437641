"""REST endpoints for the organization's directory, profiles, invitations and roles."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import time
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from mentorhub.apitools import (
    LONG_TEXT,
    MAX_ITEMS,
    SHORT_TEXT,
    InputSchema,
    ListItem,
    ObjectId,
    Page,
    refuse_null,
)
from mentorhub.errors import InvalidInput
from mentorhub.people.access import acting_person, get_person_for
from mentorhub.people.models import (
    MAX_CAPACITY,
    MAX_LEVEL,
    AvailabilitySlot,
    Person,
    PersonSkill,
    Role,
    SkillDirection,
)
from mentorhub.people.services import (
    SkillEntry,
    Slot,
    invite_person,
    set_availability,
    set_role,
    set_skills,
    update_profile,
)

router = Router(tags=["people"])

# Wall-clock time in the person's own time zone, as on a calendar: 09:30, 17:00.
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["09:30"])]


class PersonRef(Schema):
    id: int
    name: str = Field(alias="full_name")


class MeOut(Schema):
    id: int
    name: str = Field(alias="full_name")
    email: str
    role: Role
    organization: str

    @staticmethod
    def resolve_organization(person: Person) -> str:
        return person.organization.slug


class PersonOut(Schema):
    id: int
    name: str = Field(alias="full_name")
    email: str
    role: Role
    title: str
    department: str


class SkillOut(Schema):
    name: str
    proficiency: int
    direction: SkillDirection

    @staticmethod
    def resolve_name(entry: PersonSkill) -> str:
        return entry.skill.name


class SlotOut(Schema):
    weekday: int = Field(description="0 is Monday, 6 is Sunday.")
    start: str = Field(description="HH:MM in the person's own time zone.")
    end: str = Field(description="HH:MM in the person's own time zone.")

    @staticmethod
    def resolve_start(slot: AvailabilitySlot) -> str:
        return slot.start.strftime("%H:%M")

    @staticmethod
    def resolve_end(slot: AvailabilitySlot) -> str:
        return slot.end.strftime("%H:%M")


class ProfileOut(PersonOut):
    manager: PersonRef | None
    level: int
    timezone: str
    languages: list[str]
    bio: str
    interests: list[str]
    mentor_capacity: int
    is_active: bool
    skills: list[SkillOut]
    availability: list[SlotOut]


class SkillIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    proficiency: int = Field(ge=1, le=5)
    direction: SkillDirection


class SlotIn(InputSchema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    start: ClockTime
    end: ClockTime


class ProfilePatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=SHORT_TEXT)
    title: str | None = Field(None, max_length=SHORT_TEXT, description="null clears it.")
    department: str | None = Field(None, max_length=SHORT_TEXT, description="null clears it.")
    manager: ObjectId | None = Field(None, description="Id of the person's manager; null for none.")
    level: int | None = Field(None, ge=1, le=MAX_LEVEL)
    timezone: str | None = Field(None, max_length=64, examples=["Europe/Berlin"])
    languages: list[ListItem] | None = Field(None, max_length=MAX_ITEMS, description="null clears.")
    bio: str | None = Field(None, max_length=LONG_TEXT, description="null clears it.")
    interests: list[ListItem] | None = Field(None, max_length=MAX_ITEMS, description="null clears.")
    mentor_capacity: int | None = Field(None, ge=0, le=MAX_CAPACITY)
    skills: list[SkillIn] | None = Field(
        None, max_length=MAX_ITEMS, description="Replaces all skills."
    )
    availability: list[SlotIn] | None = Field(
        None, max_length=MAX_ITEMS, description="Replaces the weekly slots."
    )

    # The columns are NOT NULL: an explicit null means "empty", or is refused where a
    # profile cannot be without the value.
    @field_validator("title", "department", "bio", mode="before")
    @classmethod
    def _null_text_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("languages", "interests", mode="before")
    @classmethod
    def _null_list_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("name", "level", "timezone", "mentor_capacity")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return refuse_null(value)


class InvitationIn(InputSchema):
    email: str = Field(max_length=254)
    name: str = Field(min_length=1, max_length=SHORT_TEXT)
    role: Role = Role.MEMBER

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str) -> str:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid email address.") from None
        return value


class RoleIn(InputSchema):
    role: Role


def _profile(viewer: Person, person_id: int) -> Person:
    person = get_person_for(viewer, person_id)
    prefetch_related_objects([person], "skills__skill", "availability")
    return person


@router.get("", response=list[PersonOut], summary="The organization's directory")
@paginate(Page)
def list_people(
    request: HttpRequest,
    department: Annotated[
        str | None, Query(max_length=SHORT_TEXT, description="Exact department name.")
    ] = None,
    q: Annotated[str | None, Query(max_length=SHORT_TEXT, description="Part of a name.")] = None,
) -> QuerySet[Person]:
    people = Person.objects.filter(
        organization_id=acting_person(request).organization_id, is_active=True
    )
    if department:
        people = people.filter(department__iexact=department)
    if q:
        people = people.filter(full_name__icontains=q.strip())
    return people.order_by("full_name", "id")


# Fixed paths come before "/{person_id}": Django tries the URL patterns in this order.
@router.post(
    "/invitations", response={201: PersonOut}, summary="Invite someone by email (org admin)"
)
def invite(request: HttpRequest, payload: InvitationIn) -> Status[Person]:
    actor = acting_person(request)
    person = invite_person(actor, actor.organization, payload.email, payload.name, payload.role)
    return Status(201, person)


@router.get("/{person_id}", response=ProfileOut, summary="A profile with skills and slots")
def get_person(request: HttpRequest, person_id: int) -> Person:
    return _profile(acting_person(request), person_id)


def _manager_change(viewer: Person, manager_id: int | None) -> Person | None:
    if manager_id is None:
        return None
    try:
        return get_person_for(viewer, manager_id)
    except Http404:
        raise InvalidInput(
            "The manager must be someone in your organization.",
            field_errors={"manager": ["No such person in this organization."]},
        ) from None


def _profile_changes(viewer: Person, patch: ProfilePatch) -> dict[str, Any]:
    changes = patch.model_dump(exclude_unset=True, exclude={"skills", "availability"})
    if "name" in changes:
        changes["full_name"] = changes.pop("name")
    if "manager" in changes:
        changes["manager"] = _manager_change(viewer, changes["manager"])
    return changes


def _slots(slots: list[SlotIn]) -> list[Slot]:
    return [Slot(s.weekday, time.fromisoformat(s.start), time.fromisoformat(s.end)) for s in slots]


@router.patch("/{person_id}", response=ProfileOut, summary="Edit a profile")
def patch_person(request: HttpRequest, person_id: int, payload: ProfilePatch) -> Person:
    actor = acting_person(request)
    person = get_person_for(actor, person_id)
    changes = _profile_changes(actor, payload)
    # One PATCH is one change: if the slots are refused, the profile edit is not kept either.
    with transaction.atomic():
        if changes:
            person = update_profile(actor, person, changes)
        if payload.skills is not None:
            entries = [SkillEntry(s.name, s.proficiency, s.direction) for s in payload.skills]
            set_skills(actor, person, entries)
        if payload.availability is not None:
            set_availability(actor, person, _slots(payload.availability))
    return _profile(actor, person_id)


@router.post("/{person_id}/role", response=PersonOut, summary="Change a role (org admin)")
def change_role(request: HttpRequest, person_id: int, payload: RoleIn) -> Person:
    actor = acting_person(request)
    return set_role(actor, get_person_for(actor, person_id), payload.role)
