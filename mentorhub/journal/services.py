"""Domain actions of personal development: write and share reflections, answer wellbeing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.feedback.models import CheckIn
from mentorhub.journal.models import MAX_ENTRY, JournalEntry, WellbeingAnswer
from mentorhub.mentorships.access import is_member
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole


def _is_mentee(person: Person, mentorship: Mentorship) -> bool:
    return any(
        m.person_id == person.pk and m.role == EnrollmentRole.MENTEE
        for m in mentorship.members.all()
    )


@transaction.atomic
def write_entry(actor: Person, mentorship: Mentorship, body: str) -> JournalEntry:
    """A private reflection by the mentee; nobody else reads it unless they share it."""
    if mentorship.program.approach != ApproachKey.PERSONAL:
        raise InvalidInput("The reflection journal belongs to personal-development programs.")
    if not _is_mentee(actor, mentorship):
        raise NotAllowed("The reflection journal is the mentee's.")
    if mentorship.status != Status.ACTIVE:
        raise IllegalTransition("Reflections can be written while the mentorship is active.")
    text = body.strip()
    if not text or len(text) > MAX_ENTRY:
        raise InvalidInput(
            f"Write a reflection of 1 to {MAX_ENTRY:,} characters.",
            {"body": ["Write something first."]},
        )
    entry = JournalEntry.objects.create(mentorship=mentorship, author=actor, body=text)
    # The audit trail says that an entry was written, never what it says.
    record(actor, "journal.entry_written", mentorship, mentorship.program.organization)
    return entry


@transaction.atomic
def share_entry(actor: Person, entry: JournalEntry) -> JournalEntry:
    """Let the mentorship's other members read this one entry."""
    if actor.pk != entry.author_id:
        raise NotAllowed("Only the author of a reflection can share it.")
    if entry.shared_at is None:
        entry.shared_at = timezone.now()
        entry.save(update_fields=["shared_at"])
        org = entry.mentorship.program.organization
        record(actor, "journal.entry_shared", entry.mentorship, org, entry=entry.pk)
        note_activity(entry.mentorship_id)  # sharing is the members talking
    return entry


@transaction.atomic
def unshare_entry(actor: Person, entry: JournalEntry) -> JournalEntry:
    """Make a shared entry private again."""
    if actor.pk != entry.author_id:
        raise NotAllowed("Only the author of a reflection can unshare it.")
    if entry.shared_at is not None:
        entry.shared_at = None
        entry.save(update_fields=["shared_at"])
        org = entry.mentorship.program.organization
        record(actor, "journal.entry_unshared", entry.mentorship, org, entry=entry.pk)
    return entry


@transaction.atomic
def answer_wellbeing(
    actor: Person, checkin: CheckIn, energy: int, stress: int, balance: int
) -> WellbeingAnswer:
    """A member's wellbeing answers for an open check-in (answering again changes them)."""
    if checkin.mentorship.program.approach != ApproachKey.PERSONAL:
        raise InvalidInput("Wellbeing questions belong to personal-development programs.")
    if not is_member(actor, checkin.mentorship):
        raise NotAllowed("Only the mentorship's members answer its check-ins.")
    if not checkin.is_open(timezone.now()):
        raise IllegalTransition(f"Check-in {checkin.number} has closed.")
    scores = {"energy": energy, "stress": stress, "balance": balance}
    wrong = {f: ["From 1 to 5."] for f, v in scores.items() if not 1 <= v <= 5}
    if wrong:
        raise InvalidInput(f"Answer {', '.join(wrong)} from 1 to 5.", wrong)
    answer, _ = WellbeingAnswer.objects.update_or_create(
        checkin=checkin, person=actor, defaults={**scores, "answered_at": timezone.now()}
    )
    org = checkin.mentorship.program.organization
    record(actor, "checkin.wellbeing_answered", checkin.mentorship, org, checkin=checkin.number)
    return answer
