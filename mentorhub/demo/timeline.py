"""The demo's clock: its story spans months, but domain actions stamp the time they run."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import models

from mentorhub.audit.models import AuditEvent
from mentorhub.people.models import Organization


class Timeline:
    """Moves what the last actions wrote back to its day in the story."""

    def __init__(self, today: date, organization: Organization):
        self.today = today
        self.organization = organization
        self.midnight = datetime.combine(today, time.min, tzinfo=UTC)
        self._mark = self._last_event()

    def at(self, days_ago: float) -> datetime:
        return self.midnight - timedelta(days=days_ago)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def settle(self, days_ago: float, *records: models.Model) -> None:
        """Date the audit events written since the last call, and these records, days_ago."""
        moment = self.at(days_ago)
        self._events().filter(pk__gt=self._mark).update(created_at=moment)
        self._mark = self._last_event()
        for record in records:
            type(record)._default_manager.filter(pk=record.pk).update(created_at=moment)

    def _events(self) -> models.QuerySet[AuditEvent]:
        return AuditEvent.objects.filter(organization=self.organization)

    def _last_event(self) -> int:
        return self._events().order_by("-pk").values_list("pk", flat=True).first() or 0
