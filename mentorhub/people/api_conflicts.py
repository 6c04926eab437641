"""REST endpoints for declared conflicts of interest (who must never be paired)."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from mentorhub.apitools import InputSchema, ObjectId, Page
from mentorhub.people.access import acting_person, get_person_for
from mentorhub.people.api import PersonRef
from mentorhub.people.declarations import (
    declare_conflict,
    get_conflict_for,
    visible_conflicts,
    withdraw_conflict,
)
from mentorhub.people.models import DeclaredConflict

router = Router(tags=["conflicts of interest"])


class ConflictOut(Schema):
    id: int
    person: PersonRef
    other: PersonRef
    reason: str = Field(description="Private to the declarer and the organization's admins.")
    declared_by: PersonRef | None
    created_at: datetime


class ConflictIn(InputSchema):
    person: ObjectId | None = Field(
        None, description="Admins only: the first person; leave out for yourself."
    )
    other: ObjectId = Field(description="The person never to be paired with.")
    reason: str = Field("", max_length=300)


@router.get("", response=list[ConflictOut], summary="Declared conflicts you can see")
@paginate(Page)
def list_conflicts(request: HttpRequest) -> QuerySet[DeclaredConflict]:
    return visible_conflicts(acting_person(request))


@router.post("", response={201: ConflictOut}, summary="Declare a conflict of interest")
def add_conflict(request: HttpRequest, payload: ConflictIn) -> Status[DeclaredConflict]:
    actor = acting_person(request)
    person = get_person_for(actor, payload.person) if payload.person is not None else actor
    other = get_person_for(actor, payload.other)
    return Status(201, declare_conflict(actor, person, other, payload.reason))


@router.delete("/{conflict_id}", response={204: None}, summary="Withdraw a declaration")
def remove_conflict(request: HttpRequest, conflict_id: int) -> Status[None]:
    actor = acting_person(request)
    withdraw_conflict(actor, get_conflict_for(actor, conflict_id))
    return Status(204, None)
