"""Flash mentoring pages: describe a challenge, see who can help, ask, agree, resolve."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError, InvalidInput, NotAllowed
from mentorhub.flash.access import get_challenge_for, get_slot_for
from mentorhub.flash.forms import BookForm, ChallengeForm, OutcomeForm, SlotForm, TermsForm
from mentorhub.flash.helpers import helpers_for
from mentorhub.flash.models import Challenge
from mentorhub.flash.panels import challenge_view
from mentorhub.flash.services import (
    agree_terms,
    ask_for_help,
    describe_challenge,
    drop_challenge,
    mentee_enrollment,
    propose_terms,
    resolve_challenge,
)
from mentorhub.flash.slots import book_slot, mentor_enrollment, publish_slot, withdraw_slot
from mentorhub.mentorships.models import LIVE_STATUSES, Member, Status
from mentorhub.programs.access import get_program_for
from mentorhub.web import (
    acting_person,
    first_error,
    member_view,
    query_id,
    run_action,
    run_form_action,
)

_MEMBERS = Prefetch("mentorship__members", queryset=Member.objects.select_related("person"))


def _challenge(request: HttpRequest, challenge_id: int) -> Challenge:
    found = get_challenge_for(acting_person(request), challenge_id)
    return (
        Challenge.objects.select_related("program", "asker", "terms_by", "mentorship")
        .prefetch_related(_MEMBERS)
        .get(pk=found.pk)
    )


def _back(challenge: Challenge) -> str:
    return reverse("challenge_detail", args=[challenge.pk])


@member_view
def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    challenge = _challenge(request, challenge_id)
    mentorship = challenge.mentorship
    live = mentorship if mentorship and mentorship.status in LIVE_STATUSES else None
    asking = challenge.asker_id == viewer.pk and not challenge.is_closed
    context: dict[str, object] = {
        "view": challenge_view(viewer, challenge),
        "can_drop": asking and (live is None or live.status != Status.ACTIVE),
        "helpers": None,
    }
    if asking and live is None:
        try:
            context["helpers"] = helpers_for(viewer, challenge)
        except DomainError as exc:
            context["helpers"], context["helpers_note"] = [], exc.message
    elif asking and live is not None and live.status != Status.ACTIVE:
        others = [m.person.full_name for m in live.members.all() if m.person_id != viewer.pk]
        context["waiting_on"] = ", ".join(others)
    return render(request, "flash/detail.html", context)


@member_view
@require_POST
def challenge_new(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_program_for(viewer, program_id)
    back = reverse("program_detail", args=[program.pk])
    form = ChallengeForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    try:
        enrollment = mentee_enrollment(viewer, program)
        challenge = describe_challenge(viewer, enrollment, **form.cleaned_data)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, "Challenge written down; here is who can help now.")
    return redirect(_back(challenge))


def _form_action(
    request: HttpRequest,
    challenge_id: int,
    form_class: type[Form],
    action: Callable[..., object],
    done: str,
) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    return run_form_action(
        request,
        form_class(request.POST),
        lambda data: action(challenge, **data),
        done,
        _back(challenge),
    )


@member_view
@require_POST
def challenge_ask(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    challenge = _challenge(request, challenge_id)
    mentor = query_id(request.POST.get("mentor"))

    def ask() -> None:
        if mentor is None:
            raise InvalidInput("Choose whom to ask.", {"mentor": ["Choose a mentor."]})
        ask_for_help(viewer, challenge, mentor)

    return run_action(request, ask, "Asked; they have been told.", _back(challenge))


@member_view
@require_POST
def challenge_terms(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    return _form_action(
        request,
        challenge_id,
        TermsForm,
        lambda c, **terms: propose_terms(viewer, c, **terms),
        "Terms proposed; the other member confirms them.",
    )


@member_view
@require_POST
def challenge_agree(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    challenge = _challenge(request, challenge_id)
    return run_action(
        request,
        lambda: agree_terms(viewer, challenge),
        "Agreed; the time box has started.",
        _back(challenge),
    )


@member_view
@require_POST
def challenge_resolve(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    return _form_action(
        request,
        challenge_id,
        OutcomeForm,
        lambda c, outcome: resolve_challenge(viewer, c, outcome),
        "Thank you; the outcome is recorded.",
    )


@member_view
@require_POST
def challenge_drop(request: HttpRequest, challenge_id: int) -> HttpResponse:
    viewer = acting_person(request)
    challenge = _challenge(request, challenge_id)
    return run_action(
        request, lambda: drop_challenge(viewer, challenge), "Challenge dropped.", _back(challenge)
    )


@member_view
@require_POST
def slot_new(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_program_for(viewer, program_id)
    back = reverse("program_detail", args=[program.pk]) + "#slots"
    return run_form_action(
        request,
        SlotForm(request.POST),
        lambda data: publish_slot(viewer, mentor_enrollment(viewer, program), **data),
        "Slot offered; mentees can book it now.",
        back,
    )


@member_view
@require_POST
def slot_book(request: HttpRequest, slot_id: int) -> HttpResponse:
    viewer = acting_person(request)
    slot = get_slot_for(viewer, slot_id)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(reverse("program_detail", args=[slot.program_id]) + "#book")
    try:
        challenge = book_slot(viewer, slot, form.cleaned_data["topic"])
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("program_detail", args=[slot.program_id]) + "#book")
    messages.success(request, "Booked; the meeting is in both your calendars.")
    return redirect(_back(challenge))


@member_view
@require_POST
def slot_withdraw(request: HttpRequest, slot_id: int) -> HttpResponse:
    viewer = acting_person(request)
    slot = get_slot_for(viewer, slot_id)
    back = reverse("program_detail", args=[slot.program_id]) + "#slots"
    return run_action(request, lambda: withdraw_slot(viewer, slot), "Slot withdrawn.", back)
