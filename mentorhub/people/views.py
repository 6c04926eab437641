"""People pages: the directory, a person's profile, editing it, invitations and roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorhub.errors import DomainError
from mentorhub.people.access import get_person_for
from mentorhub.people.declarations import (
    declare_conflict,
    get_conflict_for,
    visible_conflicts,
    withdraw_conflict,
)
from mentorhub.people.forms import (
    ConflictForm,
    InviteForm,
    ProfileForm,
    RoleForm,
    SkillFormSet,
    SlotFormSet,
    kept_forms,
)
from mentorhub.people.models import Person, Role
from mentorhub.people.services import (
    invite_person,
    resend_invitation,
    set_availability,
    set_role,
    set_skills,
    update_profile,
)
from mentorhub.web import acting_person, apply_to_form, member_view, run_action, run_form_action


@member_view
def people_list(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    people = Person.objects.filter(organization=viewer.organization, is_active=True)
    query = request.GET.get("q", "").strip()
    department = request.GET.get("department", "").strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(title__icontains=query) | Q(email__icontains=query)
        )
    if department:
        people = people.filter(department=department)
    departments = (
        Person.objects.filter(organization=viewer.organization)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
        .order_by("department")
    )
    page = Paginator(people.select_related("manager"), 50).get_page(request.GET.get("page"))
    # htmx asks for just the results while the person types in the search box.
    template = "people/_results.html" if request.htmx else "people/list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page,
            "query": query,
            "department": department,
            "departments": departments,
            "invite_form": InviteForm() if viewer.is_org_admin else None,
        },
    )


@member_view
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = acting_person(request)
    subject = get_person_for(viewer, person_id)
    context = {
        "subject": subject,
        "skills": subject.skills.select_related("skill"),
        "slots": subject.availability.all(),
        "reports": subject.reports.filter(is_active=True),
        "role_form": RoleForm(initial={"role": subject.role}) if viewer.is_org_admin else None,
    }
    return render(request, "people/detail.html", context)


@member_view
def profile_edit(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    return _edit(request, viewer, viewer)


@member_view
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = acting_person(request)
    subject = get_person_for(viewer, person_id)
    if subject.pk != viewer.pk and not viewer.is_org_admin:
        raise PermissionDenied("Only an org admin can edit someone else's profile.")
    return _edit(request, viewer, subject)


def _edit(request: HttpRequest, viewer: Person, subject: Person) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=subject, editor=viewer)
    skills = SkillFormSet(
        data,
        prefix="skills",
        initial=[
            {"name": s.skill.name, "proficiency": s.proficiency, "direction": s.direction}
            for s in subject.skills.select_related("skill")
        ],
    )
    slots = SlotFormSet(
        data,
        prefix="slots",
        initial=[
            {"weekday": s.weekday, "start": s.start, "end": s.end}
            for s in subject.availability.all()
        ],
    )
    if data is not None and form.is_valid() and skills.is_valid() and slots.is_valid():
        try:
            with transaction.atomic():
                update_profile(viewer, subject, form.changes())
                set_skills(viewer, subject, [f.entry() for f in kept_forms(skills)])  # type: ignore[attr-defined]
                set_availability(viewer, subject, [f.slot() for f in kept_forms(slots)])  # type: ignore[attr-defined]
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Profile saved.")
            if subject.pk == viewer.pk:
                return redirect("profile_edit")
            return redirect("person_detail", subject.pk)
    return render(
        request,
        "people/edit.html",
        {"form": form, "skills": skills, "slots": slots, "subject": subject},
    )


@member_view
def person_invite(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    if not viewer.is_org_admin:
        raise PermissionDenied("Only an org admin can invite people.")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invite_person(viewer, viewer.organization, **form.cleaned_data)
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, f"Invitation sent to {person.email}.")
            return redirect("person_detail", person.pk)
    return render(request, "people/invite.html", {"form": form})


@member_view
@require_POST
def person_role(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = acting_person(request)
    subject = get_person_for(viewer, person_id)
    if not viewer.is_org_admin:
        raise PermissionDenied("Only an org admin can change roles.")
    return run_form_action(
        request,
        RoleForm(request.POST),
        lambda data: set_role(viewer, subject, data["role"]),
        lambda data: f"{subject.full_name} is now {Role(data['role']).label.lower()}.",
        reverse("person_detail", args=[subject.pk]),
        refusal="Choose one of the listed roles.",
    )


@member_view
@require_POST
def person_resend_invitation(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = acting_person(request)
    subject = get_person_for(viewer, person_id)
    return run_action(
        request,
        lambda: resend_invitation(viewer, subject),
        f"A new invitation is on its way to {subject.email}.",
        reverse("person_detail", args=[subject.pk]),
    )


@member_view
def conflict_list(request: HttpRequest) -> HttpResponse:
    """Declared conflicts of interest: yours (admins: everyone's), and a form to add one."""
    viewer = acting_person(request)
    form = ConflictForm(request.POST or None, declarer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflict(viewer, *form.people(), form.cleaned_data["reason"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            messages.success(request, "Conflict of interest declared: they will not be paired.")
            return redirect("conflict_list")
    conflicts = visible_conflicts(viewer)
    return render(request, "people/conflicts.html", {"form": form, "conflicts": conflicts})


@member_view
@require_POST
def conflict_withdraw(request: HttpRequest, conflict_id: int) -> HttpResponse:
    viewer = acting_person(request)
    conflict = get_conflict_for(viewer, conflict_id)
    return run_action(
        request,
        lambda: withdraw_conflict(viewer, conflict),
        "Declaration withdrawn.",
        reverse("conflict_list"),
    )
