"""Which emails were sent (one row per email key) and which categories each person wants."""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.people.models import Person


class Category(models.TextChoices):
    """What a person can switch off; account emails are not here because they always go."""

    MENTORSHIPS = "mentorships", "Mentorship requests, proposals and changes"
    MEETINGS = "meetings", "Meeting invitations and reminders"
    MESSAGES = "messages", "New messages"
    CHECKINS = "checkins", "Check-ins and feedback"
    NUDGES = "nudges", "Nudges about quiet mentorships"
    NEWS = "news", "Program news"


ACCOUNT = "account"  # invitations and password resets: a person cannot opt out of them

# Exact template names first, then by prefix: a new template gets a category by its name,
# and one that fits none is refused when it is queued, so nobody forgets to decide.
CATEGORY_OF_EMAIL = {"invitation": ACCOUNT, "password_reset": ACCOUNT}
# Crisis routing and escalation always go: a responder or lead who switched off
# "mentorships" must still hear that someone needs urgent help (see docs/approaches/crisis.md).
CATEGORY_OF_EMAIL |= {
    name: ACCOUNT
    for name in ("crisis_waiting", "crisis_escalated", "crisis_assigned", "crisis_accepted")
}
# Reminders around a crisis mentorship's planned end: it is never closed silently.
CATEGORY_OF_EMAIL |= {
    name: ACCOUNT for name in ("crisis_ending_soon", "crisis_past_end", "crisis_past_end_lead")
}
CATEGORY_OF_PREFIX = {
    "mentorship_": Category.MENTORSHIPS,
    "meeting_": Category.MEETINGS,
    "reminder_": Category.MEETINGS,
    "message_": Category.MESSAGES,
    "checkin_": Category.CHECKINS,
    "feedback_": Category.CHECKINS,
    "nudge_": Category.NUDGES,
    "program_": Category.NEWS,
    "introduction_": Category.MENTORSHIPS,
    "application_": Category.MENTORSHIPS,  # a formal program approved or declined you
}


def category_of(email_name: str) -> str:
    if email_name in CATEGORY_OF_EMAIL:
        return CATEGORY_OF_EMAIL[email_name]
    for prefix, category in CATEGORY_OF_PREFIX.items():
        if email_name.startswith(prefix):
            return category
    raise ValueError(f"The email {email_name!r} has no category; add it in notifications.")


KEY_LENGTH = 255


def stored_key(key: str) -> str:
    """The key as stored: a long key keeps its readable start and ends in its own hash.

    Cutting a long key would make two different emails that share the first 255
    characters one email; the hash keeps them apart.
    """
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"{key[: KEY_LENGTH - len(digest) - 8]}:sha256={digest}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"  # switched off, person gone or deactivated


class SentEmail(models.Model):
    """One email, by its key: the unique key is what makes a repeat or a retry a no-op."""

    key = models.CharField(max_length=KEY_LENGTH, unique=True)
    name = models.CharField(max_length=100, help_text="The template under templates/email/.")
    to = models.EmailField()
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="sent_email_status_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class EmailPreference(models.Model):
    """A category a person chose; no row means the category is on."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="email_preferences")
    category = models.CharField(max_length=20, choices=Category.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "category"], name="one_choice_per_category"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="email_category_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.category}={'on' if self.enabled else 'off'}"
