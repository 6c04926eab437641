"""Peer mentoring: what each member offers and seeks, in their profile and in this mentorship."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.models import LIVE_STATUSES, Member, Mentorship
from mentorhub.people.models import Person, PersonSkill, SkillDirection

MAX_EXCHANGE = 500
OFFERED = (SkillDirection.OFFERS, SkillDirection.BOTH)
SOUGHT = (SkillDirection.SEEKS, SkillDirection.BOTH)


@dataclass
class Exchange:
    """One member's side of the exchange: their words here, and their profile's skills."""

    member: Member
    offered_skills: list[str] = field(default_factory=list)
    sought_skills: list[str] = field(default_factory=list)


def exchanges(mentorship: Mentorship) -> list[Exchange]:
    """Each member's offers and seeks, in two queries however many members there are."""
    members = list(mentorship.members.select_related("person"))
    by_person = {m.person_id: Exchange(m) for m in members}
    skills = PersonSkill.objects.filter(person__in=by_person).select_related("skill")
    for held in skills.order_by("skill__name"):
        exchange = by_person[held.person_id]
        if held.direction in OFFERED:
            exchange.offered_skills.append(held.skill.name)
        if held.direction in SOUGHT:
            exchange.sought_skills.append(held.skill.name)
    return list(by_person.values())


@transaction.atomic
def set_exchange(actor: Person, mentorship: Mentorship, offers: str, seeks: str) -> Member:
    """A member says what they offer and seek in this mentorship (shown to the others)."""
    member = mentorship.members.select_for_update().filter(person=actor).first()
    if member is None:
        raise NotAllowed("Only the members of this mentorship can say what they offer and seek.")
    if mentorship.status not in LIVE_STATUSES:
        raise IllegalTransition("This mentorship has ended; what was offered is kept as it was.")
    for name, text in (("offers", offers), ("seeks", seeks)):
        if len(text.strip()) > MAX_EXCHANGE:
            message = f"Keep “what I {name[:-1]}” under {MAX_EXCHANGE} characters."
            raise InvalidInput(message, field_errors={name: [message]})
    member.offers, member.seeks = offers.strip(), seeks.strip()
    member.save(update_fields=["offers", "seeks"])
    record(actor, "mentorship.exchange_updated", mentorship, mentorship.program.organization)
    return member
