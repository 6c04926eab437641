"""Programs (how an organization runs mentoring) and the enrollments of people in them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mentorhub.matching.validators import (
    validate_questions,
    validate_rule_overrides,
    validate_weights,
)
from mentorhub.people.models import MAX_CAPACITY, Organization, Person
from mentorhub.people.validators import LONG_TEXT, validate_single_line
from mentorhub.programs.approaches import Approach, ApproachKey, EnrollmentRole, approach_of


class MatchingMode(models.TextChoices):
    ADMIN = "admin", "Program manager matches (bulk, reviewed before publishing)"
    SELF_SERVICE = "self_service", "Self-service: mentees request mentors"
    PREFERENCE = "preference", "Preference ranking by both sides"
    HYBRID = "hybrid", "Hybrid: suggestions plus manager review"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    AS_NEEDED = "as_needed", "As needed"


MAX_OPEN_REQUESTS = 10
MAX_APPLICATION_QUESTIONS, QUESTION_LENGTH = 10, 300
MAX_EXPIRY_DAYS = 90
MIN_CIRCLE, MAX_CIRCLE = 2, 50


def validate_application_questions(value: object) -> None:
    """Free-text questions: a list of distinct single-line questions, a handful at most."""
    if not isinstance(value, list) or not all(isinstance(q, str) and q.strip() for q in value):
        raise ValidationError("Give the application questions as a list of questions.")
    if len(value) > MAX_APPLICATION_QUESTIONS:
        raise ValidationError(f"Ask at most {MAX_APPLICATION_QUESTIONS} application questions.")
    if len({q.strip() for q in value}) != len(value):
        raise ValidationError("Each application question is asked once.")
    for question in value:
        if len(question) > QUESTION_LENGTH:
            raise ValidationError(f"Keep each question under {QUESTION_LENGTH} characters.")
        validate_single_line(question)


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for enrollment"
    RUNNING = "running", "Running (enrollment closed)"
    FINISHED = "finished", "Finished"


class Program(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=200, validators=[validate_single_line])
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    approach = models.CharField(max_length=20, choices=ApproachKey.choices)
    matching_mode = models.CharField(
        max_length=20, choices=MatchingMode.choices, default=MatchingMode.ADMIN
    )
    status = models.CharField(
        max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    evergreen = models.BooleanField(default=False, help_text="Runs continuously, no end date.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    meeting_cadence = models.CharField(
        max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY
    )
    guidelines = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    managers = models.ManyToManyField(Person, related_name="managed_programs", blank=True)
    created_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="programs_created"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Matching settings: switches on the engine's hard rules and weights of its score
    # (mentorhub.matching.engine Rules and Weights), the self-service request limits, and
    # the size of circles in group mentoring.
    matching_rules = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_rule_overrides],
        help_text='Rule switches over the approach defaults, e.g. {"shared_language": false}.',
    )
    matching_weights = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_weights],
        help_text='Weights changed from the defaults, e.g. {"goals": 4, "diversity": 0}.',
    )
    # Multiple-choice questions on values and working style; the same answers on both sides
    # count in the match score ("questionnaire" weight).
    matching_questions = models.JSONField(default=list, blank=True, validators=[validate_questions])
    # Free-text questions applicants answer when they enroll (formal programs); the answers
    # are for the program team and are not used in matching.
    application_questions = models.JSONField(
        default=list, blank=True, validators=[validate_application_questions]
    )
    max_open_requests = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_OPEN_REQUESTS)],
        help_text="How many mentors a mentee may ask at once.",
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EXPIRY_DAYS)],
        help_text="Proposals and requests with no answer expire after this many days.",
    )
    circle_min_size = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(MIN_CIRCLE), MaxValueValidator(MAX_CIRCLE)]
    )
    circle_max_size = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(MIN_CIRCLE), MaxValueValidator(MAX_CIRCLE)]
    )
    # Cohort dates of a structured (formal) program: the last day applications are taken,
    # besides `starts_on` and `ends_on`; empty means applications stay open while it is open.
    applications_close_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_open_requests__gte=1, max_open_requests__lte=MAX_OPEN_REQUESTS),
                name="program_open_requests_range",
                violation_error_message=f"Allow 1 to {MAX_OPEN_REQUESTS} open requests.",
            ),
            models.CheckConstraint(
                condition=Q(request_expiry_days__gte=1, request_expiry_days__lte=MAX_EXPIRY_DAYS),
                name="program_request_expiry_range",
                violation_error_message=f"Requests expire after 1 to {MAX_EXPIRY_DAYS} days.",
            ),
            models.CheckConstraint(
                condition=Q(circle_min_size__gte=MIN_CIRCLE)
                & Q(circle_max_size__lte=MAX_CIRCLE)
                & Q(circle_min_size__lte=F("circle_max_size")),
                name="program_circle_sizes",
                violation_error_message=(
                    f"Circles hold {MIN_CIRCLE} to {MAX_CIRCLE} people, "
                    "and the smallest size cannot exceed the largest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(evergreen=True) | Q(starts_on__isnull=False, ends_on__isnull=False),
                name="program_dates_or_evergreen",
                violation_error_message=(
                    "Give a start and an end date, or mark the program evergreen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="program_ends_after_start",
                violation_error_message="The program cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(applications_close_on__lte=F("ends_on")),
                name="program_applications_close_before_end",
                violation_error_message="Applications must close before the program ends.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def approach_rules(self) -> Approach:
        return approach_of(self.approach)

    @property
    def is_open(self) -> bool:
        return self.status == ProgramStatus.OPEN

    @property
    def requires_screening(self) -> bool:
        """Whether mentors (peers, in peer programs) need a valid background check."""
        return bool(self.matching_rules.get("screening", False))


MAX_STAGES, MAX_STAGE_WEEKS = 12, 52


class ProgramStage(models.Model):
    """One stage of a structured program's mentorships, counted in weeks from their start.

    Stages follow each other in `position` order; each lasts `weeks`. Its goal template
    (the shape of ProgramPlan.goal_template: goals with milestones and tasks) is copied into
    a mentorship when it starts, due at the stage's end; its resources are read during it.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, validators=[validate_single_line])
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    weeks = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(MAX_STAGE_WEEKS)]
    )
    goal_template = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="stage_position_once"),
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=MAX_STAGE_WEEKS),
                name="stage_weeks_range",
                violation_error_message=f"A stage lasts 1 to {MAX_STAGE_WEEKS} weeks.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.title}"


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    TRAINING = "training", "Training"
    READING = "reading", "Reading"


class ProgramResource(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    url = models.URLField(max_length=500)
    kind = models.CharField(
        max_length=10, choices=ResourceKind.choices, default=ResourceKind.READING
    )
    # Empty: for the whole program; set: read during that stage of each mentorship.
    stage = models.ForeignKey(
        ProgramStage, null=True, blank=True, on_delete=models.CASCADE, related_name="resources"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", "Enrolled"
    # Programs whose approach approves applications (formal) enroll people as applicants
    # first; only a manager's approval makes them active, so pairable and matchable.
    APPLIED = "applied", "Applied, awaiting approval"
    DECLINED = "declined", "Application declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrollment(models.Model):
    """A person taking part in a program in one role.

    `load` counts the person's active mentorships in this program; the database keeps it
    within `capacity`, which is what makes overbooking a mentor impossible even when many
    acceptances race (see mentorships.services.activate).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=10, choices=EnrollmentRole.choices)
    goals = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    capacity = models.PositiveSmallIntegerField(default=1)
    load = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    # The last day the person's background check is valid, where the program's rules
    # require screening (youth programs); empty means never screened.
    screened_until = models.DateField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # matching question key -> choice
    application_answers = models.JSONField(default=dict, blank=True)  # question -> answer
    created_at = models.DateTimeField(default=timezone.now)
    # The manager's decision on an application (approved or declined), and why.
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["program", "role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person", "role"], name="enrollment_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(load__lte=F("capacity")),
                name="enrollment_load_within_capacity",
                violation_error_message="Capacity cannot be lower than the active mentorships.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__lte=MAX_CAPACITY), name="enrollment_capacity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.role} in {self.program}"

    @property
    def is_full(self) -> bool:
        return self.load >= self.capacity

    @property
    def needs_screening(self) -> bool:
        """The side that works with mentees must be screened where the program says so."""
        return self.program.requires_screening and self.role != EnrollmentRole.MENTEE

    def is_screened(self, today: date) -> bool:
        return self.screened_until is not None and self.screened_until >= today


class Acknowledgement(models.Model):
    """A participant read and accepted one version of the program's guidelines and resources.

    The version is a hash of the guidelines and the resource links, so changing either asks
    everyone again (see programs.applications.guidelines_version).
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    guidelines_version = models.CharField(max_length=64)
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "guidelines_version"], name="acknowledged_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} acknowledged {self.guidelines_version[:8]}"


class EventAudience(models.TextChoices):
    EVERYONE = "everyone", "Everyone in the program"
    MENTORS = "mentors", "Mentors"
    MENTEES = "mentees", "Mentees"


MIN_EVENT_MINUTES, MAX_EVENT_MINUTES = 5, 12 * 60


class ProgramEvent(models.Model):
    """A date on a program's calendar: kick-off, training, mid-point review, celebration.

    Times are UTC; pages and invitations show them in each reader's time zone. `sequence`
    rises with each change so calendar apps update the event they already hold.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(MIN_EVENT_MINUTES), MaxValueValidator(MAX_EVENT_MINUTES)],
    )
    location = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    video_url = models.URLField(max_length=500, blank=True)
    audience = models.CharField(
        max_length=10, choices=EventAudience.choices, default=EventAudience.EVERYONE
    )
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="program_events_created"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_EVENT_MINUTES, minutes__lte=MAX_EVENT_MINUTES),
                name="program_event_minutes_range",
                violation_error_message=(
                    f"An event lasts {MIN_EVENT_MINUTES} minutes "
                    f"to {MAX_EVENT_MINUTES // 60} hours."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title
