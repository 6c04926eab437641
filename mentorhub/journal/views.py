"""Personal development pages: the reflection journal, and wellbeing answers of a check-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentorhub.errors import DomainError
from mentorhub.journal import services
from mentorhub.journal.access import (
    entries_for,
    get_own_entry_for,
    get_personal_mentorship_for,
    get_wellbeing_checkin_for,
)
from mentorhub.journal.forms import EntryForm, WellbeingForm
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.web import acting_person, apply_to_form, member_view, run_action, run_form_action

MAX_LISTED = 200


def _journal_url(mentorship_id: int) -> str:
    return reverse("journal", args=[mentorship_id])


def _page(
    request: HttpRequest, mentorship: Mentorship, form: EntryForm | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    mentee = any(
        m.person_id == viewer.pk and m.role == EnrollmentRole.MENTEE
        for m in mentorship.members.all()
    )
    context = {
        "mentorship": mentorship,
        "entries": list(entries_for(viewer, mentorship)[:MAX_LISTED]),
        "form": (form or EntryForm()) if mentee and mentorship.status == Status.ACTIVE else None,
        "viewer": viewer,
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "journal/journal.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def journal(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_personal_mentorship_for(viewer, mentorship_id)
    if request.method != "POST":
        return _page(request, mentorship)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.write_entry(viewer, mentorship, form.cleaned_data["body"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Saved. It is private to you until you share it.")
            return redirect(_journal_url(mentorship.pk))
    return _page(request, mentorship, form)


@member_view
@require_POST
def entry_share(request: HttpRequest, entry_id: int) -> HttpResponse:
    viewer = acting_person(request)
    entry = get_own_entry_for(viewer, entry_id)
    return run_action(
        request,
        lambda: services.share_entry(viewer, entry),
        "Shared with your mentor.",
        _journal_url(entry.mentorship_id),
    )


@member_view
@require_POST
def entry_unshare(request: HttpRequest, entry_id: int) -> HttpResponse:
    viewer = acting_person(request)
    entry = get_own_entry_for(viewer, entry_id)
    return run_action(
        request,
        lambda: services.unshare_entry(viewer, entry),
        "Private again.",
        _journal_url(entry.mentorship_id),
    )


@member_view
@require_POST
def wellbeing_answer(request: HttpRequest, checkin_id: int) -> HttpResponse:
    viewer = acting_person(request)
    checkin = get_wellbeing_checkin_for(viewer, checkin_id)
    back = reverse("mentorship_checkins", args=[checkin.mentorship_id])
    return run_form_action(
        request,
        WellbeingForm(request.POST),
        lambda data: services.answer_wellbeing(
            viewer, checkin, data["energy"], data["stress"], data["balance"]
        ),
        "Thank you: your wellbeing answers are saved (for you and your mentorship only).",
        back,
        refusal="Answer energy, stress and balance, each from 1 to 5.",
    )
