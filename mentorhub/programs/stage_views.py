"""The structure page: a structured program's managers write its stages as one outline."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError
from mentorhub.mentorships.goals import apply_stages_to_running, missing_stage_goals
from mentorhub.programs.access import get_managed_program_for
from mentorhub.programs.models import MAX_STAGE_WEEKS, MAX_STAGES
from mentorhub.programs.stage_forms import (
    StructureForm,
    keep_goal_descriptions,
    structure_outline,
)
from mentorhub.programs.stages import set_stages, stage_spans, stages_of
from mentorhub.web import acting_person, apply_to_form, member_view, run_action


@member_view
def program_structure(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    if not program.approach_rules.structured:
        raise Http404("This program's approach does not run in stages.")
    stages = list(stages_of(program))
    form = StructureForm(request.POST or None, initial={"stages": structure_outline(stages)})
    if request.method == "POST" and form.is_valid():
        plans = form.cleaned_data["stages"]
        keep_goal_descriptions(plans, stages)
        try:
            saved = set_stages(viewer, program, plans)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            weeks = sum(s.weeks for s in saved)
            messages.success(
                request,
                f"Saved {len(saved)} stage{'s' if len(saved) != 1 else ''} ({weeks} weeks); "
                "mentorships that start from now on get their goals; running ones get "
                "them when you add the stage goals to them.",
            )
            return redirect(reverse("program_detail", args=[program.pk]) + "#structure")
    context = {
        "program": program,
        "form": form,
        "spans": stage_spans(stages),
        "max_stages": MAX_STAGES,
        "max_weeks": MAX_STAGE_WEEKS,
        "lacking": len(missing_stage_goals(program, stages)) if stages else 0,
    }
    return render(request, "programs/structure.html", context)


@member_view
@require_POST
def program_structure_apply(request: HttpRequest, program_id: int) -> HttpResponse:
    """Add the stage goals to the program's running mentorships that lack some."""
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    if not program.approach_rules.structured:
        raise Http404("This program's approach does not run in stages.")
    return run_action(
        request,
        lambda: apply_stages_to_running(viewer, program),
        lambda added: added_message(*added),
        reverse("program_detail", args=[program.pk]) + "#structure",
    )


def added_message(goals: int, mentorships: int) -> str:
    """What adding the stage goals to running mentorships did, in words."""
    if not goals:
        return "No running mentorship lacks any of the stage goals; nothing was added."
    return (
        f"Added {goals} stage goal{'s' if goals != 1 else ''} to {mentorships} running "
        f"mentorship{'s' if mentorships != 1 else ''}, due by each one's own start."
    )
