"""The `import_people` command and the import page: what an operator and an org admin see."""

from __future__ import annotations

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mentorhub.people.importing import COLUMNS
from mentorhub.people.models import Person

GOOD = b"email,name,title\nnew@acme.example,Nia New,Engineer\n"
BAD = (
    b"email,name,level,timezone\n"
    b"ok@acme.example,Olga Ok,2,UTC\n"
    b"tz@acme.example,Tina Zone,3,Europe/Berln\n"
    b"lvl@acme.example,Lev El,11,UTC\n"
)
SAMPLE = Path(__file__).resolve().parent.parent / "sample_people.csv"


def run(*args: str, stdin: bytes | None = None) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    extra = {"stdin": BytesIO(stdin)} if stdin is not None else {}
    call_command("import_people", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    return str(path)


def test_command_imports_a_good_file(scenario, tmp_path):
    # GIVEN a good file WHEN imported from the command line THEN the person exists
    out, _ = run(write(tmp_path, GOOD), "--org", "acme")
    assert "Added 1" in out
    assert Person.objects.filter(organization=scenario.org, email="new@acme.example").exists()


def test_command_rejects_a_bad_file_with_status_1_and_line_numbers(scenario, tmp_path):
    # GIVEN a file with bad lines 3 and 4
    err = StringIO()
    # WHEN imported THEN the command fails with exit status 1, naming each line
    with pytest.raises(CommandError) as exc_info:
        call_command("import_people", write(tmp_path, BAD), "--org", "acme", stderr=err)
    assert exc_info.value.returncode == 1
    assert "line 3, timezone:" in err.getvalue()
    assert "line 4, level:" in err.getvalue()
    assert not Person.objects.filter(email="ok@acme.example").exists()


def test_command_skip_invalid_reports_skipped_lines(scenario, tmp_path):
    out, err = run(write(tmp_path, BAD), "--org", "acme", "--skip-invalid")
    assert "Added 1" in out
    assert "skipped line 3, timezone:" in err


def test_dry_run_writes_nothing(scenario, tmp_path):
    out, _ = run(write(tmp_path, GOOD), "--org", "acme", "--dry-run")
    assert "would add 1" in out
    assert not Person.objects.filter(email="new@acme.example").exists()


def test_dash_reads_standard_input(scenario):
    out, _ = run("-", "--org", "acme", stdin=GOOD)
    assert "Added 1" in out


def test_unknown_organization_is_a_clear_error(scenario, tmp_path):
    with pytest.raises(CommandError, match="No organization with the slug “nope”"):
        run(write(tmp_path, GOOD), "--org", "nope")


def test_missing_file_is_a_clear_error(scenario, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "absent.csv"), "--org", "acme")


def test_file_that_is_not_utf8_is_a_clear_error(scenario, tmp_path):
    with pytest.raises(CommandError, match="not UTF-8"):
        run(
            write(tmp_path, "email,name\nzoë@acme.example,Zoë\n".encode("latin-1")), "--org", "acme"
        )


def test_sample_file_imports_cleanly(scenario):
    # GIVEN the sample shipped with the docs WHEN imported THEN every row is accepted
    out, err = run(str(SAMPLE), "--org", "acme")
    assert err == ""
    assert "skipped 0" in out


# --- the web page ----------------------------------------------------------------------------


def upload(data: bytes, **flags: str) -> dict[str, object]:
    return {"file": SimpleUploadedFile("people.csv", data, "text/csv"), **flags}


def test_page_shows_the_form_and_every_column_to_an_admin(scenario):
    response = scenario.client_for(scenario.alice).get(reverse("people_import"))
    assert response.status_code == 200
    assert [c for c in COLUMNS if f"<td>{c}</td>" not in response.content.decode()] == []


def test_page_shows_every_bad_row_and_imports_nothing(scenario):
    # GIVEN the org admin uploads a file with bad lines 3 and 4
    client = scenario.client_for(scenario.alice)
    # WHEN it is posted
    response = client.post(reverse("people_import"), upload(BAD))
    # THEN both lines are listed with their reasons, and nobody was added
    lines = [(p.line, p.column) for p in response.context["problems"]]
    assert lines == [(3, "timezone"), (4, "level")]
    assert "Europe/Berln" in response.content.decode()
    assert not Person.objects.filter(email="ok@acme.example").exists()


def test_page_imports_a_good_file(scenario):
    response = scenario.client_for(scenario.alice).post(reverse("people_import"), upload(GOOD))
    assert response.context["result"].added == 1


def test_page_is_forbidden_to_a_member(scenario):
    response = scenario.client_for(scenario.mona).get(reverse("people_import"))
    assert response.status_code == 403


def test_page_refuses_a_post_from_a_member(scenario):
    response = scenario.client_for(scenario.mona).post(reverse("people_import"), upload(GOOD))
    assert response.status_code == 403
    assert not Person.objects.filter(email="new@acme.example").exists()


def test_page_needs_sign_in(scenario):
    response = scenario.client_for(None).get(reverse("people_import"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
        ("email,name\nzoë@acme.example,Zoë\n".encode("utf-16"), "UTF-16"),
        ("email,name\nzoë@acme.example,Zoë\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
        (b"\n\n", "the file is empty"),
        (b"Nia New,new@acme.example\n", "required column"),
    ],
)
def test_page_explains_unusable_files_without_failing(scenario, data, message):
    # GIVEN a file that is not a usable CSV WHEN uploaded THEN the page says why
    response = scenario.client_for(scenario.alice).post(reverse("people_import"), upload(data))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_page_refuses_more_rows_than_allowed(scenario, settings):
    settings.IMPORT_MAX_ROWS = 1
    data = GOOD + b"two@acme.example,Two\n"
    response = scenario.client_for(scenario.alice).post(reverse("people_import"), upload(data))
    assert "more than 1 rows" in response.content.decode()
