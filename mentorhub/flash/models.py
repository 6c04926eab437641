"""Flash mentoring: one challenge a person needs help with, scoped, time-boxed and resolved."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.mentorships.models import LIVE_STATUSES, Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment, Program

MIN_TIME_BOX, MAX_TIME_BOX, DEFAULT_TIME_BOX = 1, 60, 14
MAX_TERMS = 2000  # scope and end condition: a paragraph each, not a plan


class Outcome(models.TextChoices):
    """The one question asked at the end: did you get what you needed?"""

    RESOLVED = "resolved", "Yes, resolved"
    PARTLY = "partly", "Partly"
    NOT_RESOLVED = "not_resolved", "No"


class Challenge(models.Model):
    """One challenge, described by the person who has it, and the help they get with it.

    `mentorship` is the current ask: a request, then the flash mentorship once accepted. A
    declined or expired ask leaves the challenge open, to ask someone else.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="challenges")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="challenges")
    asker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    time_box_days = models.PositiveSmallIntegerField(
        default=DEFAULT_TIME_BOX, help_text="Days from the agreed scope to the end, 1 to 60."
    )
    created_at = models.DateTimeField(default=timezone.now)
    mentorship = models.OneToOneField(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="challenge"
    )
    # The terms: one member writes them, the other confirms; rewriting asks again.
    scope = models.TextField(blank=True)
    end_condition = models.TextField(blank=True)
    terms_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(closed_at__isnull=True),
                name="challenge_one_open_per_enrollment",
            ),
            models.CheckConstraint(
                condition=Q(time_box_days__gte=MIN_TIME_BOX, time_box_days__lte=MAX_TIME_BOX),
                name="challenge_time_box_range",
                violation_error_message=(f"The time box is {MIN_TIME_BOX} to {MAX_TIME_BOX} days."),
            ),
            models.CheckConstraint(
                condition=Q(agreed_at__isnull=True)
                | (~Q(scope="") & ~Q(end_condition="") & Q(due_at__isnull=False)),
                name="challenge_agreed_has_terms",
            ),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(outcome__in=Outcome.values, outcome_at__isnull=False, closed_at__isnull=False),
                name="challenge_outcome_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["closed_at", "due_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def state(self) -> str:
        """Where the challenge stands, in the words the pages use."""
        if self.is_closed:
            return "resolved" if self.outcome == Outcome.RESOLVED else "closed"
        mentorship = self.mentorship
        if mentorship is None or mentorship.status not in LIVE_STATUSES:
            return "looking for help"
        if mentorship.status != Status.ACTIVE:
            return "asked"
        return "in progress" if self.agreed_at else "agreeing the scope"

    def days_left(self, now: datetime | None = None) -> int | None:
        """Days until the time box ends, a started day counting as one; None before agreeing."""
        if self.due_at is None or self.is_closed:
            return None
        left = self.due_at - (now or timezone.now())
        return max(0, math.ceil(left / timedelta(days=1)))


MIN_SLOT, MAX_SLOT = 15, 240  # minutes
SLOT_HORIZON_DAYS = 59  # a booked session must end within a challenge's longest time box


class OpenSlot(models.Model):
    """A time a mentor offers for a one-off session; a mentee books it with a topic.

    Booking makes, in one transaction, a challenge (the topic), an active mentorship and
    one meeting at the slot; the challenge's time box ends when the session does.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="open_slots")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="open_slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    created_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    challenge = models.OneToOneField(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="slot"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # Overlaps are refused by the service under a lock on the mentor's enrollment;
            # the same start twice is refused here too.
            models.UniqueConstraint(fields=["mentor", "starts_at"], name="slot_once_per_start"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_SLOT, duration_minutes__lte=MAX_SLOT),
                name="slot_duration_range",
                violation_error_message=f"A session lasts {MIN_SLOT} to {MAX_SLOT} minutes.",
            ),
            models.CheckConstraint(
                condition=Q(booked_by__isnull=True, booked_at__isnull=True)
                | Q(booked_at__isnull=False),
                name="slot_booked_has_time",
            ),
        ]
        indexes = [models.Index(fields=["program", "starts_at"])]

    def __str__(self) -> str:
        return f"Slot of {self.mentor} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_booked(self) -> bool:
        return self.booked_at is not None
