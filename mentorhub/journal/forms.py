"""Forms of personal development: a reflection, and the wellbeing questions of a check-in."""

from __future__ import annotations

from django import forms

from mentorhub.journal.models import MAX_ENTRY

SCALE = [(n, str(n)) for n in range(1, 6)]


class EntryForm(forms.Form):
    body = forms.CharField(
        label="Reflection",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_ENTRY,
        help_text="Private to you. You can share an entry with your mentor afterwards.",
    )


class WellbeingForm(forms.Form):
    energy = forms.TypedChoiceField(
        choices=SCALE, coerce=int, label="Energy", help_text="1 drained … 5 full of energy"
    )
    stress = forms.TypedChoiceField(
        choices=SCALE, coerce=int, label="Stress", help_text="1 calm … 5 very stressed"
    )
    balance = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        label="Balance",
        help_text="1 work takes everything … 5 well balanced",
    )
