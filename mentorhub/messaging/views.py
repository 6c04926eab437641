"""The messages page of a mentorship: the thread, older pages, and the form to post."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from mentorhub.errors import DomainError
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.messaging.access import get_conversation_for, page_of
from mentorhub.messaging.forms import MessageForm
from mentorhub.messaging.rendering import ThreadItem
from mentorhub.messaging.services import mark_read, post_message
from mentorhub.web import acting_person, apply_to_form, member_view, query_id

PAGE_SIZE = 50  # messages per page: the page stays bounded whatever the history


def _page(
    request: HttpRequest, mentorship: Mentorship, form: MessageForm | None = None
) -> HttpResponse:
    viewer = acting_person(request)
    before = query_id(request.GET.get("before"))
    messages, has_older = page_of(mentorship, PAGE_SIZE, before_id=before)
    if before is None and messages:
        mark_read(viewer, mentorship, messages[-1].pk)  # seen: the latest page is on screen
    can_post = mentorship.status == Status.ACTIVE
    context = {
        "mentorship": mentorship,
        "items": [ThreadItem.of(m) for m in messages],
        "older": messages[0].pk if has_older and messages else None,
        "browsing_back": before is not None,
        "latest_id": messages[-1].pk if messages and before is None else 0,
        "viewer_id": viewer.pk,
        "viewer_zone": timezone.get_current_timezone_name(),
        "form": (form or MessageForm()) if can_post else None,
    }
    return render(request, "messaging/thread.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def mentorship_messages(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    viewer = acting_person(request)
    mentorship = get_conversation_for(viewer, mentorship_id)
    if request.method != "POST":
        return _page(request, mentorship)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = post_message(viewer, mentorship, form.cleaned_data["body"])
        except DomainError as exc:
            apply_to_form(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                item = ThreadItem.of(message)
                return render(
                    request, "messaging/_message.html", {"item": item, "viewer_id": viewer.pk}
                )
            url = reverse("mentorship_messages", args=[mentorship.pk])
            return redirect(f"{url}#message-{message.pk}")
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "messaging/_form_errors.html", {"form": form})
        return reswap(retarget(response, "#message-errors"), "innerHTML")
    return _page(request, mentorship, form)
