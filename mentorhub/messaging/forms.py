"""The form under a thread: one message."""

from __future__ import annotations

from django import forms

from mentorhub.messaging.models import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message…"}),
        error_messages={
            "required": "Write something first.",
            "max_length": f"A message can be at most {MAX_BODY:,} characters.",
        },
    )
