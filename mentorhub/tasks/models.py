"""The background task queue: one row per piece of work, claimed by one worker at a time."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class TaskStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Task(models.Model):
    kind = models.CharField(max_length=100)
    payload = models.JSONField(default=dict, blank=True, help_text="Ids, never objects.")
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    run_after = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["status", "run_after"], name="task_status_run_after")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="task_status_known"
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1) & Q(attempts__lte=F("max_attempts")),
                name="task_attempts_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


class Schedule(models.Model):
    """When a periodic task (a sweep: nudges, check-ins, expiry) is next due.

    One row per kind. A worker takes a due run with a conditional UPDATE of `next_run_at`,
    so however many workers tick at once, each period queues its sweep once.
    """

    kind = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} next at {self.next_run_at:%Y-%m-%d %H:%M} UTC"
