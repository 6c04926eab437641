"""URL-walk rows for careers (see test_url_walk.py for the table's rules).

The walk's career mentorship is made on first use in each test: Mona mentors Max in a
career program Pete manages, with a plan targeting SQL. Plans are for the two members; an
introduction (Mona introduces Max to Alice) for its three people; everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from mentorhub.careers.models import CareerPlan, Introduction
from mentorhub.careers.services import introduce, save_plan, set_target_skill
from mentorhub.careers.tests.helpers import start_mentorship
from mentorhub.mentorships.models import Mentorship
from mentorhub.programs.approaches import ApproachKey

LOGIN, NO_TOKEN = 302, 401
MEMBERS_PAGE = (LOGIN, 200, 200, 404, 404, 404)
MEMBERS_WEB = (LOGIN, 302, 302, 404, 404, 404)
MEMBERS_OK = (None, "ok", "ok", None, None, None)
MEMBERS_API = (NO_TOKEN, 200, 200, 404, 404, 404)
EVERYONE = (LOGIN, 200, 200, 200, 200, 200)


def career_id(w: Any) -> int:
    found = Mentorship.objects.filter(program__approach=ApproachKey.CAREER).first()
    if found is not None:
        return found.pk
    mentorship = start_mentorship(w.scenario, "career")
    plan = save_plan(w.scenario.max, mentorship, "Data lead", 12)
    set_target_skill(w.scenario.max, plan, "SQL", 4)
    return mentorship.pk


def skill_id(w: Any) -> int:
    plan = CareerPlan.objects.get(mentorship_id=career_id(w))
    return plan.target_skills.get().skill_id


def intro_id(w: Any) -> int:
    found = Introduction.objects.filter(mentorship_id=career_id(w)).first()
    if found is not None:
        return found.pk
    mentorship = Mentorship.objects.get(pk=career_id(w))
    return introduce(w.scenario.mona, mentorship, w.scenario.alice, "Walk").pk


def plan_page(w: Any) -> str:
    return f"/mentorships/{career_id(w)}/career/"


def api_plan(w: Any) -> str:
    return f"/api/mentorships/{career_id(w)}/career-plan"


def routes(C: Any) -> dict[str, list[Any]]:
    plan = {"target_role": "Data lead", "horizon_months": 12}
    return {
        "mentorships/<int:mentorship_id>/career/": [
            C("get", plan_page, MEMBERS_PAGE),
            C("post", plan_page, MEMBERS_WEB, plan, flash=MEMBERS_OK),
        ],
        "mentorships/<int:mentorship_id>/career/skills/": [
            C(
                "post",
                lambda w: plan_page(w) + "skills/",
                MEMBERS_WEB,
                {"skill": "Python", "wanted": 3},
                flash=MEMBERS_OK,
            )
        ],
        "mentorships/<int:mentorship_id>/career/skills/<int:skill_id>/remove/": [
            C(
                "post",
                lambda w: f"{plan_page(w)}skills/{skill_id(w)}/remove/",
                MEMBERS_WEB,
                flash=MEMBERS_OK,
            )
        ],
        "mentorships/<int:mentorship_id>/career/skills/<int:skill_id>/goal/": [
            C(
                "post",
                lambda w: f"{plan_page(w)}skills/{skill_id(w)}/goal/",
                MEMBERS_WEB,
                flash=MEMBERS_OK,
            )
        ],
        "mentorships/<int:mentorship_id>/introductions/": [
            C(
                "post",
                lambda w: f"/mentorships/{career_id(w)}/introductions/",
                (LOGIN, 403, 302, 404, 404, 404),
                lambda w: {"to_person": w.scenario.alice.pk, "note": "Walk"},
                flash=(None, None, "ok", None, None, None),
            )
        ],
        "introductions/": [C("get", lambda w: "/introductions/", EVERYONE)],
        "introductions/<int:introduction_id>/<str:answer>/": [
            C(
                "post",
                lambda w: f"/introductions/{intro_id(w)}/accept/",
                (LOGIN, 403, 403, 404, 302, 404),
                flash=(None, None, None, None, "ok", None),
            ),
            C(
                "post",
                lambda w: f"/introductions/{intro_id(w)}/withdraw/",
                (LOGIN, 403, 302, 404, 403, 404),
                flash=(None, None, "ok", None, None, None),
            ),
            C(
                "post",
                lambda w: f"/introductions/{intro_id(w)}/maybe/",
                (LOGIN, 404, 404, 404, 404, 404),
            ),
        ],
        "api/mentorships/<mentorship_id>/career-plan": [
            C("get", api_plan, MEMBERS_API),
            C("put", api_plan, MEMBERS_API, plan),
        ],
        "api/mentorships/<mentorship_id>/career-plan/skills": [
            C("post", lambda w: api_plan(w) + "/skills", MEMBERS_API, {"skill": "Go", "wanted": 2})
        ],
        "api/mentorships/<mentorship_id>/career-plan/goals": [
            C(
                "post",
                lambda w: api_plan(w) + "/goals",
                (NO_TOKEN, 201, 201, 404, 404, 404),
                lambda w: {"skill_id": skill_id(w)},
            )
        ],
        "api/introductions": [
            C("get", lambda w: "/api/introductions", (NO_TOKEN, 200, 200, 200, 200, 200)),
            C(
                "post",
                lambda w: "/api/introductions",
                (NO_TOKEN, 403, 201, 404, 404, 404),
                lambda w: {"mentorship": career_id(w), "to_person": w.scenario.alice.pk},
            ),
        ],
        "api/introductions/<introduction_id>/answer": [
            C(
                "post",
                lambda w: f"/api/introductions/{intro_id(w)}/answer",
                (NO_TOKEN, 403, 403, 404, 200, 404),
                {"answer": "accept"},
            )
        ],
    }
