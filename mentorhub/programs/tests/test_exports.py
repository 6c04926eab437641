"""The enrollments CSV: what people typed opens in a spreadsheet as text, never as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from mentorhub.people.models import Person
from mentorhub.programs.exports import COLUMNS, write_enrollments_csv
from mentorhub.programs.models import Enrollment

HYPERLINK = '=HYPERLINK("http://evil.example","x")'


def _rows(program) -> list[dict[str, str]]:
    out = io.StringIO()
    write_enrollments_csv(out, program)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _row_of(rows: list[dict[str, str]], email: str) -> dict[str, str]:
    return next(row for row in rows if row["email"] == email)


def test_goals_that_look_like_a_formula_are_exported_as_text(scenario):
    # GIVEN Max wrote a spreadsheet formula as his goals
    Enrollment.objects.filter(pk=scenario.mentee_enrollment.pk).update(goals=HYPERLINK)
    # WHEN the program's enrollments are exported
    row = _row_of(_rows(scenario.program), scenario.max.email)
    # THEN the cell starts with a quote, so a spreadsheet shows it instead of running it
    assert row["goals"] == "'" + HYPERLINK


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize(
    ("column", "field"), [("name", "full_name"), ("department", "department"), ("title", "title")]
)
def test_every_formula_start_in_a_person_column_is_quoted(scenario, start, column, field):
    # GIVEN a profile field that starts like a formula
    value = f"{start}1+1"
    Person.objects.filter(pk=scenario.mona.pk).update(**{field: value})
    # WHEN the program's enrollments are exported
    row = _row_of(_rows(scenario.program), scenario.mona.email)
    # THEN the cell is quoted
    assert row[column] == "'" + value


def test_ordinary_text_is_exported_unchanged(scenario):
    row = _row_of(_rows(scenario.program), scenario.max.email)
    assert row["name"] == "Max Mentee"
    assert row["department"] == "Sales"
    assert row["goals"] == "Learn system design"
    assert row["role"] == "mentee"
    assert list(row) == COLUMNS


def test_the_downloaded_csv_quotes_a_formula(scenario):
    # GIVEN goals holding a formula
    Enrollment.objects.filter(pk=scenario.mentee_enrollment.pk).update(goals=HYPERLINK)
    # WHEN the manager downloads the CSV from the web
    response = scenario.client_for(scenario.pete).get(
        f"/programs/{scenario.program.pk}/enrollments.csv"
    )
    # THEN the file holds the quoted text
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert _row_of(rows, scenario.max.email)["goals"] == "'" + HYPERLINK
