"""Structured (formal) programs in stages: setting them, where a mentorship is, the goals each
stage gives a new mentorship, and the structure page, panels, API and CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships.agreements import save_program_plan
from mentorhub.mentorships.models import Goal, Mentorship
from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
from mentorhub.programs.applications import guidelines_version
from mentorhub.programs.models import ProgramResource, ProgramStage
from mentorhub.programs.services import Resource, enroll, update_program
from mentorhub.programs.stage_forms import parse_resource_line, parse_structure
from mentorhub.programs.stages import StagePlan, set_stages, stage_on, stages_of
from mentorhub.programs.tests.formal_helpers import admit, formal_program

HANDBOOK = Resource("Handbook", "https://example.org/handbook", "guide")
GOAL = {"title": "Agree the plan", "milestones": ["Agreement confirmed"], "tasks": ["Book"]}


def _plans() -> list[StagePlan]:
    return [
        StagePlan("Getting started", 2, "Meet.", [GOAL], [HANDBOOK]),
        StagePlan(
            "Feedback",
            4,
            goal_template=[{"title": "Give feedback"}],
            resources=[Resource("Article", "https://example.org/article")],
        ),
    ]


@pytest.fixture
def formal(scenario):
    """GIVEN a formal program Pete manages."""
    scenario.program = formal_program(scenario)
    return scenario


@pytest.fixture
def staged(formal):
    set_stages(formal.pete, formal.program, _plans())
    return formal


def _start(s) -> Mentorship:
    """Mona (mentor) and Max (mentee) are admitted, paired and both accept."""
    mentor = admit(s.pete, enroll(s.mona, s.program, "mentor", "Lead", capacity=2))
    mentee = admit(s.pete, enroll(s.max, s.program, "mentee", "Learn"))
    mentorship = propose_mentorship(s.pete, s.program, mentor, mentee)
    accept_mentorship(s.max, mentorship)
    accept_mentorship(s.mona, mentorship)
    mentorship.refresh_from_db()
    return mentorship


# The service


def test_manager_sets_stages_with_goals_and_resources_audited(staged):
    stages = list(stages_of(staged.program))
    assert [(s.position, s.title, s.weeks) for s in stages] == [
        (1, "Getting started", 2),
        (2, "Feedback", 4),
    ]
    assert stages[0].goal_template[0]["milestones"] == ["Agreement confirmed"]
    assert [(r.title, r.kind) for r in stages[0].resources.all()] == [("Handbook", "guide")]
    event = AuditEvent.objects.get(verb="program.stages_set")
    assert event.details == {"stages": 2, "weeks": 6}


def test_setting_the_same_stages_again_changes_nothing(staged):
    before = list(ProgramStage.objects.values_list("pk", flat=True))
    set_stages(staged.pete, staged.program, _plans())
    assert list(ProgramStage.objects.values_list("pk", flat=True)) == before
    assert AuditEvent.objects.filter(verb="program.stages_set").count() == 1


def test_org_admin_may_set_stages_and_members_may_not(formal):
    assert set_stages(formal.alice, formal.program, _plans()[:1])
    with pytest.raises(NotAllowed):
        set_stages(formal.mona, formal.program, [])


def test_programs_that_are_not_structured_have_no_stages(scenario):
    with pytest.raises(InvalidInput, match="do not run in stages"):
        set_stages(scenario.pete, scenario.program, _plans())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weeks": 53}, "Stage 2 (“Feedback”): a stage lasts 1 to 52 weeks, not 53"),
        ({"title": " "}, "Stage 2: give a one-line title"),
        ({"goal_template": [{"title": ""}]}, "Stage 2 (“Feedback”): Goal 1 needs a title"),
        (
            {"resources": [Resource("Old", "ftp://example.org/x")]},
            "Stage 2 (“Feedback”), resource 1: “ftp://example.org/x” is not a web link",
        ),
        ({"resources": [Resource("X", "https://example.org", "video")]}, "“video” is not a kind"),
    ],
)
def test_a_bad_stage_is_refused_by_name_and_nothing_changes(staged, change, message):
    plans = _plans()
    for key, value in change.items():
        setattr(plans[1], key, value)
    plans[0].title = "Renamed"
    with pytest.raises(InvalidInput) as refused:
        set_stages(staged.pete, staged.program, plans)
    assert message in refused.value.message
    assert refused.value.field_errors == {"stages": [refused.value.message]}
    assert [st.title for st in stages_of(staged.program)] == ["Getting started", "Feedback"]


def test_at_most_twelve_stages(formal):
    with pytest.raises(InvalidInput, match="at most 12 stages; this has 13"):
        set_stages(formal.pete, formal.program, [StagePlan(f"S{i}", 1) for i in range(13)])


def test_saving_the_program_form_keeps_the_stage_resources(staged):
    s = staged
    update_program(s.pete, s.program, {}, resources=[Resource("Guide", "https://example.org/g")])
    assert ProgramResource.objects.filter(program=s.program, stage=None).count() == 1
    assert ProgramResource.objects.filter(program=s.program, stage__isnull=False).count() == 2


def test_stage_guides_and_trainings_ask_for_acknowledgement_again_but_readings_do_not(formal):
    s = formal
    before = guidelines_version(s.program)
    reading = StagePlan("Read", 1, resources=[Resource("A", "https://example.org/a")])
    set_stages(s.pete, s.program, [reading])
    assert guidelines_version(s.program) == before
    training = Resource("Workshop", "https://example.org/w", "training")
    set_stages(s.pete, s.program, [StagePlan("Train", 1, resources=[training])])
    assert guidelines_version(s.program) != before


# Where a mentorship is


def test_stage_on_names_the_stage_its_week_and_dates(staged):
    stages = list(stages_of(staged.program))
    start = date(2026, 3, 2)
    where = stage_on(stages, start, date(2026, 3, 2) + timedelta(days=20))  # week 3
    assert where.current is not None and where.next is None
    assert (where.current.number, where.week, where.total) == (2, 3, 2)
    assert (where.current.starts_on, where.current.ends_on) == (
        date(2026, 3, 16),
        date(2026, 4, 12),
    )
    first = stage_on(stages, start, date(2026, 3, 15))
    assert first.current is not None and first.current.number == 1
    assert first.next is not None and first.next.stage.title == "Feedback"


def test_before_the_start_the_first_stage_is_next_and_after_the_end_all_are_done(staged):
    stages = list(stages_of(staged.program))
    before = stage_on(stages, date(2026, 3, 2), date(2026, 3, 1))
    assert before.current is None and not before.finished
    assert before.next is not None and before.next.number == 1
    after = stage_on(stages, date(2026, 3, 2), date(2026, 4, 13))
    assert after.current is None and after.finished and after.next is None


# Goals of a new mentorship


def test_a_starting_mentorship_gets_each_stages_goals_due_on_its_last_day(staged):
    s = staged
    save_program_plan(s.pete, s.program, {}, goal_template=[{"title": "Whole program goal"}])
    mentorship = _start(s)
    start = timezone.localdate(mentorship.activated_at)
    goals = {g.title: g for g in Goal.objects.filter(mentorship=mentorship)}
    assert goals["Whole program goal"].due_on is None
    assert goals["Agree the plan"].due_on == start + timedelta(days=13)
    assert goals["Give feedback"].due_on == start + timedelta(days=41)
    assert list(goals["Agree the plan"].milestones.values_list("title", flat=True)) == [
        "Agreement confirmed"
    ]
    assert AuditEvent.objects.get(verb="goals.prefilled").details == {"goals": 3}


def test_due_dates_count_from_the_sites_day_not_the_accepting_persons(staged):
    # 20:00 UTC on 4 May is already 5 May in Tokyo, where Mona accepts last.
    accepted = datetime(2026, 5, 4, 20, tzinfo=UTC)
    with time_machine.travel(accepted, tick=False), timezone.override("Asia/Tokyo"):
        mentorship = _start(staged)
    due = Goal.objects.get(mentorship=mentorship, title="Agree the plan").due_on
    assert due == date(2026, 5, 4) + timedelta(days=13)


# Pages


def test_manager_writes_the_stages_as_one_outline(formal):
    s = formal
    url = reverse("program_structure", args=[s.program.pk])
    outline = (
        "## Getting started (2 weeks)\n> Meet and agree.\nAgree the plan\n- Agreement confirmed\n"
        "* Book meetings\nHandbook | https://example.org/handbook | guide\n\n"
        "## Feedback (1 week)\nGive feedback\n"
    )
    answer = s.client_for(s.pete).post(url, {"stages": outline})
    assert answer.status_code == 302
    stages = list(stages_of(s.program))
    assert [(st.title, st.weeks, st.description) for st in stages] == [
        ("Getting started", 2, "Meet and agree."),
        ("Feedback", 1, ""),
    ]
    assert stages[0].goal_template[0]["tasks"] == ["Book meetings"]
    page = s.client_for(s.pete).get(url).content.decode()
    assert (
        "## Getting started (2 weeks)" in page and "Handbook | https://example.org/handbook" in page
    )


def test_saving_the_outline_keeps_the_goal_descriptions_it_cannot_show(formal):
    s = formal
    described = {"title": "Agree the plan", "description": "Write it down together."}
    set_stages(s.pete, s.program, [StagePlan("Start", 2, goal_template=[described])])
    url = reverse("program_structure", args=[s.program.pk])
    outline = s.client_for(s.pete).get(url).context["form"].initial["stages"]
    answer = s.client_for(s.pete).post(url, {"stages": outline.replace("(2 weeks)", "(3 weeks)")})
    assert answer.status_code == 302
    stage = stages_of(s.program).get()
    assert stage.weeks == 3
    assert stage.goal_template[0]["description"] == "Write it down together."


@pytest.mark.parametrize(
    ("outline", "message"),
    [
        ("Agree the plan\n", "Line 1: start with a stage"),
        ("## Start\n", "Line 1: write a stage as"),
        ("## Start (2 weeks)\n- A milestone\n", "Line 2: write a goal before"),
        (
            "## Start (2 weeks)\nGuide | example.org/x\n",
            "Line 2: “example.org/x” is not a web link",
        ),
        ("## Start (60 weeks)\n", "Stage 1 (“Start”): a stage lasts 1 to 52 weeks"),
    ],
)
def test_a_bad_outline_is_shown_again_with_the_line_or_stage_named(formal, outline, message):
    s = formal
    url = reverse("program_structure", args=[s.program.pk])
    answer = s.client_for(s.pete).post(url, {"stages": outline})
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not ProgramStage.objects.exists()


def test_structure_page_is_for_managers_of_structured_programs(formal):
    s = formal
    url = reverse("program_structure", args=[s.program.pk])
    assert s.client_for(s.alice).get(url).status_code == 200
    assert s.client_for(s.mona).get(url).status_code == 403
    assert s.client_for(s.charlie).get(url).status_code == 404
    informal = reverse("program_structure", args=[s.org.programs.get(approach="traditional").pk])
    assert s.client_for(s.pete).get(informal).status_code == 404


def test_program_page_shows_the_timeline_and_only_managers_the_edit_link(staged):
    s = staged
    page = reverse("program_detail", args=[s.program.pk])
    edit = reverse("program_structure", args=[s.program.pk])
    mentor_view = s.client_for(s.mona).get(page).content.decode()
    assert "6 weeks in 2 stages" in mentor_view and "weeks 3–6" in mentor_view
    assert "Handbook" in mentor_view and edit not in mentor_view
    assert edit in s.client_for(s.pete).get(page).content.decode()


def test_mentorship_page_says_which_stage_it_is_in(staged):
    s = staged
    mentorship = _start(s)
    body = s.client_for(s.max).get(reverse("mentorship_detail", args=[mentorship.pk]))
    text = body.content.decode()
    assert "Stage 1 of 2: Getting started" in text and "Week 1, until" in text
    assert "Next: <strong>Feedback</strong>" in text and "Handbook" in text


def test_program_form_takes_the_kind_of_each_resource(formal):
    s = formal
    url = reverse("program_edit", args=[s.program.pk])
    data = {
        "name": "Leaders",
        "approach": "formal",
        "matching_mode": "admin",
        "evergreen": "on",
        "meeting_cadence": "biweekly",
        "resources": "Workshop | https://example.org/w | training\nNotes | https://example.org/n",
    }
    assert s.client_for(s.pete).post(url, data).status_code == 302
    kinds = ProgramResource.objects.filter(program=s.program).values_list("title", "kind")
    assert sorted(kinds) == [("Notes", "reading"), ("Workshop", "training")]


def test_resource_lines_accept_a_pipe_in_the_title():
    assert parse_resource_line("A | B | https://example.org | guide") == Resource(
        "A | B", "https://example.org", "guide"
    )
    assert parse_structure("") == []


def test_a_resource_title_with_a_control_character_is_named_as_the_problem():
    with pytest.raises(ValueError, match="title on one line"):
        parse_resource_line("Hand\x01book | https://example.org/handbook | guide")


# API and CLI


def test_api_reads_stages_for_members_and_sets_them_for_managers(staged):
    s = staged
    path = f"/api/programs/{s.program.pk}/structure"
    read = s.client_for(s.max).get(path).json()
    assert read["weeks"] == 6
    assert [(st["title"], st["first_week"], st["last_week"]) for st in read["stages"]] == [
        ("Getting started", 1, 2),
        ("Feedback", 3, 6),
    ]
    assert read["stages"][0]["resources"][0]["kind"] == "guide"
    body = {"stages": [{"title": "Only", "weeks": 3, "goal_template": [{"title": "G"}]}]}
    answer = s.client_for(s.pete).put(path, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["weeks"] == 3
    assert s.client_for(s.mona).put(path, body, content_type="application/json").status_code == 403
    assert s.client_for(s.charlie).get(path).status_code == 404


def test_api_refuses_a_stage_too_long_naming_it(staged):
    s = staged
    path = f"/api/programs/{s.program.pk}/structure"
    body = {"stages": [{"title": "Long", "weeks": 60}]}
    answer = s.client_for(s.pete).put(path, body, content_type="application/json")
    assert answer.status_code == 422
    assert "stages.0.weeks" in answer.json()["errors"]


def test_program_api_lists_only_program_wide_resources_with_their_kind(staged):
    s = staged
    resources = s.client_for(s.max).get(f"/api/programs/{s.program.pk}").json()["resources"]
    assert resources == [
        {"title": "Handbook", "url": "https://example.org/handbook", "kind": "reading"}
    ]


def test_cli_shows_and_sets_the_stages(staged, tmp_path, capsys):
    s = staged
    who = ("--program", str(s.program.pk), "--as", s.pete.email, "--org", "acme")
    call_command("program_structure", "show", *who)
    shown = json.loads(capsys.readouterr().out)
    assert [st["title"] for st in shown["stages"]] == ["Getting started", "Feedback"]
    shown["stages"][1]["weeks"] = 5
    file = tmp_path / "structure.json"
    file.write_text(json.dumps(shown))
    call_command("program_structure", "set", "--file", str(file), *who)
    assert "2 stage(s), 7 weeks" in capsys.readouterr().out
    file.write_text('{"stages": [{"title": "X", "weeks": 0}]}')
    with pytest.raises(CommandError, match=r"stages\.0\.weeks"):
        call_command("program_structure", "set", "--file", str(file), *who)
    mona = ("--program", str(s.program.pk), "--as", s.mona.email, "--org", "acme")
    with pytest.raises(CommandError, match="managers"):
        call_command("program_structure", "set", "--file", str(file), *mona)


def test_the_panels_read_the_stages_in_two_queries_however_many(staged, django_assert_num_queries):
    from mentorhub.programs.templatetags.stage_tags import mentorship_stage

    s = staged
    mentorship = Mentorship.objects.select_related("program").get(pk=_start(s).pk)
    set_stages(s.pete, s.program, [*_plans(), *(StagePlan(f"More {i}", 1) for i in range(5))])
    with django_assert_num_queries(2):
        where = mentorship_stage(mentorship)
        assert where is not None and where.total == 7
        assert [r.title for r in where.spans[0].stage.resources.all()] == ["Handbook"]
