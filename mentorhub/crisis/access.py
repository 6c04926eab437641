"""Look up crisis programs and requests a person may see; anything else is a 404.

Who sees what: a request (who asked, what they need, its hand-off) is for the requester,
the responder who accepted it and the program's safeguarding lead; on-call responders see
only that a request in their language is waiting; managers see counts and response times.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from mentorhub.crisis.models import WAITING, CrisisRequest, CrisisSettings, Responder
from mentorhub.crisis.rota import available_responders
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage, get_program_for
from mentorhub.programs.approaches import ApproachKey
from mentorhub.programs.models import Program


def get_crisis_program_for(person: Person, program_id: int) -> Program:
    """A crisis program the person may see (its help-now page is for everyone in the org)."""
    program = get_program_for(person, program_id)
    if program.approach != ApproachKey.CRISIS:
        raise Http404("No such crisis program.")
    return program


def get_managed_crisis_program_for(person: Person, program_id: int) -> Program:
    """A crisis program the person manages: 404 for everyone else."""
    program = get_crisis_program_for(person, program_id)
    if not can_manage(person, program):
        raise Http404("No such crisis program.")
    return program


def get_rota_program_for(person: Person, program_id: int) -> Program:
    """A crisis program whose rota the person keeps (a manager or the lead): 404 otherwise."""
    program = get_crisis_program_for(person, program_id)
    if not (can_manage(person, program) or is_lead(person, program)):
        raise Http404("No such crisis program.")
    return program


def _with_hours() -> QuerySet[Responder]:
    related = ("person", "program", "program__organization")
    return Responder.objects.select_related(*related).prefetch_related("hours")


def get_rota_responder_for(person: Person, program_id: int, responder_id: int) -> Responder:
    """A responder of a program whose rota the person keeps: 404 otherwise."""
    program = get_rota_program_for(person, program_id)
    found = _with_hours().filter(program=program, pk=responder_id).first()
    if found is None:
        raise Http404("No such responder in this program.")
    return found


def get_own_responder_for(person: Person, program_id: int) -> Responder:
    """The person's own responder role in a crisis program: 404 when they have none."""
    program = get_crisis_program_for(person, program_id)
    found = _with_hours().filter(program=program, person=person).first()
    if found is None:
        raise Http404("You are not a trained responder of this program.")
    return found


def settings_of(program: Program) -> CrisisSettings:
    """The program's settings; the defaults until a manager saves them."""
    found = CrisisSettings.objects.select_related("safeguarding_lead").filter(program=program)
    return found.first() or CrisisSettings(program=program)


def is_lead(person: Person, program: Program) -> bool:
    return CrisisSettings.objects.filter(program=program, safeguarding_lead=person).exists()


def visible_requests(person: Person) -> QuerySet[CrisisRequest]:
    """Requests the person may open: their own, the ones they accepted, and their programs' as
    safeguarding lead."""
    return CrisisRequest.objects.filter(
        Q(requester=person)
        | Q(accepted_by=person)
        | Q(program__crisis_settings__safeguarding_lead=person),
        program__organization=person.organization,
    )


def get_request_for(person: Person, request_id: int) -> CrisisRequest:
    found = (
        visible_requests(person)
        .select_related("program", "program__organization", "requester", "accepted_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("No such crisis request.")
    return found


def on_call_responders(person: Person) -> list[Responder]:
    """The person's responder roles in which they are available now (switch or hours)."""
    return available_responders(person=person, program__organization=person.organization)


def waiting_for(person: Person) -> list[CrisisRequest]:
    """Requests waiting for someone like the person: on call and sharing the language, or the
    lead of the program. Callers show only the language and the waiting time, never content."""
    on_call = {r.program_id for r in on_call_responders(person)}
    led = set(
        CrisisSettings.objects.filter(
            safeguarding_lead=person, program__organization=person.organization
        ).values_list("program_id", flat=True)
    )
    waiting = CrisisRequest.objects.filter(
        program_id__in=on_call | led, status__in=WAITING
    ).select_related("program")
    return [
        r
        for r in waiting.order_by("created_at")
        if r.program_id in led or (r.requester_id != person.pk and speaks(person, r.language))
    ]


def speaks(person: Person, language: str) -> bool:
    return not language or language in (person.languages or [])


def get_waiting_request_for(person: Person, request_id: int) -> CrisisRequest:
    """A request the person may accept (or, as lead, assign): 404 unless it was routed to them.

    A request someone else accepted a moment ago is still found, so the refusal can say so.
    """
    found = (
        CrisisRequest.objects.select_related("program", "program__organization", "requester")
        .filter(pk=request_id, program__organization=person.organization)
        .first()
    )
    if found is None:
        raise Http404("No such crisis request.")
    lead = is_lead(person, found.program)
    routed = (
        person.pk != found.requester_id
        and speaks(person, found.language)
        and any(r.program_id == found.program_id for r in on_call_responders(person))
    )
    if not (lead or found.accepted_by_id == person.pk or routed):
        raise Http404("No such crisis request.")
    return found
