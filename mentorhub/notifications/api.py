"""REST endpoints for the signed-in person's email preferences."""

# No `from __future__ import annotations`: ninja reads these signatures at runtime.

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from mentorhub.apitools import InputSchema
from mentorhub.notifications.services import email_choices, set_email_choices
from mentorhub.people.access import acting_person

router = Router(tags=["people"])
ON = "true: this category of email is sent; false: it is not."


class EmailPreferencesOut(Schema):
    """Account emails (invitations, password resets) always go and are not listed."""

    mentorships: bool = Field(description="Mentorship requests, proposals and changes.")
    meetings: bool = Field(description="Meeting invitations and reminders.")
    messages: bool = Field(description="New messages.")
    checkins: bool = Field(description="Check-ins and feedback.")
    nudges: bool = Field(description="Nudges about quiet mentorships.")
    news: bool = Field(description="Program news.")


class EmailPreferencesIn(InputSchema):
    """Name only the categories to change; the others stay as they are."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    mentorships: bool | None = Field(None, description=ON)
    meetings: bool | None = Field(None, description=ON)
    messages: bool | None = Field(None, description=ON)
    checkins: bool | None = Field(None, description=ON)
    nudges: bool | None = Field(None, description=ON)
    news: bool | None = Field(None, description=ON)


@router.get("", response=EmailPreferencesOut, summary="Which emails I get")
def get_email_preferences(request: HttpRequest) -> dict[str, bool]:
    return email_choices(acting_person(request))


@router.put("", response=EmailPreferencesOut, summary="Choose which emails I get")
def put_email_preferences(request: HttpRequest, body: EmailPreferencesIn) -> dict[str, bool]:
    return set_email_choices(acting_person(request), body.model_dump(exclude_none=True))
