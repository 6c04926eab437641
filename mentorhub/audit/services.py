"""Write one audit record; every domain action calls `record` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from mentorhub.audit.models import AuditEvent
from mentorhub.people.models import Organization, Person


def record(
    actor: Person | None,
    verb: str,
    target: models.Model,
    organization: Organization | None = None,
    **details: Any,
) -> AuditEvent:
    org = organization or getattr(target, "organization", None)
    if org is None and actor is not None:
        org = actor.organization
    return AuditEvent.objects.create(
        organization=org,
        actor=actor,
        actor_label=f"{actor.full_name} <{actor.email}>" if actor else "system",
        verb=verb,
        target_type=target._meta.model_name or "",
        target_id=str(target.pk),
        target_label=str(target)[:300],
        details=details,
    )
