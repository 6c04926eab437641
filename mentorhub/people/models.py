"""Organizations (tenants) and the people in them: profile, org chart, skills, availability."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone

from mentorhub.people.validators import (
    LONG_TEXT,
    validate_language_list,
    validate_single_line,
    validate_timezone,
)

MAX_LEVEL = 10
MAX_CAPACITY = 20


class Organization(models.Model):
    name = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Org admin"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    MEMBER = "member", "Member"


class Person(models.Model):
    """A user's membership and profile inside one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    full_name = models.CharField(max_length=200, validators=[validate_single_line])
    email = models.EmailField()
    title = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    department = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    level = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)],
        help_text=f"Seniority from 1 (entry) to {MAX_LEVEL} (executive).",
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    languages = models.JSONField(default=list, blank=True, validators=[validate_language_list])
    bio = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    interests = models.JSONField(default=list, blank=True)
    mentor_capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(MAX_CAPACITY)],
        help_text="How many mentees you can take at once; the default when you enroll as a mentor.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="person_one_per_org"),
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                name="person_email_unique_per_org",
                violation_error_message="Someone in this organization already uses this email.",
            ),
            models.CheckConstraint(
                condition=~Q(manager=F("id")),
                name="person_not_own_manager",
                violation_error_message="Nobody can be their own manager.",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=MAX_LEVEL), name="person_level_range"
            ),
            models.CheckConstraint(
                condition=Q(mentor_capacity__lte=MAX_CAPACITY), name="person_capacity_range"
            ),
        ]
        indexes = [models.Index(fields=["organization", "department"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_create_programs(self) -> bool:
        return self.role in (Role.ADMIN, Role.PROGRAM_MANAGER)


class Skill(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=100, validators=[validate_single_line])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="skill_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class SkillDirection(models.TextChoices):
    OFFERS = "offers", "Offers"
    SEEKS = "seeks", "Seeks"
    BOTH = "both", "Offers and seeks"


class PersonSkill(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    proficiency = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    direction = models.CharField(max_length=6, choices=SkillDirection.choices)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(
                condition=Q(proficiency__gte=1, proficiency__lte=5), name="proficiency_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill.name} ({self.proficiency}, {self.get_direction_display()})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AvailabilitySlot(models.Model):
    """A weekly window in the person's own time zone (wall-clock, so it follows DST)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="slot_start_before_end",
                violation_error_message="A slot must end after it starts.",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="slot_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class Invitation(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation for {self.person.email}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > dj_timezone.now()


class DeclaredConflict(models.Model):
    """Two people who must never be paired: relatives, partners, a dispute, a reporting line
    the org chart does not show. Stored once per two people (lower id first), so it holds
    both ways whoever declared it. The reason is private to the declarer and admins."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    declared_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="conflicts_declared"
    )
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="conflict_once_per_two"),
            models.CheckConstraint(
                condition=Q(person__lt=F("other")),
                name="conflict_lower_id_first",
                violation_error_message="A conflict is between two different people.",
            ),
        ]

    def __str__(self) -> str:
        return f"conflict between {self.person} and {self.other}"

    def counterpart(self, of: Person) -> Person:
        return self.other if self.person_id == of.pk else self.person
