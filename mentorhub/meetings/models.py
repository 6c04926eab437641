"""Meetings of a mentorship: one-off or in a series, with notes and a private calendar feed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every 2 weeks"
    MONTHLY = "monthly", "Every month"


class MeetingSeries(models.Model):
    """A recurring meeting: occurrences keep the organizer's wall-clock time across DST."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="series")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    timezone = models.CharField(max_length=64, help_text="The organizer's zone at scheduling.")
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} (#{self.pk})"


class Meeting(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    agenda = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # iCalendar SEQUENCE: grows on every change so calendars replace the event they hold.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MeetingStatus]),
                name="meeting_status_known",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="meeting_duration_range",
            ),
        ]
        indexes = [models.Index(fields=["mentorship", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class MeetingNote(models.Model):
    """Shared notes are for every member; private notes for their author only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_notes")
    body = models.TextField()
    private = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{'Private' if self.private else 'Shared'} note by {self.author}"


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's private calendar-feed URL; only the token's hash is stored."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
