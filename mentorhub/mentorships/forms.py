"""Forms for answering and closing mentorships."""

from __future__ import annotations

from django import forms

from mentorhub.mentorships.models import ClosureMode, DeclineReason


class DeclineForm(forms.Form):
    reason_code = forms.ChoiceField(
        choices=[("", "Choose a reason…"), *DeclineReason.choices], label="Why do you decline?"
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything to add?",
        help_text="Shared with the other side and the program manager.",
    )


class CloseForm(forms.Form):
    mode = forms.ChoiceField(
        choices=[("", "Choose…"), *ClosureMode.choices], label="How is it ending?"
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why? (optional)",
    )
