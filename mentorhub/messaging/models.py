"""A mentorship's conversation: its messages, and how far each member has read."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person

MAX_BODY = 5000  # characters in one message


class Message(models.Model):
    """Plain text, shown escaped with links made clickable; never stored or shown as HTML."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages_written")
    body = models.TextField(max_length=MAX_BODY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="message_not_empty")]
        indexes = [models.Index(fields=["mentorship", "id"])]

    def __str__(self) -> str:
        return f"Message #{self.pk} in mentorship #{self.mentorship_id}"


class ReadMark(models.Model):
    """The newest message a member has read in a mentorship; what is after it is unread."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="read_marks")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="read_marks")
    last_read_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "mentorship"], name="read_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} read #{self.mentorship_id} up to {self.last_read_id}"
