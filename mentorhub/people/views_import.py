"""The org admin's page for importing people from an HR system's CSV export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentorhub.people.forms_import import ImportPeopleForm
from mentorhub.people.importing import ImportRejected, import_people
from mentorhub.web import acting_person, member_view


@member_view
def import_people_view(request: HttpRequest) -> HttpResponse:
    admin = acting_person(request)
    if not admin.is_org_admin:
        raise PermissionDenied("Only an org admin can import people.")
    context: dict[str, object] = {}
    posted = request.method == "POST"
    form = ImportPeopleForm(request.POST, request.FILES) if posted else ImportPeopleForm()
    if posted and form.is_valid():
        try:
            result = import_people(
                admin,
                admin.organization,
                form.cleaned_data["file"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                invite=form.cleaned_data["invite"],
            )
            context.update(result=result, problems=result.skipped_rows)
        except ImportRejected as exc:
            context.update(rejected=exc, problems=exc.errors)
        # A fresh form (a browser cannot re-fill a file input) that keeps the ticked options.
        options = {k: form.cleaned_data[k] for k in ("skip_invalid", "invite")}
        form = ImportPeopleForm(initial=options)
    context["form"] = form
    return render(request, "people/import.html", context)
