"""Crisis support: a program's settings, help-now contacts, trained responders and requests."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment, Program

MIN_RESPONSE, MAX_RESPONSE, DEFAULT_RESPONSE = 1, 240, 15  # minutes
MIN_LENGTH, MAX_LENGTH, DEFAULT_LENGTH = 14, 42, 28  # days
MAX_NEED = 4000


class CrisisSettings(models.Model):
    """How fast a crisis program must answer, who is its safeguarding lead, how long help lasts."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="crisis_settings"
    )
    response_minutes = models.PositiveSmallIntegerField(
        default=DEFAULT_RESPONSE,
        validators=[MinValueValidator(MIN_RESPONSE), MaxValueValidator(MAX_RESPONSE)],
        help_text="Escalate to the safeguarding lead when nobody accepts within this time.",
    )
    safeguarding_lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_length_days = models.PositiveSmallIntegerField(
        default=DEFAULT_LENGTH,
        validators=[MinValueValidator(MIN_LENGTH), MaxValueValidator(MAX_LENGTH)],
        help_text="How long a crisis mentorship is planned to last, in days.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "crisis settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(response_minutes__gte=MIN_RESPONSE, response_minutes__lte=MAX_RESPONSE),
                name="crisis_response_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    default_length_days__gte=MIN_LENGTH, default_length_days__lte=MAX_LENGTH
                ),
                name="crisis_length_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Crisis settings of {self.program}"


class EmergencyContact(models.Model):
    """A hotline or emergency number shown in the help-now panel, for one language or all."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    locale = models.CharField(
        max_length=16, blank=True, help_text="A language code (e.g. de); empty for everyone."
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(url=""), name="emergency_contact_reachable"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Responder(models.Model):
    """A mentor of a crisis program its managers marked as trained to respond."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="crisis_responder"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="responders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="crisis_responders")
    trained_on = models.DateField()
    on_call = models.BooleanField(default=False, help_text="Available now for urgent requests.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="responder_once_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.person} responds in {self.program}"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for a responder"
    ESCALATED = "escalated", "Escalated to the safeguarding lead"
    ACCEPTED = "accepted", "Accepted"
    CLOSED = "closed", "Closed with a hand-off"
    WITHDRAWN = "withdrawn", "Withdrawn"


WAITING = (RequestStatus.OPEN, RequestStatus.ESCALATED)
LIVE = (*WAITING, RequestStatus.ACCEPTED)


class CrisisRequest(models.Model):
    """An urgent ask for help; its content is for the requester, responder and lead only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="crisis_requests")
    requester = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="crisis_requests")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    need = models.TextField(validators=[MaxLengthValidator(MAX_NEED)])
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    escalated_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.OneToOneField(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="crisis_request"
    )
    planned_end_on = models.DateField(null=True, blank=True)
    hand_off = models.TextField(blank=True, help_text="Where the person goes next.")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "requester"],
                condition=Q(status__in=[s.value for s in LIVE]),
                name="crisis_one_live_request_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="crisis_request_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ACCEPTED)
                | Q(accepted_by__isnull=False, accepted_at__isnull=False),
                name="crisis_accepted_has_responder",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ESCALATED) | Q(escalated_at__isnull=False),
                name="crisis_escalated_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.CLOSED)
                | (~Q(hand_off="") & Q(closed_at__isnull=False)),
                name="crisis_closed_has_hand_off",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        # Never the content or the requester: this label goes into audit records.
        return f"Crisis request #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING
