"""The API under hostile or careless input: nulls, huge numbers, blanks, huge texts, bad mail.

Every case answers with a status a client can act on (404, 409, 422), never a 500.
"""

from __future__ import annotations

import logging

import pytest
from django.db import DataError, IntegrityError

from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment, Program
from mentorhub.tasks.models import Task, TaskStatus
from mentorhub.tests import ApiClient, api_as

HUGE = "99999999999999999999"  # more than a 64-bit integer holds
TWO_MB = "x" * 2_000_000
CONFLICT = "That change conflicts with data that must stay consistent; nothing was saved."


# Item 1: an explicit null in a PATCH


@pytest.mark.parametrize(
    ("field", "empty"), [("bio", ""), ("title", ""), ("department", ""), ("interests", [])]
)
def test_null_clears_a_profile_field_instead_of_failing(scenario, field, empty):
    # GIVEN Max's profile has a value in the field
    Person.objects.filter(pk=scenario.max.pk).update(
        bio="Hi", title="Engineer", department="Sales", interests=["chess"]
    )
    # WHEN the org admin sends null for it
    response = api_as(scenario.alice).patch(f"/people/{scenario.max.pk}", {field: None})
    # THEN it is saved empty
    assert response.status_code == 200
    assert response.json()[field] == empty
    assert getattr(Person.objects.get(pk=scenario.max.pk), field) == empty


def test_null_name_for_a_person_is_a_field_error(scenario):
    # WHEN Max sends null for his name
    response = api_as(scenario.max).patch(f"/people/{scenario.max.pk}", {"name": None})
    # THEN the name field is refused and the name is kept
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert Person.objects.get(pk=scenario.max.pk).full_name == "Max Mentee"


@pytest.mark.parametrize("field", ["description", "guidelines"])
def test_null_clears_a_program_text(scenario, field):
    # GIVEN the program has a description and guidelines
    Program.objects.filter(pk=scenario.program.pk).update(description="D", guidelines="G")
    # WHEN its manager sends null for one of them
    response = api_as(scenario.pete).patch(f"/programs/{scenario.program.pk}", {field: None})
    # THEN it is saved empty
    assert response.status_code == 200
    assert getattr(Program.objects.get(pk=scenario.program.pk), field) == ""


def test_null_name_for_a_program_is_a_field_error(scenario):
    # WHEN the manager sends null for the program's name
    response = api_as(scenario.pete).patch(f"/programs/{scenario.program.pk}", {"name": None})
    # THEN the name field is refused and the name is kept
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert Program.objects.get(pk=scenario.program.pk).name == "Engineering mentoring"


def test_a_constraint_the_database_enforces_answers_409(scenario, monkeypatch):
    # GIVEN a write the database refuses, past every check in code
    def refused(*args, **kwargs):
        raise IntegrityError("NOT NULL constraint failed: programs_program.name")

    monkeypatch.setattr("mentorhub.programs.api.update_program", refused)
    # WHEN the manager edits the program
    response = api_as(scenario.pete).patch(f"/programs/{scenario.program.pk}", {"name": "New"})
    # THEN the answer is a readable conflict, not a server error
    assert response.status_code == 409
    assert response.json() == {"detail": CONFLICT, "errors": {}}


@pytest.mark.parametrize("error", [OverflowError("too large"), DataError("out of range")])
def test_a_value_the_database_cannot_hold_answers_422(scenario, monkeypatch, error):
    # GIVEN a lookup the database cannot run with the given number
    def too_big(*args, **kwargs):
        raise error

    monkeypatch.setattr("mentorhub.programs.api.get_program_for", too_big)
    # WHEN someone asks for the program
    response = api_as(scenario.max).get(f"/programs/{scenario.program.pk}")
    # THEN the answer says so, not a server error
    assert response.status_code == 422
    assert "too large or too long" in response.json()["detail"]


# Item 2: huge numbers in the query and the path


@pytest.mark.parametrize("path", ["/programs", "/people", "/audit", "/mentorships"])
def test_an_offset_beyond_any_page_is_a_field_error(scenario, path):
    # WHEN the admin pages past anything the database can skip
    response = api_as(scenario.alice).get(path, offset=HUGE)
    # THEN the offset is refused as a field
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["offset"]


def test_a_large_offset_within_bounds_is_an_empty_page(scenario):
    response = api_as(scenario.alice).get("/programs", offset=10**9)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}


def test_a_limit_above_the_page_size_is_a_field_error(scenario):
    response = api_as(scenario.alice).get("/programs", limit=201)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_a_huge_program_filter_is_a_field_error(scenario, proposed):
    # WHEN mentorships are filtered by an id no database can hold
    response = api_as(scenario.pete).get("/mentorships", program=HUGE)
    # THEN the filter is refused as a field
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["program"]


def test_the_program_filter_still_filters(scenario, proposed):
    response = api_as(scenario.pete).get("/mentorships", program=scenario.program.pk)
    assert [m["id"] for m in response.json()["items"]] == [proposed.pk]


@pytest.mark.parametrize("path", ["/mentorships/", "/programs/", "/people/", "/enrollments/"])
def test_a_huge_id_in_the_path_is_not_found(scenario, path):
    response = api_as(scenario.alice).get(path + HUGE)
    assert response.status_code == 404


def test_a_huge_id_in_a_body_is_a_field_error(scenario):
    body = {
        "program": scenario.program.pk,
        "mentor_enrollment": HUGE,
        "mentee_enrollment": scenario.mentee_enrollment.pk,
    }
    response = api_as(scenario.pete).post("/mentorships", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["mentor_enrollment"]


# Item 3: whitespace and size


def test_a_blank_program_name_is_refused(scenario):
    # WHEN a program is created with a name of spaces only
    body = {"name": "   ", "approach": "peer", "evergreen": True}
    response = api_as(scenario.pete).post("/programs", body)
    # THEN the name is refused and nothing is created
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert Program.objects.count() == 1


def test_a_blank_person_name_is_refused(scenario):
    response = api_as(scenario.max).patch(f"/people/{scenario.max.pk}", {"name": " \t "})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert Person.objects.get(pk=scenario.max.pk).full_name == "Max Mentee"


def test_surrounding_whitespace_is_not_stored(scenario):
    # WHEN a program and a profile are sent with padded values
    body = {"name": "  Lunch & learn \n", "approach": "peer", "evergreen": True}
    program = api_as(scenario.pete).post("/programs", body).json()
    api_as(scenario.max).patch(f"/people/{scenario.max.pk}", {"bio": "  Hello  "})
    # THEN the values are stored without the padding
    assert Program.objects.get(pk=program["id"]).name == "Lunch & learn"
    assert Person.objects.get(pk=scenario.max.pk).bio == "Hello"


def _enrollment(s):
    return f"/enrollments/{s.mentee_enrollment.pk}"


def _program(s):
    return f"/programs/{s.program.pk}"


def _max(s):
    return f"/people/{s.max.pk}"


@pytest.mark.parametrize(
    ("who", "path", "field"),
    [
        ("max", _enrollment, "goals"),
        ("max", _max, "bio"),
        ("pete", _program, "description"),
        ("pete", _program, "guidelines"),
    ],
)
def test_a_huge_free_text_is_a_field_error(scenario, who, path, field):
    # WHEN two megabytes are sent as one free-text field
    response = api_as(getattr(scenario, who)).patch(path(scenario), {field: TWO_MB})
    # THEN that field is refused, not stored
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_a_huge_decline_reason_is_a_field_error(scenario, proposed):
    body = {"reason_code": "busy", "reason": TWO_MB}
    response = api_as(scenario.max).post(f"/mentorships/{proposed.pk}/decline", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reason"]
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_a_huge_program_name_is_a_field_error(scenario):
    body = {"name": "n" * 201, "approach": "peer", "evergreen": True}
    response = api_as(scenario.pete).post("/programs", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]


# Item 4: one enrollment


@pytest.mark.parametrize(
    ("who", "status"),
    [("max", 200), ("mona", 404), ("pete", 200), ("alice", 200), ("charlie", 404)],
)
def test_one_enrollment_is_seen_by_its_person_and_the_programs_managers(scenario, who, status):
    # WHEN someone asks for Max's enrollment
    response = api_as(getattr(scenario, who)).get(f"/enrollments/{scenario.mentee_enrollment.pk}")
    # THEN only Max, the program's manager and the org admin see it
    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == scenario.mentee_enrollment.pk
        assert response.json()["goals"] == "Learn system design"


def test_one_enrollment_needs_a_token(scenario):
    response = ApiClient(None).get(f"/enrollments/{scenario.mentee_enrollment.pk}")
    assert response.status_code == 401


# Item 5: mail that cannot be sent


def _pair(scenario) -> dict[str, int]:
    return {
        "program": scenario.program.pk,
        "mentor_enrollment": scenario.mentor_enrollment.pk,
        "mentee_enrollment": scenario.mentee_enrollment.pk,
    }


def test_a_line_break_in_a_program_name_stays_out_of_the_mail_headers(
    scenario, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    # GIVEN a program whose name carries a header injection
    Program.objects.filter(pk=scenario.program.pk).update(name="Eng\rBcc: x@evil.example")
    # WHEN the manager pairs two people (both are mailed)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(scenario.pete).post("/mentorships", _pair(scenario))
    # THEN the pairing stands and the subject is one harmless line
    assert response.status_code == 201
    run_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([scenario.mona.email, scenario.max.email])
    subject = mailoutbox[0].subject
    assert subject == "You have a proposed mentorship in Eng Bcc: x@evil.example"
    assert mailoutbox[0].bcc == []


def test_a_mail_that_cannot_be_sent_is_logged_and_the_action_stands(
    scenario, monkeypatch, caplog, django_capture_on_commit_callbacks, run_tasks
):
    # GIVEN a mail backend that fails in a way nobody foresaw
    def broken(*args, **kwargs):
        raise RuntimeError("mail backend exploded")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    # WHEN the manager pairs two people and the worker tries to send
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(scenario.pete).post("/mentorships", _pair(scenario))
    with caplog.at_level(logging.ERROR):
        run_tasks()
    # THEN the pairing stands, the failure is in the log and both emails wait for a retry
    assert response.status_code == 201
    assert Mentorship.objects.filter(pk=response.json()["id"], status=Status.PROPOSED).exists()
    assert "mail backend exploded" in caplog.text
    waiting = Task.objects.filter(kind="notifications.send_email", status=TaskStatus.QUEUED)
    assert waiting.count() == 2


def test_enrollment_lookup_is_unchanged_by_the_new_endpoint(scenario):
    # The new GET shares its path with PATCH: both still work on the same enrollment.
    api = api_as(scenario.max)
    path = f"/enrollments/{scenario.mentee_enrollment.pk}"
    assert api.patch(path, {"goals": "New goals"}).status_code == 200
    assert api.get(path).json()["goals"] == "New goals"
    assert Enrollment.objects.get(pk=scenario.mentee_enrollment.pk).goals == "New goals"
