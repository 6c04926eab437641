"""Sign-in and invitation forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from mentorhub.accounts import throttle
from mentorhub.accounts.models import hash_token
from mentorhub.notify import email_address


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        # Emails are stored lowercased; people type them however they like. Throttling then
        # counts every spelling of one address together.
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        if email and throttle.is_locked(email):
            raise forms.ValidationError(
                f"Too many failed sign-ins for {email}. Wait {settings.SIGNIN_LOCK_MINUTES} "
                "minutes, or reset your password.",
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                throttle.note_failure(email)
            raise
        throttle.clear(email)
        return cleaned


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """The new password from a reset link, set through the domain action (audited)."""

    def save(self, commit: bool = True) -> Any:
        from mentorhub.people.services import reset_password

        reset_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class JoinForm(SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password when accepting an invitation (validated by the password validators)."""


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. “HR sync”.")


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email leaves through the task queue like every other."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The link is in the queued task until the worker sends it, as with invitations.
        fields = ("email", "domain", "protocol", "uid", "token")
        email_address(
            to_email,
            "password_reset",
            {field: context[field] for field in fields},
            # The key outlives the email: it names the token by a hash, never the token.
            key=f"password_reset:{context['uid']}:{hash_token(context['token'])[:32]}",
            secret=("token",),
        )
