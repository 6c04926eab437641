"""Importing people from an HR system's CSV export: validation, rejection, skipping, sync."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import NotAllowed
from mentorhub.people.importing import ImportRejected, import_people, validate_rows
from mentorhub.people.importing.checking import Directory
from mentorhub.people.models import Organization, Person, PersonSkill, Role
from mentorhub.people.services import add_person, update_profile

HEADER = "email,name,title,manager_email,level,timezone,languages,skills\n"
TEAM = (
    HEADER
    + "ceo@acme.example,Carla Chief,CEO,,10,Europe/Berlin,en;de,Strategy:5:offers\n"
    + "dev@acme.example,Dan Dev,Engineer,ceo@acme.example,3,America/New_York,en,"
    + "Python:4:offers;Public speaking:2:seeks\n"
)


def person(org, email: str) -> Person:
    return Person.objects.get(organization=org, email=email)


def error_lines(exc_info: pytest.ExceptionInfo[ImportRejected]) -> list[int]:
    return sorted({error.line for error in exc_info.value.errors})


def test_import_adds_people_with_managers_skills_and_languages(scenario):
    # GIVEN a file with a CEO and an engineer who reports to her
    # WHEN the org admin imports it
    result = import_people(scenario.alice, scenario.org, TEAM)
    # THEN both are members, with the org chart, languages and skills from the file
    dev = person(scenario.org, "dev@acme.example")
    assert (result.added, result.updated, result.skipped) == (2, 0, 0)
    assert dev.manager == person(scenario.org, "ceo@acme.example")
    assert dev.languages == ["en"]
    assert dev.timezone == "America/New_York"
    assert {(s.skill.name, s.proficiency, s.direction) for s in dev.skills.all()} == {
        ("Python", 4, "offers"),
        ("Public speaking", 2, "seeks"),
    }


def test_imported_people_sign_in_by_invitation_only(scenario):
    # GIVEN a file of new people WHEN it is imported
    import_people(scenario.alice, scenario.org, TEAM)
    # THEN their accounts have no password anyone could guess
    assert not person(scenario.org, "dev@acme.example").user.has_usable_password()


def test_three_bad_rows_are_all_reported_with_their_lines_and_nothing_is_imported(scenario):
    # GIVEN a file whose lines 3, 5 and 6 are bad in different ways
    text = (
        "email,name,level,timezone\n"
        "ok@acme.example,Olga Ok,2,UTC\n"
        "not-an-email,Bad Email,2,UTC\n"
        "fine@acme.example,Fine Person,3,UTC\n"
        "tz@acme.example,Tina Zone,3,Europe/Berln\n"
        "lvl@acme.example,Lev El,11,UTC\n"
    )
    before = Person.objects.count()
    # WHEN it is imported
    with pytest.raises(ImportRejected) as exc_info:
        import_people(scenario.alice, scenario.org, text)
    # THEN every bad line is named, and not one person was added
    assert error_lines(exc_info) == [3, 5, 6]
    assert Person.objects.count() == before


def test_errors_name_the_column_and_the_bad_value(scenario):
    # GIVEN a misspelt time zone on line 2 WHEN the file is checked
    plan = validate_rows("email,name,timezone\na@acme.example,A,Europe/Berln\n", scenario.org)
    # THEN the message says where and what, in words a person can act on
    assert str(plan.errors[0]).startswith(
        "line 2, timezone: “Europe/Berln” is not an IANA time zone"
    )


def test_line_numbers_count_file_lines_not_records(scenario):
    # GIVEN a quoted title spanning two lines, then a bad row
    text = 'email,name,title\na@acme.example,A,"Head of\nThings"\nbad,B,\n'
    # WHEN the file is checked THEN the bad row is reported on its real line, 4
    assert [e.line for e in validate_rows(text, scenario.org).errors] == [4]


def test_unknown_column_is_an_error_that_names_it(scenario):
    # GIVEN a header with a typo WHEN the file is checked THEN the typo is named
    plan = validate_rows("email,name,tittle\na@acme.example,A,Boss\n", scenario.org)
    assert plan.errors[0].line == 1
    assert "“tittle”" in plan.errors[0].message


def test_duplicate_emails_are_reported_on_every_line(scenario):
    # GIVEN the same person twice, in different case
    text = "email,name\nsam@acme.example,Sam\nSAM@acme.example,Sam Again\n"
    # WHEN checked THEN both lines are reported
    assert [e.line for e in validate_rows(text, scenario.org).errors] == [2, 3]


def test_unknown_manager_is_reported(scenario):
    # GIVEN a manager who is neither in the file nor in the organization
    text = "email,name,manager_email\na@acme.example,A,ghost@acme.example\n"
    # WHEN checked THEN the row is reported on its manager column
    [error] = validate_rows(text, scenario.org).errors
    assert (error.line, error.column) == (2, "manager_email")


def test_bad_skill_syntax_is_reported(scenario):
    # GIVEN a skill without a direction WHEN checked THEN the skills cell is reported
    text = "email,name,skills\na@acme.example,A,Python:4\n"
    [error] = validate_rows(text, scenario.org).errors
    assert error.column == "skills"
    assert "name:proficiency:direction" in error.message


def test_unknown_language_code_is_reported(scenario):
    # GIVEN a made-up language code WHEN checked THEN it is named
    text = "email,name,languages\na@acme.example,A,en;klingon\n"
    [error] = validate_rows(text, scenario.org).errors
    assert "“klingon”" in error.message


def test_manager_loop_in_the_file_is_reported(scenario):
    # GIVEN two people who each manage the other
    text = (
        "email,name,manager_email\n"
        "a@acme.example,A,b@acme.example\n"
        "b@acme.example,B,a@acme.example\n"
    )
    # WHEN imported THEN both rows are reported as a loop
    with pytest.raises(ImportRejected) as exc_info:
        import_people(scenario.alice, scenario.org, text)
    assert error_lines(exc_info) == [2, 3]
    assert "loop" in exc_info.value.errors[0].message


def test_loop_through_an_existing_manager_is_reported(scenario):
    # GIVEN Pete reports to Alice, and a file that makes Alice report to Pete
    text = f"email,name,manager_email\n{scenario.alice.email},Alice Admin,{scenario.pete.email}\n"
    # WHEN checked THEN the loop is found
    [error] = validate_rows(text, scenario.org).errors
    assert "loop" in error.message


def test_nobody_can_be_their_own_manager(scenario):
    # GIVEN a row naming its own email as manager WHEN checked THEN it is refused
    text = "email,name,manager_email\na@acme.example,A,a@acme.example\n"
    [error] = validate_rows(text, scenario.org).errors
    assert error.message == "nobody can be their own manager."


def test_skipping_a_loop_does_not_let_a_second_loop_through(scenario):
    # GIVEN Pete reports to Alice and Mona to Pete; a file where Pete and Mia manage each
    # other (line 2-3, a loop), and Alice would report to Mona (line 4)
    update_profile(scenario.alice, scenario.mona, {"manager": scenario.pete})
    text = (
        "email,name,manager_email\n"
        f"{scenario.pete.email},Pete Manager,mia@acme.example\n"
        f"mia@acme.example,Mia,{scenario.pete.email}\n"
        f"{scenario.alice.email},Alice Admin,{scenario.mona.email}\n"
    )
    # WHEN imported skipping bad rows: Pete keeps Alice, so Alice → Mona → Pete → Alice
    result = import_people(scenario.alice, scenario.org, text, skip_invalid=True)
    # THEN line 4 is skipped too, and Alice still has no manager
    assert sorted({e.line for e in result.skipped_rows}) == [2, 3, 4]
    scenario.alice.refresh_from_db()
    assert scenario.alice.manager is None


def test_skip_invalid_imports_the_good_rows_and_names_the_skipped_lines(scenario):
    # GIVEN one good row and a bad one on line 3
    text = "email,name,level\ngood@acme.example,Good,3\nbad@acme.example,Bad,99\n"
    # WHEN imported with skip_invalid
    result = import_people(scenario.alice, scenario.org, text, skip_invalid=True)
    # THEN the good person is added and line 3 is reported as skipped
    assert result.added == 1
    assert [e.line for e in result.skipped_rows] == [3]
    assert not Person.objects.filter(email="bad@acme.example").exists()


def test_skip_invalid_also_skips_reports_of_a_skipped_manager(scenario):
    # GIVEN a bad manager row (line 2) and a good row reporting to that manager (line 3)
    text = (
        "email,name,level,manager_email\n"
        "boss@acme.example,Boss,99,\n"
        "report@acme.example,Report,2,boss@acme.example\n"
    )
    # WHEN imported with skip_invalid
    result = import_people(scenario.alice, scenario.org, text, skip_invalid=True)
    # THEN the report is skipped too, and the reason says it is because of line 2
    assert result.added == 0
    dependent = [e for e in result.skipped_rows if e.line == 3]
    assert "line 2" in dependent[0].message


def test_file_errors_are_not_skippable(scenario):
    # GIVEN a file without the name column WHEN imported with skip_invalid THEN it is rejected
    with pytest.raises(ImportRejected):
        import_people(scenario.alice, scenario.org, "email\na@acme.example\n", skip_invalid=True)


def test_reimport_updates_existing_people_instead_of_duplicating(scenario):
    # GIVEN the team was imported once
    import_people(scenario.alice, scenario.org, TEAM)
    count = Person.objects.count()
    # WHEN HR sends the file again with a new title for Dan
    result = import_people(scenario.alice, scenario.org, TEAM.replace("Engineer", "Lead"))
    # THEN Dan is updated in place and Carla counted as unchanged
    assert Person.objects.count() == count
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    assert person(scenario.org, "dev@acme.example").title == "Lead"


def test_matching_is_by_email_ignoring_case(scenario):
    # GIVEN Mona is a member WHEN a file names her email in capitals
    text = f"email,name,department\n{scenario.mona.email.upper()},Mona Mentor,Research\n"
    result = import_people(scenario.alice, scenario.org, text)
    # THEN she is updated, not added again
    scenario.mona.refresh_from_db()
    assert (result.added, result.updated) == (0, 1)
    assert scenario.mona.department == "Research"


def test_reimport_without_skill_changes_keeps_skills(scenario):
    # GIVEN the team was imported WHEN the same file comes again
    import_people(scenario.alice, scenario.org, TEAM)
    ids = set(PersonSkill.objects.values_list("id", flat=True))
    import_people(scenario.alice, scenario.org, TEAM)
    # THEN the skill rows were not rewritten
    assert set(PersonSkill.objects.values_list("id", flat=True)) == ids


def test_import_cannot_leave_the_organization_without_an_admin(scenario):
    # GIVEN Alice is the only admin WHEN a file makes her a member THEN the row is refused
    text = f"email,name,role\n{scenario.alice.email},Alice Admin,member\n"
    [error] = validate_rows(text, scenario.org).errors
    assert error.column == "role"


def test_non_admin_cannot_import(scenario):
    # GIVEN Mona is a member, not an admin WHEN she imports THEN she is refused
    with pytest.raises(NotAllowed):
        import_people(scenario.mona, scenario.org, TEAM)


def test_admin_of_another_organization_cannot_import(scenario):
    # GIVEN Charlie is an admin of Globex WHEN he imports into Acme THEN he is refused
    with pytest.raises(NotAllowed):
        import_people(scenario.charlie, scenario.org, TEAM)


def test_every_added_person_and_the_import_are_audited(scenario):
    # GIVEN a file of two new people WHEN imported
    import_people(scenario.alice, scenario.org, TEAM)
    # THEN each got an audit record and one summary records the counts
    added = AuditEvent.objects.filter(verb="person.added", details__source="import")
    summary = AuditEvent.objects.get(verb="people.imported")
    assert added.count() == 2
    assert summary.details["added"] == 2


def test_invite_emails_only_the_newly_added(
    scenario, django_capture_on_commit_callbacks, run_tasks
):
    # GIVEN Mona is already a member, and a file with her and one new person
    text = f"email,name\n{scenario.mona.email},Mona Mentor\nnew@acme.example,Nia New\n"
    mail.outbox.clear()
    # WHEN imported with invitations (the emails leave on commit)
    with django_capture_on_commit_callbacks(execute=True):
        result = import_people(scenario.alice, scenario.org, text, invite=True)
    run_tasks()
    # THEN only the new person is invited
    assert result.invited == 1
    assert [message.to for message in mail.outbox] == [["new@acme.example"]]


def test_rejected_file_invites_nobody(scenario, django_capture_on_commit_callbacks, run_tasks):
    # GIVEN a file with one good and one bad row WHEN imported with invitations
    text = "email,name,level\nnew@acme.example,Nia New,2\nbad@acme.example,Bad,0\n"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportRejected):
        import_people(scenario.alice, scenario.org, text, invite=True)
    # THEN no email left, and none is waiting in the queue
    assert run_tasks() == 0
    assert mail.outbox == []


def test_system_import_needs_no_actor(scenario):
    # GIVEN no actor (the CLI) WHEN importing THEN it works and is audited as the system
    result = import_people(None, scenario.org, TEAM)
    assert result.added == 2
    assert AuditEvent.objects.get(verb="people.imported").actor_label == "system"


def test_empty_file_is_rejected(scenario):
    # GIVEN an empty file WHEN checked THEN line 1 is reported (it must be the header)
    assert validate_rows("", scenario.org).errors[0].line == 1


def test_too_many_rows_is_rejected(scenario, settings):
    # GIVEN a limit of one row WHEN a two-row file is checked THEN it is refused
    settings.IMPORT_MAX_ROWS = 1
    plan = validate_rows(TEAM, scenario.org)
    assert "more than 1 rows" in plan.errors[0].message


def test_byte_order_mark_is_ignored(scenario):
    # GIVEN a file saved with a byte-order mark WHEN imported THEN the header still matches
    result = import_people(scenario.alice, scenario.org, "\ufeff" + TEAM)
    assert result.added == 2


def test_new_person_who_has_an_account_elsewhere_reuses_it(scenario):
    # GIVEN Charlie has an account in Globex WHEN Acme imports his email
    import_people(scenario.alice, scenario.org, f"email,name\n{scenario.charlie.email},Charlie\n")
    # THEN his one account now belongs to both organizations
    assert person(scenario.org, scenario.charlie.email).user == scenario.charlie.user


def test_role_defaults_to_member(scenario):
    # GIVEN a file without a role column WHEN imported THEN new people are members
    import_people(scenario.alice, scenario.org, TEAM)
    assert person(scenario.org, "ceo@acme.example").role == Role.MEMBER


@pytest.fixture
def dan_added_during_the_import(monkeypatch):
    """Someone else adds Dan after the import looked the organization up, before it inserts."""
    load = Directory.load

    def load_then_add_dan(organization: Organization) -> Directory:
        directory = load(organization)
        add_person(None, organization, "dev@acme.example", "Dan Dev")
        return directory

    monkeypatch.setattr(Directory, "load", load_then_add_dan)


def test_concurrent_add_of_the_same_person_rejects_the_import_and_writes_nothing(
    scenario, dan_added_during_the_import
):
    # GIVEN someone else adds Dan while his file is being imported
    before = Person.objects.count()
    # WHEN the import inserts him too, against the database's unique constraint
    with pytest.raises(ImportRejected) as exc_info:
        import_people(scenario.alice, scenario.org, TEAM)
    # THEN it is refused with a message saying to retry, and nothing of the file was written
    assert exc_info.value.message.startswith("Someone else changed these people")
    assert exc_info.value.errors == []
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(verb="people.imported").exists()


def test_import_page_explains_a_concurrent_change_instead_of_failing(
    scenario, dan_added_during_the_import
):
    # GIVEN someone else adds Dan while the org admin uploads the team file
    upload = SimpleUploadedFile("people.csv", TEAM.encode(), "text/csv")
    # WHEN the page imports it
    response = scenario.client_for(scenario.alice).post(reverse("people_import"), {"file": upload})
    # THEN the page says what happened, rather than failing with a server error
    assert response.status_code == 200
    assert "Someone else changed these people" in response.content.decode()


def test_import_page_keeps_the_ticked_options_after_a_rejected_file(scenario):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = scenario.client_for(scenario.alice)
    upload = SimpleUploadedFile("people.csv", b"email,name\nnot-an-email,Bad Row\n", "text/csv")
    response = client.post("/people/import/", {"file": upload, "invite": "on"})
    assert response.status_code == 200
    assert response.context["form"].initial == {"skip_invalid": False, "invite": True}
