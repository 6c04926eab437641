"""Look up programs and enrollments a person may see (404 otherwise) or manage (403)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.errors import NotAllowed
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment, Program, ProgramStatus


def can_manage(person: Person, program: Program) -> bool:
    if person.organization_id != program.organization_id:
        return False
    if person.is_org_admin:
        return True
    return program.managers.filter(pk=person.pk).exists()


def visible_programs(person: Person) -> QuerySet[Program]:
    """Everyone sees the organization's published programs; drafts only their managers."""
    programs = Program.objects.filter(organization=person.organization)
    if person.is_org_admin:
        return programs
    return programs.filter(~Q(status=ProgramStatus.DRAFT) | Q(managers=person)).distinct()


def get_program_for(person: Person, program_id: int) -> Program:
    program = visible_programs(person).filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    return program


def get_managed_program_for(person: Person, program_id: int) -> Program:
    program = get_program_for(person, program_id)
    if not can_manage(person, program):
        raise NotAllowed("Only this program's managers can do that.")
    return program


def get_enrollment_for(person: Person, enrollment_id: int) -> Enrollment:
    """Your own enrollments, or any in a program you manage."""
    enrollment = (
        Enrollment.objects.select_related("program", "person")
        .filter(pk=enrollment_id, program__organization=person.organization)
        .first()
    )
    if enrollment is None or not (
        enrollment.person_id == person.pk or can_manage(person, enrollment.program)
    ):
        raise Http404("No such enrollment.")
    return enrollment
