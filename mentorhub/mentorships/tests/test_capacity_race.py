"""Capacity holds under concurrency: 20 simultaneous acceptances, capacity 3, exactly 3 win.

Runs on whichever database the suite uses (SQLite locally, PostgreSQL in CI's second run).
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from conftest import make_person
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.services import request_mentorship
from mentorhub.programs.models import Enrollment
from mentorhub.programs.services import create_program, enroll, set_program_status

RACERS = 20
CAPACITY = 3


@pytest.fixture
def twenty_requests(transactional_db):
    from mentorhub.people.models import Role
    from mentorhub.people.services import create_organization

    org = create_organization("Race Inc", "race")
    admin = make_person(org, "Ada Admin", Role.ADMIN, level=9)
    program = create_program(
        admin,
        {
            "name": "Race",
            "approach": "traditional",
            "evergreen": True,
            "matching_mode": "self_service",
        },
    )
    set_program_status(admin, program, "open")
    program.refresh_from_db()
    mentor = make_person(org, "Mira Mentor", level=7)
    mentor_enrollment = enroll(mentor, program, "mentor", capacity=CAPACITY)
    requests = []
    for i in range(RACERS):
        mentee = make_person(org, f"Mentee {i:02d}", level=2)
        mentee_enrollment = enroll(mentee, program, "mentee", "Grow")
        requests.append(request_mentorship(mentee, mentee_enrollment, mentor_enrollment))
    return mentor, mentor_enrollment, requests


def _accept_all_at_once(mentor, requests) -> list[tuple[int, list[str]]]:
    clients = []
    for _ in requests:
        client = Client()
        client.force_login(mentor.user)
        clients.append(client)
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, list[str]]] = [(0, [])] * len(requests)

    def accept(index: int) -> None:
        try:
            barrier.wait()
            response = clients[index].post(f"/mentorships/{requests[index].pk}/accept/")
            notes = [str(m) for m in get_messages(response.wsgi_request)]
            results[index] = (response.status_code, notes)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_simultaneous_acceptances_fill_exactly_the_capacity(twenty_requests):
    # GIVEN a mentor with capacity 3 and 20 pending requests
    mentor, mentor_enrollment, requests = twenty_requests
    # WHEN the mentor accepts all 20 at the same moment
    results = _accept_all_at_once(mentor, requests)
    # THEN exactly 3 are active, the load is 3, and every other answer says the mentor is full
    assert all(status == 302 for status, _ in results), results
    winners = [notes for _, notes in results if notes == ["Accepted."]]
    full = [notes for _, notes in results if any("is full" in n for n in notes)]
    assert len(winners) == CAPACITY
    assert len(full) == RACERS - CAPACITY
    assert Mentorship.objects.filter(status=Status.ACTIVE).count() == CAPACITY
    assert Enrollment.objects.get(pk=mentor_enrollment.pk).load == CAPACITY
