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
MAX_REASON = 500


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
    on_call = models.BooleanField(
        default=False, help_text="On call now, whatever the hours say, until switched off."
    )
    away_through = models.DateField(
        null=True, blank=True, help_text="The last day away (in their time zone): hours pause."
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="responder_once_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.person} responds in {self.program}"


class OnCallHours(models.Model):
    """A weekly slot of a responder's rota, in the responder's own time zone.

    A slot that ends at or before its start runs past midnight into the next day (22:00–02:00);
    one that ends when it starts lasts 24 hours.
    """

    responder = models.ForeignKey(Responder, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday, 6 is Sunday.")
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts_at", "id"]
        verbose_name_plural = "on-call hours"
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="on_call_hours_weekday"),
            models.UniqueConstraint(
                fields=["responder", "weekday", "starts_at"], name="on_call_hours_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


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
    # RESTRICT, not SET_NULL: an accepted request must keep its responder (a constraint), and
    # deleting a whole organization still cascades through its requests.
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.OneToOneField(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="crisis_request"
    )
    planned_end_on = models.DateField(null=True, blank=True)
    hand_off = models.TextField(blank=True, help_text="Where the person goes next.")
    closed_at = models.DateTimeField(null=True, blank=True)
    # The planned end each reminder was sent for: extending the end re-arms all three.
    end_reminded_for = models.DateField(null=True, blank=True)
    past_end_reminded_for = models.DateField(null=True, blank=True)
    lead_told_for = models.DateField(null=True, blank=True)

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


class PlannedEndChange(models.Model):
    """A responder or the lead moved a crisis mentorship's planned end, and why."""

    request = models.ForeignKey(
        CrisisRequest, on_delete=models.CASCADE, related_name="planned_end_changes"
    )
    changed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_date = models.DateField()
    to_date = models.DateField()
    reason = models.CharField(max_length=MAX_REASON)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__gt=models.F("from_date")), name="planned_end_moves_later"
            )
        ]

    def __str__(self) -> str:
        return f"Planned end of crisis request #{self.request_id} moved to {self.to_date}"
