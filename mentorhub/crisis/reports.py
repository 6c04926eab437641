"""What managers see of their crisis program: counts and response times, never who or what."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from mentorhub.crisis.models import CrisisRequest, RequestStatus
from mentorhub.programs.models import Program


@dataclass(frozen=True)
class CrisisReport:
    counts: dict[str, int]
    total: int
    median_minutes_to_accept: float | None
    escalated: int


def crisis_report(program: Program) -> CrisisReport:
    rows = CrisisRequest.objects.filter(program=program).values_list(
        "status", "created_at", "accepted_at", "escalated_at"
    )
    counts = {label: 0 for label in RequestStatus.labels}
    waits: list[float] = []
    escalated = 0
    for status, created_at, accepted_at, escalated_at in rows:
        counts[str(RequestStatus(status).label)] += 1
        if accepted_at is not None:
            waits.append((accepted_at - created_at).total_seconds() / 60)
        escalated += escalated_at is not None
    return CrisisReport(counts, sum(counts.values()), median(waits) if waits else None, escalated)
