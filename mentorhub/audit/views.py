"""The org admin's view of the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentorhub.audit.models import AuditEvent
from mentorhub.web import acting_person, member_view


@member_view
def audit_log(request: HttpRequest) -> HttpResponse:
    viewer = acting_person(request)
    if not viewer.is_org_admin:
        raise PermissionDenied("Only org admins can read the audit log.")
    events = AuditEvent.objects.filter(organization=viewer.organization)
    verb = request.GET.get("verb", "").strip()
    if verb:
        events = events.filter(verb__startswith=verb)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "verb": verb})
