"""URL-walk rows for the journal (see test_url_walk.py for the table's rules).

The walk's personal-development mentorship is made on first use in each test: Mona
mentors Max in a personal program Pete manages; Max wrote one private entry, and a
check-in is open. Entries are their author's; managers and admins get 404 everywhere.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mentorhub.careers.tests.helpers import start_mentorship
from mentorhub.feedback.models import CheckIn
from mentorhub.journal.models import JournalEntry
from mentorhub.journal.services import write_entry
from mentorhub.mentorships.models import Mentorship
from mentorhub.programs.approaches import ApproachKey

LOGIN, NO_TOKEN = 302, 401
MEMBERS_PAGE = (LOGIN, 200, 200, 404, 404, 404)
AUTHOR_WEB = (LOGIN, 302, 404, 404, 404, 404)
AUTHOR_OK = (None, "ok", None, None, None, None)
AUTHOR_API = (NO_TOKEN, 200, 404, 404, 404, 404)


def personal_id(w: Any) -> int:
    found = Mentorship.objects.filter(program__approach=ApproachKey.PERSONAL).first()
    if found is not None:
        return found.pk
    mentorship = start_mentorship(w.scenario, "personal")
    write_entry(w.scenario.max, mentorship, "A private thought.")
    now = timezone.now()
    CheckIn.objects.create(
        mentorship=mentorship, number=1, due_at=now, closes_at=now + timedelta(days=7)
    )
    return mentorship.pk


def entry_id(w: Any) -> int:
    return JournalEntry.objects.get(mentorship_id=personal_id(w)).pk


def checkin_id(w: Any) -> int:
    return CheckIn.objects.get(mentorship_id=personal_id(w)).pk


def journal_page(w: Any) -> str:
    return f"/mentorships/{personal_id(w)}/journal/"


def routes(C: Any) -> dict[str, list[Any]]:
    wellbeing = {"energy": 3, "stress": 2, "balance": 4}
    return {
        "mentorships/<int:mentorship_id>/journal/": [
            C("get", journal_page, MEMBERS_PAGE),
            C(
                "post",
                journal_page,
                (LOGIN, 302, 403, 404, 404, 404),
                {"body": "Walk"},
                flash=AUTHOR_OK,
            ),
        ],
        "journal/<int:entry_id>/share/": [
            C("post", lambda w: f"/journal/{entry_id(w)}/share/", AUTHOR_WEB, flash=AUTHOR_OK)
        ],
        "journal/<int:entry_id>/unshare/": [
            C("post", lambda w: f"/journal/{entry_id(w)}/unshare/", AUTHOR_WEB, flash=AUTHOR_OK)
        ],
        "checkins/<int:checkin_id>/wellbeing/": [
            C(
                "post",
                lambda w: f"/checkins/{checkin_id(w)}/wellbeing/",
                (LOGIN, 302, 302, 404, 404, 404),
                wellbeing,
                flash=(None, "ok", "ok", None, None, None),
            )
        ],
        "api/journal": [
            C(
                "get",
                lambda w: "/api/journal",
                (NO_TOKEN, 200, 200, 404, 404, 404),
                lambda w: {"mentorship": personal_id(w)},
            ),
            C(
                "post",
                lambda w: "/api/journal",
                (NO_TOKEN, 201, 403, 404, 404, 404),
                lambda w: {"mentorship": personal_id(w), "body": "Walk"},
            ),
        ],
        "api/journal/<entry_id>/share": [
            C("post", lambda w: f"/api/journal/{entry_id(w)}/share", AUTHOR_API)
        ],
        "api/journal/<entry_id>/unshare": [
            C("post", lambda w: f"/api/journal/{entry_id(w)}/unshare", AUTHOR_API)
        ],
        "api/checkins/<checkin_id>/wellbeing": [
            C(
                "put",
                lambda w: f"/api/checkins/{checkin_id(w)}/wellbeing",
                (NO_TOKEN, 200, 200, 404, 404, 404),
                wellbeing,
            )
        ],
    }
