"""Career mentoring: the plan and its skills gap, goals tied to skills, introductions."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from mentorhub.audit.models import AuditEvent
from mentorhub.careers import services
from mentorhub.careers.gaps import skills_gap
from mentorhub.careers.models import CareerPlan, GoalSkill, Introduction, IntroStatus
from mentorhub.errors import ConflictOfInterest, IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.services import close_mentorship
from mentorhub.people.declarations import declare_conflict
from mentorhub.people.services import SkillEntry, set_skills
from mentorhub.tests import api_as

pytestmark = pytest.mark.django_db
PROGRAM_PAGE_QUERIES = 40


@pytest.fixture
def plan(scenario, career) -> CareerPlan:
    set_skills(scenario.max, scenario.max, [SkillEntry("SQL", 2, "seeks")])
    plan = services.save_plan(scenario.max, career, "Data lead", 18)
    services.set_target_skill(scenario.max, plan, "sql", 4)
    services.set_target_skill(scenario.mona, plan, "Stakeholder management", 3)
    return plan


def _intro(scenario, career, to=None) -> Introduction:
    return services.introduce(scenario.mona, career, to or scenario.alice, "Talk about data")


# The plan and the gap


def test_plan_belongs_to_the_mentee_whoever_writes_it(scenario, career):
    plan = services.save_plan(scenario.mona, career, "  Data   lead ", 18)
    assert plan.person == scenario.max and plan.target_role == "Data lead"
    again = services.save_plan(scenario.max, career, "Analytics manager", 24)
    assert again.pk == plan.pk and again.horizon_months == 24


def test_horizon_is_3_to_60_months_and_named_in_the_error(scenario, career):
    with pytest.raises(InvalidInput) as refused:
        services.save_plan(scenario.max, career, "Data lead", 2)
    assert "horizon_months" in refused.value.field_errors
    with pytest.raises(IntegrityError), transaction.atomic():
        CareerPlan.objects.create(
            mentorship=career, person=scenario.max, target_role="x", horizon_months=61
        )


def test_gap_compares_each_target_with_the_mentees_profile(scenario, plan):
    rows = {r.skill.name: (r.current, r.wanted, r.gap) for r in skills_gap(plan)}
    assert rows == {"SQL": (2, 4, 2), "Stakeholder management": (0, 3, 3)}


def test_goal_from_a_gap_row_is_tied_to_the_skill(scenario, plan):
    sql = plan.target_skills.get(skill__name="SQL").skill
    goal = services.add_gap_goal(scenario.max, plan, sql)
    assert goal.title == "Close the gap in SQL"
    assert GoalSkill.objects.get(goal=goal).skill == sql
    assert [g.pk for r in skills_gap(plan) if r.skill == sql for g in r.goals] == [goal.pk]


def test_only_members_of_an_active_mentorship_change_the_plan(scenario, career, plan):
    with pytest.raises(NotAllowed):
        services.save_plan(scenario.pete, career, "Data lead", 12)
    close_mentorship(scenario.max, career, "mutual", "Done")
    career.refresh_from_db()
    plan.mentorship = career
    with pytest.raises(IllegalTransition):
        services.set_target_skill(scenario.max, plan, "Python", 3)


# Introductions


def test_introduction_is_emailed_and_accepting_shares_contacts(
    scenario, career, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = _intro(scenario, career)
    run_tasks()
    assert [m.to for m in mailoutbox] == [[scenario.alice.email]]
    assert "Talk about data" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_introduction(scenario.alice, intro, accept=True)
    run_tasks()
    accepted = mailoutbox[1:]
    assert sorted(m.to[0] for m in accepted) == sorted([scenario.max.email, scenario.alice.email])
    assert all(scenario.max.email in m.body and scenario.alice.email in m.body for m in accepted)
    intro.refresh_from_db()
    assert intro.status == IntroStatus.ACCEPTED and intro.answered_at is not None


def test_only_the_mentor_introduces(scenario, career):
    with pytest.raises(NotAllowed):
        services.introduce(scenario.max, career, scenario.alice)


def test_no_introduction_to_a_member_an_outsider_or_a_declared_conflict(scenario, career):
    with pytest.raises(InvalidInput):
        services.introduce(scenario.mona, career, scenario.max)
    with pytest.raises(InvalidInput):
        services.introduce(scenario.mona, career, scenario.charlie)
    declare_conflict(scenario.max, scenario.max, scenario.pete)
    with pytest.raises(ConflictOfInterest):
        services.introduce(scenario.mona, career, scenario.pete)


def test_one_pending_introduction_per_pair(scenario, career):
    _intro(scenario, career)
    with pytest.raises(InvalidInput) as refused:
        _intro(scenario, career)
    assert "to_person" in refused.value.field_errors
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(
            mentorship=career,
            introduced_by=scenario.mona,
            mentee=scenario.max,
            to_person=scenario.alice,
        )


def test_only_the_person_introduced_to_answers_and_only_the_mentor_withdraws(scenario, career):
    intro = _intro(scenario, career)
    with pytest.raises(NotAllowed):
        services.answer_introduction(scenario.max, intro, accept=True)
    with pytest.raises(NotAllowed):
        services.withdraw_introduction(scenario.alice, intro)
    services.withdraw_introduction(scenario.mona, intro)
    with pytest.raises(IllegalTransition):
        services.answer_introduction(scenario.alice, intro, accept=True)


def test_audit_names_the_people_but_not_the_note(scenario, career):
    intro = _intro(scenario, career)
    event = AuditEvent.objects.get(verb="introduction.made")
    assert event.details == {"mentee": scenario.max.pk, "to_person": scenario.alice.pk}
    assert "Talk about data" not in event.target_label
    assert intro.note == "Talk about data"


# Pages: privacy per role


def test_members_see_the_plan_page_others_get_404(scenario, career, plan):
    url = f"/mentorships/{career.pk}/career/"
    for person in (scenario.max, scenario.mona):
        page = scenario.client_for(person).get(url)
        assert page.status_code == 200 and "Data lead" in page.content.decode()
    for person in (scenario.pete, scenario.alice, scenario.charlie):
        assert scenario.client_for(person).get(url).status_code == 404


def test_overview_panel_shows_the_gap_to_members_and_nothing_to_managers(scenario, career, plan):
    url = f"/mentorships/{career.pk}/"
    member_page = scenario.client_for(scenario.max).get(url).content.decode()
    assert "Data lead" in member_page and "2 levels to go" in member_page
    manager_page = scenario.client_for(scenario.pete).get(url).content.decode()
    assert "Data lead" not in manager_page and "for the members only" in manager_page


def test_introductions_page_shows_only_ones_own(scenario, career):
    _intro(scenario, career)
    assert (
        "Max Mentee" in scenario.client_for(scenario.alice).get("/introductions/").content.decode()
    )
    other = make_person(scenario.org, "Olga Other")
    assert "Max Mentee" not in scenario.client_for(other).get("/introductions/").content.decode()


def test_managers_see_counts_on_the_program_page(scenario, career):
    services.answer_introduction(scenario.alice, _intro(scenario, career), accept=True)
    page = scenario.client_for(scenario.pete).get(f"/programs/{career.program_id}/")
    text = page.content.decode()
    assert "1 introduction accepted, 0 waiting" in text and "Talk about data" not in text


def test_accepting_on_the_web(scenario, career):
    intro = _intro(scenario, career)
    client = scenario.client_for(scenario.alice)
    assert client.post(f"/introductions/{intro.pk}/accept/").status_code == 302
    intro.refresh_from_db()
    assert intro.status == IntroStatus.ACCEPTED
    assert (
        scenario.client_for(scenario.pete).post(f"/introductions/{intro.pk}/accept/").status_code
        == 404
    )


def test_gap_button_adds_the_goal(scenario, career, plan):
    sql = plan.target_skills.get(skill__name="SQL").skill
    client = scenario.client_for(scenario.max)
    assert client.post(f"/mentorships/{career.pk}/career/skills/{sql.pk}/goal/").status_code == 302
    assert GoalSkill.objects.filter(skill=sql, goal__mentorship=career).exists()


def test_panel_queries_do_not_grow_with_skills_and_intros(scenario, career, plan):
    client = scenario.client_for(scenario.max)
    url = f"/mentorships/{career.pk}/"
    services.add_gap_goal(scenario.max, plan, plan.target_skills.first().skill)
    _intro(scenario, career)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for name in ("Python", "Coaching", "Budgeting", "Hiring"):
        services.set_target_skill(scenario.max, plan, name, 4)
        goal_skill = plan.target_skills.get(skill__name=name).skill
        services.add_gap_goal(scenario.max, plan, goal_skill)
    _intro(scenario, career, make_person(scenario.org, "Nia Network"))
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_program_page_queries_stay_pinned(scenario, career, django_assert_max_num_queries):
    _intro(scenario, career)
    client = scenario.client_for(scenario.pete)
    client.get(f"/programs/{career.program_id}/")
    with django_assert_max_num_queries(PROGRAM_PAGE_QUERIES):
        assert client.get(f"/programs/{career.program_id}/").status_code == 200


def test_other_approaches_have_no_career_pages(scenario, active):
    assert (
        scenario.client_for(scenario.max).get(f"/mentorships/{active.pk}/career/").status_code
        == 404
    )


# API and CLI


def test_api_plan_skills_goal_and_introduction(scenario, career):
    api = api_as(scenario.max)
    put = api.put(
        f"/mentorships/{career.pk}/career-plan", {"target_role": "Data lead", "horizon_months": 12}
    )
    assert put.status_code == 200, put.json()
    skills = api.post(f"/mentorships/{career.pk}/career-plan/skills", {"skill": "SQL", "wanted": 4})
    assert skills.json()["skills_gap"][0]["gap"] == 4
    skill_id = skills.json()["skills_gap"][0]["skill_id"]
    goal = api.post(f"/mentorships/{career.pk}/career-plan/goals", {"skill_id": skill_id})
    assert goal.status_code == 201 and goal.json()["title"] == "Close the gap in SQL"
    assert api_as(scenario.pete).get(f"/mentorships/{career.pk}/career-plan").status_code == 404
    made = api_as(scenario.mona).post(
        "/introductions", {"mentorship": career.pk, "to_person": scenario.alice.pk}
    )
    assert made.status_code == 201, made.json()
    answer = api_as(scenario.alice).post(
        f"/introductions/{made.json()['id']}/answer", {"answer": "accept"}
    )
    assert answer.json()["status"] == "accepted"
    assert api_as(scenario.pete).get("/introductions").json() == []


def test_api_refuses_a_bad_horizon_naming_the_field(scenario, career):
    bad = api_as(scenario.max).put(
        f"/mentorships/{career.pk}/career-plan", {"target_role": "Data lead", "horizon_months": 99}
    )
    assert bad.status_code == 422 and "horizon_months" in str(bad.json())


def test_cli_writes_the_plan_and_introduces(scenario, career, capsys):
    who = ("--as", scenario.max.email, "--org", "acme")
    call_command(
        "career", "plan", *who, "--mentorship", str(career.pk), "--role", "Data lead",
        "--horizon", "12", "--skill", "SQL:4",
    )  # fmt: skip
    assert "Towards Data lead within 12 months." in capsys.readouterr().out
    mona = ("--as", scenario.mona.email, "--org", "acme")
    call_command(
        "career", "intro", *mona, "--mentorship", str(career.pk), "--to", scenario.alice.email
    )
    intro = Introduction.objects.get()
    call_command(
        "career", "answer", "--as", scenario.alice.email, "--org", "acme", str(intro.pk), "accept"
    )
    intro.refresh_from_db()
    assert intro.status == IntroStatus.ACCEPTED
    with pytest.raises(CommandError, match="Only the mentor"):
        call_command(
            "career", "intro", *who, "--mentorship", str(career.pk), "--to", scenario.pete.email
        )


def test_cli_hides_other_peoples_plans(scenario, career):
    with pytest.raises(CommandError):
        call_command(
            "career", "plan", "--as", scenario.pete.email, "--org", "acme",
            "--mentorship", str(career.pk),
        )  # fmt: skip


def test_services_refuse_mentorships_of_other_approaches(scenario, active):
    with pytest.raises(InvalidInput, match="career programs"):
        services.save_plan(scenario.max, active, "Data lead", 12)
    with pytest.raises(InvalidInput, match="career programs"):
        services.introduce(scenario.mona, active, scenario.alice)
