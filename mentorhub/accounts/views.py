"""Dashboard, invitations, organization switching and API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorhub.accounts.dashboard import dashboard_for
from mentorhub.accounts.forms import ApiTokenForm, JoinForm
from mentorhub.accounts.models import ApiToken, User
from mentorhub.errors import DomainError
from mentorhub.people.middleware import SESSION_KEY
from mentorhub.people.models import Person
from mentorhub.people.services import (
    accept_invitation,
    create_api_token,
    invitation_for_token,
    revoke_api_token,
)
from mentorhub.web import acting_person, member_view


@member_view
def dashboard(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    return render(request, "accounts/dashboard.html", dashboard_for(person))


def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    user = invitation.person.user
    needs_password = not user.has_usable_password()
    form = JoinForm(user, request.POST or None) if needs_password else None
    if request.method == "POST" and (form is None or form.is_valid()):
        password = form.cleaned_data["new_password1"] if form else None
        try:
            person = accept_invitation(invitation, password)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("login")
        person.user.refresh_from_db()
        login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_KEY] = person.pk
        messages.success(request, f"Welcome to {person.organization.name}!")
        return redirect("profile_edit")
    return render(request, "accounts/invitation.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def switch_organization(request: HttpRequest, person_id: int) -> HttpResponse:
    person = Person.objects.filter(
        pk=person_id, user=cast(User, request.user), is_active=True
    ).first()
    if person is None:
        raise Http404("No such organization membership.")
    request.session[SESSION_KEY] = person.pk
    return redirect("dashboard")


@member_view
def api_tokens(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_secret = create_api_token(person, form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(person=person)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@member_view
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    person = acting_person(request)
    token = get_object_or_404(ApiToken, pk=token_id, person=person)
    revoke_api_token(person, token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api_tokens")
