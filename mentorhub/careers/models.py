"""Career mentoring: the mentee's career plan, the skills it targets, and introductions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.mentorships.models import Goal, Mentorship
from mentorhub.people.models import Person, Skill

MIN_HORIZON, MAX_HORIZON = 3, 60  # months


class CareerPlan(models.Model):
    """Where the mentee wants to go, and by when: one plan per mentorship."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="career_plan"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="career_plans")
    target_role = models.CharField(max_length=200)
    horizon_months = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_months__gte=MIN_HORIZON, horizon_months__lte=MAX_HORIZON),
                name="career_horizon_3_to_60",
            ),
        ]

    def __str__(self) -> str:
        return f"Career plan towards {self.target_role}"


class TargetSkill(models.Model):
    """A skill the target role needs, and how well: the gap is measured against it."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="target_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    wanted = models.PositiveSmallIntegerField(help_text="Proficiency wanted, 1 to 5.")

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "skill"], name="target_skill_once"),
            models.CheckConstraint(
                condition=Q(wanted__gte=1, wanted__lte=5), name="target_skill_wanted_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} at {self.wanted}/5"


class GoalSkill(models.Model):
    """A goal of the mentorship that works on closing the gap in one skill."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="career_skill")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Goal #{self.goal_id} on {self.skill}"


class IntroStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Introduction(models.Model):
    """The mentor introduces the mentee to someone else in the organization."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="introductions"
    )
    introduced_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="introductions")
    to_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="introductions_received"
    )
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=IntroStatus.choices, default=IntroStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in IntroStatus]),
                name="introduction_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(to_person=models.F("mentee")), name="introduction_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["mentee", "to_person"],
                condition=Q(status="pending"),
                name="introduction_one_pending_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Introduction #{self.pk}"
