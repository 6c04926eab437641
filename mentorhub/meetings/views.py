"""Meeting pages: a mentorship's meetings (schedule, propose times), one meeting, the feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentorhub.errors import DomainError
from mentorhub.feedback.reports import meeting_feedback_state
from mentorhub.meetings.access import get_meeting_for, is_member, meetings_of, notes_for
from mentorhub.meetings.forms import NoteForm, RescheduleForm, ScheduleForm
from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.meetings.proposals import proposed_for
from mentorhub.meetings.series import cancel_series_from, edit_series, series_of
from mentorhub.meetings.services import (
    add_meeting_note,
    cancel_meeting,
    mark_meeting_held,
    schedule_meeting,
    update_meeting,
)
from mentorhub.mentorships.access import MEMBERS, get_mentorship_for
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.web import acting_person, apply_to_form, member_view, run_action, run_form_action

MAX_LISTED = 200  # per list (upcoming, past): a page stays bounded whatever the history
SERIES = "series"  # the prefix of the "this and following" form, beside the one-meeting form


def _mentorship(request: HttpRequest, mentorship_id: int) -> Mentorship:
    found = get_mentorship_for(acting_person(request), mentorship_id)
    return (
        Mentorship.objects.select_related("program", "program__organization")
        .prefetch_related(MEMBERS)
        .get(pk=found.pk)
    )


def _page(
    request: HttpRequest, mentorship: Mentorship, form: ScheduleForm | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    member = is_member(viewer, mentorship)
    now = timezone.now()
    meetings = meetings_of(mentorship)
    context = {
        "mentorship": mentorship,
        "member": member,
        "upcoming": list(meetings.filter(starts_at__gte=now)[:MAX_LISTED]),
        "past": list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:MAX_LISTED]),
        "held_count": meetings.filter(status=MeetingStatus.HELD).count(),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    if member and mentorship.status == Status.ACTIVE:
        minutes = form.data.get("duration_minutes") if form and form.is_bound else None
        initial = {"starts_at": request.GET.get("start")} if request.GET.get("start") else {}
        context["form"] = form or ScheduleForm(initial=initial)
        context["proposed"] = proposed_for(mentorship, _minutes(minutes), now)
    return render(request, "meetings/list.html", context)


def _minutes(raw: object) -> int:
    try:
        return max(15, min(int(str(raw)), 240))
    except (TypeError, ValueError):
        return 60


@member_view
@require_http_methods(["GET", "POST"])
def mentorship_meetings(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = _mentorship(request, mentorship_id)
    if request.method != "POST":
        return _page(request, mentorship)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            scheduled = schedule_meeting(acting_person(request), mentorship, form.plan())
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            noun = "meeting" if len(scheduled) == 1 else f"{len(scheduled)} meetings"
            messages.success(request, f"Scheduled the {noun}; everyone has been invited.")
            return redirect(reverse("mentorship_meetings", args=[mentorship.pk]))
    return _page(request, mentorship, form)


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    edit_form: RescheduleForm | None = None,
    series_form: RescheduleForm | None = None,
) -> HttpResponse:
    viewer = acting_person(request)
    context = {
        "meeting": meeting,
        "notes": notes_for(viewer, meeting),
        "note_form": NoteForm(),
        "edit_form": edit_form or RescheduleForm.for_meeting(meeting),
        "series_form": series_form or RescheduleForm.for_meeting(meeting, prefix=SERIES),
        "feedback": meeting_feedback_state(viewer, meeting),
        "viewer_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "meetings/detail.html", context)


@member_view
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, get_meeting_for(acting_person(request), meeting_id))


@member_view
@require_POST
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            update_meeting(viewer, meeting, **form.cleaned_data)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Changed; everyone has been sent the update.")
            return redirect(_back(meeting.pk))
    return _detail(request, meeting, form)


def _back(meeting_id: int) -> str:
    return reverse("meeting_detail", args=[meeting_id])


@member_view
@require_POST
def meeting_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    return run_form_action(
        request,
        NoteForm(request.POST),
        lambda data: add_meeting_note(viewer, meeting, data["body"], data["private"]),
        "Note saved.",
        _back(meeting.pk),
        refusal="Write a note first (at most 20,000 characters).",
    )


@member_view
@require_POST
def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    return run_action(
        request, lambda: mark_meeting_held(viewer, meeting), "Recorded as held.", _back(meeting.pk)
    )


@member_view
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    return run_action(
        request,
        lambda: cancel_meeting(viewer, meeting),
        "Cancelled; everyone has been sent a cancellation.",
        _back(meeting.pk),
    )


@member_view
@require_POST
def meeting_series_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Change this meeting and every later one of its series: one update email for all."""
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    form = RescheduleForm(request.POST, prefix=SERIES)
    if form.is_valid():
        try:
            changed = edit_series(viewer, series_of(meeting), form.changes_to(meeting), meeting)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(
                request, f"Changed {len(changed)} meetings; everyone has been sent the update."
            )
            return redirect(_back(meeting.pk))
    return _detail(request, meeting, series_form=form)


@member_view
@require_POST
def meeting_series_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = acting_person(request)
    meeting = get_meeting_for(viewer, meeting_id)
    return run_action(
        request,
        lambda: cancel_series_from(viewer, series_of(meeting), meeting),
        "Cancelled this and every later meeting of the series; everyone has been told.",
        _back(meeting.pk),
    )
