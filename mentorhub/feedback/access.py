"""Look up check-ins, alerts and report pages a person may see; anything else is a 404.

Who sees what: a member sees the check-ins of their mentorship and their own answers; the
program's managers (and org admins) see scores and alerts, never comments; nobody else
sees anything.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from mentorhub.feedback.models import CheckIn, ExpectationAlert
from mentorhub.mentorships.access import MEMBERS as MEMBERS
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.access import is_member as is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Program


def get_feedback_mentorship_for(person: Person, mentorship_id: int) -> Mentorship:
    """A mentorship its members and its program's managers see, with members and program."""
    found = get_mentorship_for(person, mentorship_id)
    return (
        Mentorship.objects.select_related("program", "program__organization")
        .prefetch_related(MEMBERS)
        .get(pk=found.pk)
    )


def get_checkin_for(person: Person, checkin_id: int) -> CheckIn:
    """A check-in of a mentorship the person is a member of: only members answer."""
    checkin = (
        CheckIn.objects.select_related(
            "mentorship", "mentorship__program", "mentorship__program__organization"
        )
        .prefetch_related(Prefetch("mentorship__members", queryset=MEMBERS.queryset))
        .filter(
            pk=checkin_id,
            mentorship__program__organization=person.organization,
            mentorship__members__person=person,
        )
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    return checkin


def get_report_program_for(person: Person, program_id: int) -> Program:
    """A program whose check-in report `person` may read: its managers and org admins."""
    program = Program.objects.filter(pk=program_id, organization=person.organization).first()
    if program is None or not can_manage(person, program):
        raise Http404("No such program.")
    return program


def get_alert_for(person: Person, alert_id: int) -> ExpectationAlert:
    """An alert of a program `person` manages; members never see alerts."""
    alert = (
        ExpectationAlert.objects.select_related(
            "checkin__mentorship__program__organization", "acknowledged_by"
        )
        .filter(pk=alert_id, checkin__mentorship__program__organization=person.organization)
        .first()
    )
    if alert is None or not can_manage(person, alert.checkin.mentorship.program):
        raise Http404("No such alert.")
    return alert
