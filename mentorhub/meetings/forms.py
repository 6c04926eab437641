"""Forms for scheduling meetings and writing notes; times are read in the viewer's zone."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorhub.meetings.models import Frequency
from mentorhub.meetings.services import MeetingPlan

VIDEO_CHOICES = [
    ("none", "No video (meet in person or by phone)"),
    ("generate", "Generate a video room link"),
    ("link", "Use my own link (Zoom, Teams…)"),
]


class ScheduleForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Mentoring session")
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your time zone.",
    )
    duration_minutes = forms.IntegerField(label="Minutes", min_value=5, max_value=1440, initial=60)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    location = forms.CharField(max_length=300, required=False)
    video = forms.ChoiceField(choices=VIDEO_CHOICES, initial="generate")
    video_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    frequency = forms.ChoiceField(
        choices=[("", "Just once"), *Frequency.choices], required=False, label="Repeats"
    )
    count = forms.IntegerField(min_value=1, max_value=52, required=False, label="How many times")
    until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Or until"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("video") == "link" and not data.get("video_url"):
            self.add_error("video_url", "Paste the meeting link, or choose another option.")
        return data

    def plan(self) -> MeetingPlan:
        data = self.cleaned_data
        return MeetingPlan(
            title=data["title"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            agenda=data["agenda"],
            location=data["location"],
            video_url=data["video_url"] if data["video"] == "link" else "",
            generate_video=data["video"] == "generate",
            frequency=data["frequency"],
            count=data["count"],
            until=data["until"],
        )


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    private = forms.BooleanField(required=False, label="Private (only you will see it)")


class RescheduleForm(forms.Form):
    """Change a scheduled meeting; every member is sent an updated invitation."""

    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your time zone.",
    )
    duration_minutes = forms.IntegerField(label="Minutes", min_value=5, max_value=1440)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    location = forms.CharField(max_length=300, required=False)
    video_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

    @classmethod
    def for_meeting(cls, meeting: Any, prefix: str | None = None) -> RescheduleForm:
        return cls(initial={f: getattr(meeting, f) for f in cls.base_fields}, prefix=prefix)

    def changes_to(self, meeting: Any) -> dict[str, Any]:
        """Only what differs from the meeting: a series edit changes nothing else."""
        return {f: v for f, v in self.cleaned_data.items() if v != getattr(meeting, f)}
