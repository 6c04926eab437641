"""The email preferences form: one checkbox per category."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorhub.notifications.models import Category


class EmailPreferencesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.BooleanField(label=category.label, required=False)
