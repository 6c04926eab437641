"""Forms of flash mentoring: describe a challenge, write its terms, answer the one question."""

from __future__ import annotations

from django import forms

from mentorhub.flash.models import (
    DEFAULT_TIME_BOX,
    MAX_SLOT,
    MAX_TERMS,
    MAX_TIME_BOX,
    MIN_SLOT,
    MIN_TIME_BOX,
    Outcome,
)
from mentorhub.people.validators import LONG_TEXT


class ChallengeForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Your challenge, in a line",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Prepare for my promotion panel"}),
    )
    description = forms.CharField(
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What makes it hard, and by when. Only you and your helper read this.",
    )
    time_box_days = forms.IntegerField(
        label="Time box (days)",
        min_value=MIN_TIME_BOX,
        max_value=MAX_TIME_BOX,
        initial=DEFAULT_TIME_BOX,
        help_text="From agreeing the scope to the end, at most 60 days.",
    )


class TermsForm(forms.Form):
    scope = forms.CharField(
        max_length=MAX_TERMS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the help covers (and what it does not).",
    )
    end_condition = forms.CharField(
        max_length=MAX_TERMS,
        label="Done when",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How you will both know the challenge is resolved.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        label="Did you get what you needed?",
    )


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your time zone.",
    )
    duration_minutes = forms.IntegerField(
        label="Minutes", min_value=MIN_SLOT, max_value=MAX_SLOT, initial=45
    )


class BookForm(forms.Form):
    topic = forms.CharField(
        max_length=200,
        label="What do you want to talk about?",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Feedback on my conference abstract"}),
    )
