"""The crisis panels on a program's and a mentorship's page, each in two queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from mentorhub.crisis.access import is_lead
from mentorhub.crisis.help import help_contacts
from mentorhub.crisis.models import CrisisRequest, Responder
from mentorhub.mentorships.models import Mentorship
from mentorhub.programs.models import Program

register = template.Library()


def _languages(request: HttpRequest) -> list[str]:
    person = getattr(request, "person", None)
    return list(getattr(person, "languages", None) or [])


@register.inclusion_tag("crisis/_program_panel_body.html")
def crisis_program_panel(program: Program, managing: bool, request: HttpRequest) -> dict[str, Any]:
    person = getattr(request, "person", None)
    responder = Responder.objects.filter(program=program, person=person).exists()
    return {
        "program": program,
        "managing": managing,
        "keeps_rota": managing or (person is not None and is_lead(person, program)),
        "is_responder": responder,
        "contacts": help_contacts(program, _languages(request)),
    }


@register.inclusion_tag("crisis/_mentorship_panel_body.html")
def crisis_mentorship_panel(mentorship: Mentorship, request: HttpRequest) -> dict[str, Any]:
    person = getattr(request, "person", None)
    found = CrisisRequest.objects.filter(mentorship=mentorship).first()
    viewer_id = getattr(person, "pk", None)
    return {
        "crisis_request": found,
        "show_link": found is not None and viewer_id in (found.requester_id, found.accepted_by_id),
        "contacts": help_contacts(mentorship.program, _languages(request)),
    }
