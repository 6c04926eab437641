"""REST endpoint for reading the organization's audit trail (org admins only)."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from datetime import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from mentorhub.apitools import Page
from mentorhub.audit.models import AuditEvent
from mentorhub.errors import NotAllowed
from mentorhub.people.access import acting_person

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor_id: int | None
    actor_label: str
    verb: str
    target_type: str
    target_id: str
    target_label: str
    details: dict[str, Any]


@router.get("", response=list[AuditEventOut], summary="The audit trail, newest first")
@paginate(Page)
def list_events(
    request: HttpRequest,
    verb: Annotated[
        str | None, Query(max_length=100, description="Only this verb, e.g. program.created.")
    ] = None,
) -> QuerySet[AuditEvent]:
    actor = acting_person(request)
    if not actor.is_org_admin:
        raise NotAllowed("Only org admins can read the audit trail.")
    events = AuditEvent.objects.filter(organization_id=actor.organization_id)
    if verb:
        events = events.filter(verb=verb)
    return events.order_by("-created_at", "-id")
