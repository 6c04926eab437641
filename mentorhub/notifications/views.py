"""The page where a person chooses which emails they get."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentorhub.notifications.forms import EmailPreferencesForm
from mentorhub.notifications.services import email_choices, set_email_choices
from mentorhub.web import acting_person, member_view


@member_view
def email_preferences(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            set_email_choices(person, form.cleaned_data)
            messages.success(request, "Email preferences saved.")
            return redirect("email_preferences")
    else:
        form = EmailPreferencesForm(initial=email_choices(person))
    return render(request, "notifications/preferences.html", {"form": form})
