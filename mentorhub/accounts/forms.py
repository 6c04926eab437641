"""Sign-in and invitation forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class JoinForm(SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password when accepting an invitation (validated by the password validators)."""


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. “HR sync”.")
