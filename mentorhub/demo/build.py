"""Build (and remove) the demo organization, Northwind Labs, in one transaction.

Everything is written through the domain actions, deterministically for a seed and a day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentorhub.accounts.models import User
from mentorhub.demo import DEMO_ORG_NAME, DEMO_PASSWORD, DEMO_SEED, DEMO_SLUG
from mentorhub.demo.activity import settle_sweeps
from mentorhub.demo.calendar import play_calendar
from mentorhub.demo.careers import play_careers
from mentorhub.demo.circles import play_circles
from mentorhub.demo.crisis import play_crisis
from mentorhub.demo.feedback import play_feedback
from mentorhub.demo.flash import play_flash
from mentorhub.demo.formal import play_formal
from mentorhub.demo.journal import play_journal
from mentorhub.demo.people import PersonPlan, plan_people
from mentorhub.demo.programs import Cast, play_stories
from mentorhub.demo.timeline import Timeline
from mentorhub.notify import silenced_email
from mentorhub.people.declarations import declare_conflict
from mentorhub.people.models import Organization, Person
from mentorhub.people.services import add_person, create_organization, set_availability, set_skills

SETUP_DAYS_AGO = 420  # when Northwind started using mentorhub


class DemoExists(Exception):
    pass


def demo_organization() -> Organization | None:
    return Organization.objects.filter(slug=DEMO_SLUG).first()


def build_demo(seed: int = DEMO_SEED, today: date | None = None) -> Organization:
    """The demo organization with its people, programs and mentorships, for this seed and day."""
    if demo_organization() is not None:
        raise DemoExists(f"The demo organization (slug “{DEMO_SLUG}”) already exists.")
    today = today or timezone.localdate()
    plans = plan_people(seed, today)
    with _quiet_email(), transaction.atomic():
        org = create_organization(DEMO_ORG_NAME, DEMO_SLUG)
        timeline = Timeline(today, org)
        people = _add_people(org, plans, timeline, random.Random(seed + 1))
        _declare_conflicts(people, random.Random(seed + 3))
        play_stories(Cast.of(people, plans, random.Random(seed + 2), timeline))
        play_feedback(timeline, org)
        play_circles(timeline, org)
        play_careers(timeline, org)
        play_journal(timeline, org)
        play_flash(timeline, org)
        play_crisis(timeline, org)
        play_formal(timeline, org)
        play_calendar(timeline, org)
        settle_sweeps(timeline, org)  # last: what the sweeps did while all of it played
        founded = timeline.at(SETUP_DAYS_AGO + 1)
        Organization.objects.filter(pk=org.pk).update(created_at=founded)
        org.audit_events.filter(verb="organization.created").update(created_at=founded)
    return org


# What people tell the platform the org chart cannot: never pair them, in any program.
CONFLICT_REASONS = ("we are siblings", "we are partners", "former co-founders, still in a dispute")


def _declare_conflicts(people: list[Person], rng: random.Random) -> None:
    for reason in CONFLICT_REASONS:
        declarer, other = rng.sample(people, 2)
        declare_conflict(declarer, declarer, other, reason)


@transaction.atomic
def delete_demo() -> bool:
    """Remove the demo organization and the sign-ins that belonged only to it."""
    org = demo_organization()
    if org is None:
        return False
    user_ids = list(org.people.values_list("user_id", flat=True))
    org.delete()
    User.objects.filter(pk__in=user_ids, people__isnull=True).delete()
    return True


@contextmanager
def _quiet_email() -> Iterator[None]:
    """Hundreds of notifications would go out while the story plays; nobody should get them."""
    with silenced_email():
        yield


def _add_people(
    org: Organization, plans: list[PersonPlan], timeline: Timeline, rng: random.Random
) -> list[Person]:
    people: list[Person] = []
    for plan in plans:
        people.append(
            add_person(
                None,
                org,
                plan.email,
                plan.full_name,
                plan.role,
                title=plan.title,
                department=plan.department,
                manager=people[plan.manager] if plan.manager is not None else None,
                level=plan.level,
                timezone=plan.office.timezone,
                languages=plan.languages,
                bio=plan.bio,
                interests=plan.interests,
                mentor_capacity=plan.mentor_capacity,
            )
        )
    timeline.settle(SETUP_DAYS_AGO)
    for person, plan in zip(people, plans, strict=True):
        set_skills(person, person, plan.skills)
        set_availability(person, person, plan.slots)
        timeline.settle(SETUP_DAYS_AGO - rng.uniform(1, 300))  # profiles filled in over time
    joined = timeline.at(SETUP_DAYS_AGO)
    Person.objects.filter(organization=org).update(created_at=joined)
    # One Argon2 hash shared by every demo sign-in: hashing 300 times would take minutes.
    User.objects.filter(people__organization=org).update(
        password=make_password(DEMO_PASSWORD), date_joined=joined
    )
    return people
