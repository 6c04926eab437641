"""Matching pages: start and review match runs, matching settings, and a person's rankings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError, NotAllowed
from mentorhub.matching.access import get_match_run_for, get_own_enrollment_for, pair_in_run
from mentorhub.matching.forms import (
    AddPairForm,
    MatchingSettingsForm,
    PreferencesForm,
    StartRunForm,
    SwapForm,
)
from mentorhub.matching.models import MatchRun, Preference, RunStatus
from mentorhub.matching.publishing import Published
from mentorhub.matching.review import add_pair, forbid_pair, lock_pair, remove_pair, swap_mentors
from mentorhub.matching.selfservice import PREFERENCE_MODES, set_preferences, shortlist_for
from mentorhub.matching.services import (
    discard_match_run,
    publish_match_run,
    rerun_match_run,
    start_match_run,
)
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.services import update_matching_settings
from mentorhub.web import acting_person, apply_to_form, member_view, run_action


def _run_url(run: MatchRun) -> str:
    return reverse("match_run_detail", args=[run.pk])


@member_view
@require_POST
def run_start(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    form = StartRunForm(request.POST, program=program)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed matching methods.")
        return redirect("program_detail", program.pk)
    try:
        run = start_match_run(viewer, program, form.cleaned_data["method"])
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("program_detail", program.pk)
    messages.success(request, f"Match run #{run.pk} started.")
    return redirect(_run_url(run))


def _run_page(
    request: HttpRequest,
    run: MatchRun,
    swap_form: SwapForm | None = None,
    add_form: AddPairForm | None = None,
) -> HttpResponse:
    context: dict[str, object] = {"run": run, "program": run.program, "stats": run.stats}
    if run.status in (RunStatus.DRAFT, RunStatus.PUBLISHED):
        context["pairs"] = run.pairs.select_related(
            "mentee__person", "mentor__person", "mentorship"
        ).order_by("circle", "-score", "id")
        context["unmatched"] = run.unmatched.select_related("enrollment__person")
    if run.status == RunStatus.DRAFT:
        context["swap_form"] = swap_form or SwapForm(run=run)
        context["add_form"] = add_form or AddPairForm(program=run.program)
    return render(request, "matching/run_detail.html", context)


@member_view
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_page(request, get_match_run_for(acting_person(request), run_id))


@member_view
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx while the run is queued or running."""
    run = get_match_run_for(acting_person(request), run_id)
    response = render(request, "matching/_progress.html", {"run": run})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the whole draft, not just the bar
    return response


@member_view
@require_POST
def run_rerun(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    try:
        fresh = rerun_match_run(viewer, run)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_run_url(run))
    messages.success(request, f"Match run #{fresh.pk} started; #{run.pk} was set aside.")
    return redirect(_run_url(fresh))


@member_view
@require_POST
def run_discard(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    return run_action(
        request,
        lambda: discard_match_run(viewer, run),
        "Draft discarded; nobody was told.",
        reverse("program_detail", args=[run.program_id]),
    )


@member_view
@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    try:
        published = publish_match_run(viewer, run)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _published_message(published))
    return redirect(_run_url(run))


def _published_message(published: Published) -> str:
    if published.in_background:
        total = published.run.pairs.count()
        return f"Publishing {total:,} pairs in the background; this page shows the progress."
    skipped = len(published.skipped)
    return f"Published: {len(published.proposed)} proposals sent to both people" + (
        f"; {skipped} pairs skipped (reasons below)." if skipped else "."
    )


def _pair_action(request: HttpRequest, run_id: int, pair_id: int, kind: str) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    pair = pair_in_run(run, pair_id)
    names = f"{pair.mentee.person.full_name} and {pair.mentor.person.full_name}"
    actions = {
        "remove": (lambda: remove_pair(viewer, pair), f"Removed {names} from the draft."),
        "lock": (lambda: lock_pair(viewer, pair), f"Locked {names}: every later run keeps them."),
        "forbid": (lambda: forbid_pair(viewer, pair), f"{names} will never be paired again."),
    }
    action, success = actions[kind]
    return run_action(request, action, success, _run_url(run))


@member_view
@require_POST
def pair_remove(request: HttpRequest, run_id: int, pair_id: int) -> HttpResponse:
    return _pair_action(request, run_id, pair_id, "remove")


@member_view
@require_POST
def pair_lock(request: HttpRequest, run_id: int, pair_id: int) -> HttpResponse:
    return _pair_action(request, run_id, pair_id, "lock")


@member_view
@require_POST
def pair_forbid(request: HttpRequest, run_id: int, pair_id: int) -> HttpResponse:
    return _pair_action(request, run_id, pair_id, "forbid")


@member_view
@require_POST
def run_swap(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    form = SwapForm(request.POST, run=run)
    if run.status == RunStatus.DRAFT and form.is_valid():
        try:
            swap_mentors(viewer, form.cleaned_data["pair_a"], form.cleaned_data["pair_b"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Mentors swapped.")
            return redirect(_run_url(run))
    elif run.status != RunStatus.DRAFT:
        messages.error(request, f"Only a draft can be changed; this run is {run.status}.")
        return redirect(_run_url(run))
    return _run_page(request, run, swap_form=form)


@member_view
@require_POST
def run_add_pair(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = acting_person(request)
    run = get_match_run_for(viewer, run_id)
    form = AddPairForm(request.POST, program=run.program)
    if run.status == RunStatus.DRAFT and form.is_valid():
        mentee, mentor = form.cleaned_data["mentee"], form.cleaned_data["mentor"]
        try:
            add_pair(viewer, run, mentee, mentor)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, f"Paired {mentee.person} with {mentor.person}.")
            return redirect(_run_url(run))
    elif run.status != RunStatus.DRAFT:
        messages.error(request, f"Only a draft can be changed; this run is {run.status}.")
        return redirect(_run_url(run))
    return _run_page(request, run, add_form=form)


@member_view
def program_settings(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    form = MatchingSettingsForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            update_matching_settings(viewer, program, form.settings_fields())
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Matching settings saved.")
            return redirect("program_detail", program.pk)
    return render(request, "matching/settings.html", {"program": program, "form": form})


@member_view
def enrollment_preferences(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_own_enrollment_for(viewer, enrollment_id)
    program = enrollment.program
    if program.matching_mode not in PREFERENCE_MODES:
        messages.error(request, f"{program.name} does not collect rankings.")
        return redirect("program_detail", program.pk)
    shortlist = shortlist_for(viewer, enrollment)
    current = {
        f"rank_{p.ranked_id}": p.rank for p in Preference.objects.filter(enrollment=enrollment)
    }
    form = PreferencesForm(request.POST or None, initial=current, candidates=shortlist.candidates)
    if request.method == "POST" and form.is_valid():
        try:
            set_preferences(viewer, enrollment, form.ranked_ids())
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Your ranking is saved.")
            return redirect("program_detail", program.pk)
    context = {"enrollment": enrollment, "program": program, "form": form, "note": shortlist.note}
    return render(request, "matching/preferences.html", context)
