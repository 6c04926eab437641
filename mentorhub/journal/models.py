"""Personal development mentoring: the mentee's private reflection journal and wellbeing."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.feedback.models import CheckIn
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person

MAX_ENTRY = 20_000


class JournalEntry(models.Model):
    """A reflection, private to its author until they share it with the other members.

    Nobody else ever reads it: not managers, not admins, not emails, not the audit trail.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="journal_entries"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="journal_entries")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["mentorship", "author", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="journal_entry_not_empty"),
        ]

    def __str__(self) -> str:
        # Never the text: this label lands in audit records.
        return f"Journal entry #{self.pk}"

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


class WellbeingAnswer(models.Model):
    """A member's answers to a check-in's wellbeing questions, each from 1 to 5."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="wellbeing")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wellbeing_answers")
    energy = models.PositiveSmallIntegerField(help_text="1 drained … 5 full of energy")
    stress = models.PositiveSmallIntegerField(help_text="1 calm … 5 very stressed")
    balance = models.PositiveSmallIntegerField(help_text="1 work takes everything … 5 balanced")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "person"], name="wellbeing_answer_once"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"wellbeing_{f}_1_to_5"
                )
                for f in ("energy", "stress", "balance")
            ),
        ]

    def __str__(self) -> str:
        return f"Wellbeing answer #{self.pk}"
