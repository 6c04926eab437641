"""Program pages: list, create and edit, enrollment, and hand pairing by managers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError
from mentorhub.matching.forms import StartRunForm
from mentorhub.matching.selfservice import PREFERENCE_MODES, suggestions_for
from mentorhub.mentorships.access import MEMBERS
from mentorhub.mentorships.services import (
    REQUEST_MODES,
    propose_mentorship,
    request_mentorship,
)
from mentorhub.people.models import Person
from mentorhub.programs.access import (
    can_manage,
    get_enrollment_for,
    get_managed_program_for,
    get_program_for,
    visible_programs,
)
from mentorhub.programs.applications import takes_enrollments
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.exports import paired_enrollment_ids, write_enrollments_csv
from mentorhub.programs.forms import (
    EnrollForm,
    EnrollmentEditForm,
    PairForm,
    ProgramForm,
    pop_answers,
    pop_application_answers,
)
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program
from mentorhub.programs.services import (
    create_program,
    enroll,
    record_screening,
    set_managers,
    set_program_status,
    update_enrollment,
    update_program,
    withdraw_enrollment,
)
from mentorhub.programs.stages import PROGRAM_WIDE_RESOURCES
from mentorhub.web import acting_person, apply_to_form, member_view, run_action


@member_view
def program_list(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    programs = visible_programs(viewer).order_by("status", "name")
    mine = set(
        Enrollment.objects.filter(person=viewer, status=EnrollmentStatus.ACTIVE).values_list(
            "program_id", flat=True
        )
    )
    return render(request, "programs/list.html", {"programs": programs, "mine": mine})


@member_view
def program_create(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    if not viewer.can_create_programs:
        raise PermissionDenied("Only org admins and program managers can create programs.")
    form = ProgramForm(request.POST or None, editor=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            program = create_program(
                viewer,
                form.program_fields(),
                managers=list(form.cleaned_data.get("managers") or []),
                resources=form.cleaned_data["resources"],
            )
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(
                request, f"{program.name} created as a draft. Open enrollment when ready."
            )
            return redirect("program_detail", program.pk)
    return render(request, "programs/form.html", {"form": form, "program": None})


@member_view
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    form = ProgramForm(request.POST or None, instance=program, editor=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                update_program(
                    viewer, program, form.program_fields(), form.cleaned_data["resources"]
                )
                if "managers" in form.fields:
                    set_managers(viewer, program, list(form.cleaned_data["managers"]))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Program saved.")
            return redirect("program_detail", program.pk)
    return render(request, "programs/form.html", {"form": form, "program": program})


def _manager_context(program: Program) -> dict[str, object]:
    active = program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
    mentorships = program.mentorships.all()
    if program.approach_rules.private_participants:
        # Who asked for help is for the members only: managers see the mentor side.
        active = active.exclude(role=EnrollmentRole.MENTEE)
        mentorships = mentorships.none()
    enrollments = list(
        active.select_related("person", "person__manager").order_by("role", "person__full_name")
    )
    return {
        "enrollments": enrollments,
        "paired_ids": paired_enrollment_ids(program),
        "today": timezone.localdate(),
        "pair_form": PairForm(program=program),
        "start_run_form": StartRunForm(program=program),
        "recent_runs": program.match_runs.select_related("created_by")[:5],
        "mentorships": mentorships.prefetch_related(MEMBERS).order_by("status", "-created_at")[
            :200
        ],
    }


def _self_service_context(viewer: Person, program: Program) -> dict[str, object]:
    """A mentee's ranked mentor suggestions, with the reasons, where mentees may ask."""
    mine = program.enrollments.filter(person=viewer, role="mentee", status="active").first()
    if mine is None:
        return {}
    context: dict[str, object] = {"mentee_enrollment": mine}
    if program.matching_mode in REQUEST_MODES:
        try:
            context["suggestions"] = suggestions_for(viewer, mine, k=10)
        except DomainError as exc:
            context["suggestions_note"] = exc.message
    return context


@member_view
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    return _detail(request, viewer, get_program_for(viewer, program_id))


def _detail(
    request: HttpRequest, viewer: Person, program: Program, pair_form: PairForm | None = None
) -> HttpResponse:
    """The program page; a pairing the manager tried again shows with what they chose."""
    managing = can_manage(viewer, program)
    prefetch_related_objects([program], PROGRAM_WIDE_RESOURCES)  # stages show their own
    context: dict[str, object] = {
        "program": program,
        "managing": managing,
        "my_enrollments": program.enrollments.filter(
            person=viewer, status__in=(EnrollmentStatus.ACTIVE, EnrollmentStatus.APPLIED)
        ),
        "enroll_form": EnrollForm(program=program) if takes_enrollments(program) else None,
        "managers": program.managers.all(),
        "ranks_preferences": program.matching_mode in PREFERENCE_MODES,
        **_self_service_context(viewer, program),
    }
    if managing:
        context.update(_manager_context(program))
        if pair_form is not None:
            context["pair_form"] = pair_form
    return render(request, "programs/detail.html", context)


@member_view
@require_POST
def program_status(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    status = request.POST.get("status", "")
    return run_action(
        request,
        lambda: set_program_status(viewer, program, status),
        "Program status updated.",
        reverse("program_detail", args=[program.pk]),
    )


@member_view
def program_enroll(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_program_for(viewer, program_id)
    form = EnrollForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = enroll(viewer, program, **form.enrollment_fields())
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, _enrolled_message(enrollment))
            return redirect("program_detail", program.pk)
    return render(request, "programs/enroll.html", {"program": program, "form": form})


def _enrolled_message(enrollment: Enrollment) -> str:
    if enrollment.status == EnrollmentStatus.APPLIED:
        return (
            f"You have applied to {enrollment.program.name}; a program manager reviews "
            "your application and you hear by email."
        )
    return f"You are enrolled in {enrollment.program.name}."


@member_view
def enrollment_edit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_enrollment_for(viewer, enrollment_id)
    managing = can_manage(viewer, enrollment.program)
    applying = enrollment.person_id == viewer.pk and enrollment.status == EnrollmentStatus.APPLIED
    form = EnrollmentEditForm(
        request.POST or None, enrollment=enrollment, managing=managing, editing_application=applying
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_enrollment(viewer, enrollment, dict(form.cleaned_data))
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Application saved." if applying else "Enrollment saved.")
            return redirect("program_detail", enrollment.program_id)
    return render(
        request, "programs/enrollment_edit.html", {"form": form, "enrollment": enrollment}
    )


@transaction.atomic
def _save_enrollment(viewer: Person, enrollment: Enrollment, changes: dict[str, Any]) -> None:
    """Goals and capacity, and the screening date where a manager may record it: all or none."""
    if "screened_until" in changes:
        valid_until = changes.pop("screened_until")
        if valid_until != enrollment.screened_until:
            record_screening(viewer, enrollment, valid_until)
    answers = pop_answers(changes)
    application_answers = pop_application_answers(changes, enrollment.program)
    update_enrollment(
        viewer, enrollment, **changes, answers=answers, application_answers=application_answers
    )


@member_view
def program_enrollments_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    """Everyone enrolled, for spreadsheets: who is still waiting for a mentorship."""
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-enrollments.csv"'
    write_enrollments_csv(response, program)
    return response


@member_view
@require_POST
def enrollment_withdraw(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    enrollment = get_enrollment_for(viewer, enrollment_id)
    return run_action(
        request,
        lambda: withdraw_enrollment(viewer, enrollment),
        f"Withdrawn from {enrollment.program.name}.",
        reverse("program_detail", args=[enrollment.program_id]),
    )


@member_view
@require_POST
def program_pair(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_managed_program_for(viewer, program_id)
    form = PairForm(request.POST, program=program)
    if form.is_valid():
        mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
        try:
            propose_mentorship(viewer, program, mentor, mentee)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Proposed {mentor.person} as mentor to {mentee.person}; both are asked to accept.",
            )
            return redirect("program_detail", program.pk)
    return _detail(request, viewer, program, pair_form=form)


@member_view
@require_POST
def program_request(request: HttpRequest, program_id: int, enrollment_id: int) -> HttpResponse:
    viewer = acting_person(request)
    program = get_program_for(viewer, program_id)
    mentor = (
        program.enrollments.filter(pk=enrollment_id, role="mentor").select_related("person").first()
    )
    mine = program.enrollments.filter(person=viewer, role="mentee", status="active").first()
    if mentor is None or mine is None:
        messages.error(request, "Enroll as a mentee first, then request one of the listed mentors.")
        return redirect("program_detail", program.pk)
    return run_action(
        request,
        lambda: request_mentorship(viewer, mine, mentor),
        f"Request sent to {mentor.person}.",
        reverse("program_detail", args=[program.pk]),
    )
