"""Journal and wellbeing panels for the mentorship and check-in pages, in fixed queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from mentorhub.feedback.models import CheckIn
from mentorhub.journal.forms import WellbeingForm
from mentorhub.journal.models import JournalEntry, WellbeingAnswer
from mentorhub.mentorships.access import is_member
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.access import acting_person

register = template.Library()


@register.simple_tag(takes_context=True)
def journal_panel(context: template.Context, mentorship: Mentorship) -> dict[str, Any]:
    """Counts for a member (their own and what others shared); nothing for anyone else."""
    viewer = acting_person(context["request"])
    if not is_member(viewer, mentorship):
        return {"member": False}
    counts = JournalEntry.objects.filter(mentorship=mentorship).aggregate(
        mine=Count("id", filter=Q(author=viewer)),
        mine_shared=Count("id", filter=Q(author=viewer, shared_at__isnull=False)),
        shared_with_me=Count("id", filter=~Q(author=viewer) & Q(shared_at__isnull=False)),
    )
    return {"member": True, **counts}


@register.simple_tag(takes_context=True)
def wellbeing_panel(
    context: template.Context, mentorship: Mentorship, current: CheckIn | None
) -> dict[str, Any]:
    """The wellbeing questions of the open check-in, and the viewer's own past answers."""
    viewer = acting_person(context["request"])
    if not is_member(viewer, mentorship):
        return {"member": False}
    mine = list(
        WellbeingAnswer.objects.filter(checkin__mentorship=mentorship, person=viewer)
        .select_related("checkin")
        .order_by("-checkin__number")[:20]
    )
    now = next((a for a in mine if current is not None and a.checkin_id == current.pk), None)
    initial = {"energy": now.energy, "stress": now.stress, "balance": now.balance} if now else {}
    return {
        "member": True,
        "current": current,
        "form": WellbeingForm(initial=initial) if current is not None else None,
        "answered": now is not None,
        "mine": mine,
    }
