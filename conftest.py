"""Shared test fixtures: the people of a small program scenario, and an outsider.

Alice is the org admin, Pete manages the program, Mona mentors, Max is a mentee, and
Charlie belongs to another organization and must never see any of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Organization, Person, Role
from mentorhub.people.services import add_person, create_organization
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import create_program, enroll, set_program_status

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (tested in accounts); tests hash cheaply for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _console_free_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class Scenario:
    org: Organization
    alice: Person  # org admin
    pete: Person  # program manager of `program`
    mona: Person  # mentor
    max: Person  # mentee
    charlie: Person  # outsider, other organization
    program: Program
    mentor_enrollment: Enrollment
    mentee_enrollment: Enrollment

    def client_for(self, person: Person | None) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person.user)
        return client


def make_person(org: Organization, name: str, role: str = Role.MEMBER, **profile) -> Person:
    email = f"{name.lower().replace(' ', '.')}@{org.slug}.example"
    return add_person(None, org, email, name, role, password=PASSWORD, **profile)


@pytest.fixture
def scenario(db) -> Scenario:
    org = create_organization("Acme", "acme")
    other = create_organization("Globex", "globex")
    alice = make_person(org, "Alice Admin", Role.ADMIN, level=8)
    pete = make_person(org, "Pete Manager", Role.PROGRAM_MANAGER, level=6, manager=alice)
    mona = make_person(org, "Mona Mentor", level=6, department="Engineering")
    max_ = make_person(org, "Max Mentee", level=2, department="Sales")
    charlie = make_person(other, "Charlie Outsider", Role.ADMIN, level=5)
    program = create_program(
        pete,
        {
            "name": "Engineering mentoring",
            "approach": "traditional",
            # Hybrid: the manager pairs people and mentees may also send requests.
            "matching_mode": "hybrid",
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
        },
    )
    set_program_status(pete, program, "open")
    program.refresh_from_db()
    mentor_enrollment = enroll(mona, program, "mentor", "Help people grow", capacity=2)
    mentee_enrollment = enroll(max_, program, "mentee", "Learn system design")
    return Scenario(
        org, alice, pete, mona, max_, charlie, program, mentor_enrollment, mentee_enrollment
    )


@pytest.fixture
def proposed(scenario: Scenario) -> Mentorship:
    from mentorhub.mentorships.services import propose_mentorship

    return propose_mentorship(
        scenario.pete, scenario.program, scenario.mentor_enrollment, scenario.mentee_enrollment
    )


def activate(scenario: Scenario, mentorship: Mentorship) -> Mentorship:
    """Both sides accept: Mona's and Max's mentorship is active (with its members fetched)."""
    from mentorhub.mentorships.services import accept_mentorship

    accept_mentorship(scenario.max, mentorship)
    accept_mentorship(scenario.mona, mentorship)
    return Mentorship.objects.prefetch_related("members__person").get(pk=mentorship.pk)


@pytest.fixture
def active(scenario: Scenario, proposed: Mentorship) -> Mentorship:
    return activate(scenario, proposed)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Sign-in throttling counts in the cache; each test starts with none (also on Redis).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks():
    """Call to run every queued task that is due, as `mentorhub worker` would.

    Emails (and other background work) leave through the task queue, after commit: a test
    that checks the outbox runs the action with `django_capture_on_commit_callbacks(execute=
    True)` so the tasks are queued, then calls `run_tasks()` to send them.
    """
    from mentorhub.tasks.worker import Worker

    def drain() -> int:
        return Worker(name="tests").drain()

    return drain


@pytest.fixture
def work(django_capture_on_commit_callbacks, run_tasks):
    """Run due tasks as the worker would: a task (a sweep, a reminder) queues its emails
    after commit, and the second pass sends them."""

    def drain() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            run_tasks()
        run_tasks()

    return drain
