"""Check-ins, their answers and expectation alerts, meeting feedback and closing surveys."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.meetings.models import Meeting
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.models import Program

FIRST_AFTER_DAYS = (7, 365)
EVERY_DAYS = (14, 365)
SCORE = (1, 5)


class CheckInPolicy(models.Model):
    """When a program's mentorships are asked how it goes; no row means the defaults."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="checkin_policy")
    enabled = models.BooleanField(default=True)
    first_after_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after the mentorship starts until the first check-in."
    )
    every_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days between check-ins after the first."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(first_after_days__gte=FIRST_AFTER_DAYS[0])
                & Q(first_after_days__lte=FIRST_AFTER_DAYS[1]),
                name="checkin_policy_first_range",
                violation_error_message=(
                    f"The first check-in comes {FIRST_AFTER_DAYS[0]} to "
                    f"{FIRST_AFTER_DAYS[1]} days after the start."
                ),
            ),
            models.CheckConstraint(
                condition=Q(every_days__gte=EVERY_DAYS[0]) & Q(every_days__lte=EVERY_DAYS[1]),
                name="checkin_policy_every_range",
                violation_error_message=(
                    f"Check-ins repeat every {EVERY_DAYS[0]} to {EVERY_DAYS[1]} days."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-ins of {self.program}: {self.first_after_days}+{self.every_days}n days"


class CheckIn(models.Model):
    """The n-th survey of a mentorship; open from `opened_at` until `closes_at`."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="checkins")
    number = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField(help_text="When the schedule said it was due.")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "number"], name="checkin_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="checkin_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.number} of mentorship #{self.mentorship_id}"

    def is_open(self, now: datetime | None = None) -> bool:
        return self.closes_at > (now or timezone.now())


class Rate(models.TextChoices):
    """How often the members meet (or expect to), from most to least often."""

    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    LESS = "less", "Less than monthly"


RATE_ORDER = [r.value for r in Rate]


class Met(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class CheckInAnswer(models.Model):
    """One member's answer; the comment is for the members' own record, never managers."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkin_answers")
    satisfaction = models.PositiveSmallIntegerField()
    meeting_rate = models.CharField(max_length=12, choices=Rate.choices)
    expected_rate = models.CharField(max_length=12, choices=Rate.choices)
    goal_progress = models.PositiveSmallIntegerField()
    expectations_met = models.CharField(max_length=6, choices=Met.choices)
    comment = models.TextField(blank=True)
    # Asked only in mutual (peer) programs: how much this member got from and gave to the others.
    received = models.PositiveSmallIntegerField(null=True, blank=True)
    gave = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "person"], name="checkin_answer_once"),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=SCORE[0]) & Q(satisfaction__lte=SCORE[1]),
                name="checkin_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(goal_progress__gte=SCORE[0]) & Q(goal_progress__lte=SCORE[1]),
                name="checkin_goal_progress_range",
            ),
            models.CheckConstraint(
                condition=Q(meeting_rate__in=Rate.values) & Q(expected_rate__in=Rate.values),
                name="checkin_rates_known",
            ),
            models.CheckConstraint(
                condition=Q(expectations_met__in=Met.values), name="checkin_expectations_known"
            ),
            models.CheckConstraint(
                condition=Q(received__isnull=True)
                | (Q(received__gte=SCORE[0]) & Q(received__lte=SCORE[1])),
                name="checkin_received_range",
            ),
            models.CheckConstraint(
                condition=Q(gave__isnull=True) | (Q(gave__gte=SCORE[0]) & Q(gave__lte=SCORE[1])),
                name="checkin_gave_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.checkin}"


class AlertKind(models.TextChoices):
    SATISFACTION = "satisfaction", "Satisfaction differs"
    EXPECTATIONS = "expectations", "Expectations met for one, not the other"
    EXPECTED_RATE = "expected_rate", "They expect to meet at different rates"
    BELOW_CADENCE = "below_cadence", "Meeting less often than the program expects"
    ONE_SIDED = "one_sided", "One member mostly gives, another mostly receives"


class ExpectationAlert(models.Model):
    """Where the members' answers diverge; the summary holds scores, never comments."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    summary = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "kind"], name="expectation_alert_once"),
            models.CheckConstraint(
                condition=Q(kind__in=AlertKind.values), name="expectation_alert_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.checkin}"


class Rating(models.TextChoices):
    HELPFUL = "helpful", "Helpful"
    OKAY = "okay", "Okay"
    NOT_HELPFUL = "not_helpful", "Not helpful"


class MeetingFeedback(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_feedback")
    rating = models.CharField(max_length=12, choices=Rating.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="meeting_feedback_rating_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} found {self.meeting} {self.rating}"


class ClosingSurvey(models.Model):
    """A member looks back once the mentorship ended; `achieved` is shared only if they say."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closing_surveys"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="closing_surveys")
    achieved = models.TextField(blank=True, help_text="What was achieved, in your words.")
    goals_met = models.PositiveSmallIntegerField()
    would_again = models.BooleanField()
    share_with_program = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "person"], name="closing_survey_once"),
            models.CheckConstraint(
                condition=Q(goals_met__gte=SCORE[0]) & Q(goals_met__lte=SCORE[1]),
                name="closing_survey_goals_met_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Closing survey of {self.person} on mentorship #{self.mentorship_id}"
