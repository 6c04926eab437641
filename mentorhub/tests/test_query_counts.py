"""Busy pages answer in a number of queries that does not grow with the data on them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.services import enroll


def _grow(scenario, count: int) -> None:
    """Add `count` mentors and mentees, each pair with an active mentorship."""
    start = scenario.program.enrollments.count()
    for i in range(start, start + count):
        mentor = enroll(
            make_person(scenario.org, f"Mentor {i}", level=7),
            scenario.program,
            "mentor",
            capacity=1,
        )
        mentee = enroll(
            make_person(scenario.org, f"Mentee {i}", level=2), scenario.program, "mentee", "Grow"
        )
        mentorship = propose_mentorship(scenario.pete, scenario.program, mentor, mentee)
        accept_mentorship(mentor.person, mentorship)
        accept_mentorship(mentee.person, mentorship)


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("pete", "/programs/{program}/"),
        ("pete", "/"),
        ("pete", "/mentorships/?scope=all"),
        ("alice", "/people/"),
        ("alice", "/audit/"),
        ("pete", "/programs/"),
    ],
)
def test_page_queries_do_not_grow_with_its_data(scenario, who, path):
    client = scenario.client_for(getattr(scenario, who))
    url = path.format(program=scenario.program.pk)
    _grow(scenario, 2)
    few = _queries(client, url)
    _grow(scenario, 8)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with a little data, {many} with more"
