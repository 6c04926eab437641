"""Circles in the browser and the API: forming, leaving, own goals and comments, per role."""

from __future__ import annotations

import pytest

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.mentorships.goals import add_goal, comment_on_goal
from mentorhub.mentorships.models import Departure, Goal, Mentorship, Status
from mentorhub.mentorships.tests.circle_helpers import active_circle, group


@pytest.fixture
def g(scenario):
    return group(scenario)


@pytest.fixture
def circle(scenario, g):
    return active_circle(scenario, g)


def test_a_manager_forms_a_circle_from_the_program_page(scenario, g):
    client = scenario.client_for(scenario.pete)
    page = client.get(f"/programs/{g.program.pk}/")
    assert b"Form a circle" in page.content
    ids = [e.pk for e in g.circle]
    answer = client.post(f"/mentorships/circles/{g.program.pk}/", {"enrollments": ids})
    circle = Mentorship.objects.get(program=g.program)
    assert answer.status_code == 302 and answer.url == f"/mentorships/{circle.pk}/"
    assert circle.members.count() == 4 and circle.status == Status.PROPOSED


def test_a_refused_circle_says_why_on_the_program_page(scenario, g):
    client = scenario.client_for(scenario.pete)
    ids = [g.mentor.pk, g.mentees[0].pk]
    answer = client.post(f"/mentorships/circles/{g.program.pk}/", {"enrollments": ids}, follow=True)
    assert b"needs at least 2 mentees" in answer.content
    assert not Mentorship.objects.filter(program=g.program).exists()


def test_members_do_not_see_the_circle_form_and_cannot_post_it(scenario, g):
    client = scenario.client_for(scenario.mona)
    assert b"Form a circle" not in client.get(f"/programs/{g.program.pk}/").content
    ids = [e.pk for e in g.circle]
    assert (
        client.post(f"/mentorships/circles/{g.program.pk}/", {"enrollments": ids}).status_code
        == 403
    )
    outsider = scenario.client_for(scenario.charlie)
    assert (
        outsider.post(f"/mentorships/circles/{g.program.pk}/", {"enrollments": ids}).status_code
        == 404
    )


def test_a_mentee_leaves_from_the_circle_page(scenario, g, circle):
    ann = g.mentees[1].person
    client = scenario.client_for(ann)
    page = client.get(f"/mentorships/{circle.pk}/")
    assert b"Leave the circle" in page.content
    answer = client.post(f"/mentorships/{circle.pk}/leave/", {"reason": "New role"})
    assert answer.status_code == 302 and answer.url == "/mentorships/"
    assert Departure.objects.get(mentorship=circle).person == ann
    # The others see who left.
    assert (
        b"Ann Mentee (mentee)"
        in scenario.client_for(scenario.mona).get(f"/mentorships/{circle.pk}/").content
    )


def test_a_manager_cannot_leave_a_circle_they_oversee(scenario, circle):
    answer = scenario.client_for(scenario.pete).post(f"/mentorships/{circle.pk}/leave/")
    assert answer.status_code == 403


def test_the_circle_pages_keep_their_queries_bounded(
    scenario, g, circle, django_assert_max_num_queries
):
    # GIVEN every mentee has an own goal with a comment, and the program more enrollments
    for mentee in g.mentees:
        goal = add_goal(mentee.person, circle, "Own", owner=mentee.person)
        comment_on_goal(scenario.mona, goal, "Keep going")
    client, manager = scenario.client_for(scenario.mona), scenario.client_for(scenario.pete)
    client.get("/"), manager.get("/")  # a session's first request does its own set-up
    # THEN the circle, its goals and the program page (with the circle form) stay bounded
    for path in (f"/mentorships/{circle.pk}/", f"/mentorships/{circle.pk}/goals/"):
        with django_assert_max_num_queries(18):
            assert client.get(path).status_code == 200
    with django_assert_max_num_queries(18):
        assert manager.get(f"/programs/{g.program.pk}/").status_code == 200


def test_a_member_adds_an_own_goal_and_the_page_groups_them(scenario, g, circle):
    client = scenario.client_for(scenario.max)
    client.post(f"/mentorships/{circle.pk}/goals/", {"title": "Delegate more", "mine": "on"})
    client.post(f"/mentorships/{circle.pk}/goals/", {"title": "Run better one-to-ones"})
    own = Goal.objects.get(title="Delegate more")
    assert own.owner == scenario.max
    assert Goal.objects.get(title="Run better one-to-ones").owner is None
    page = client.get(f"/mentorships/{circle.pk}/goals/").content.decode()
    assert page.index("Shared goals") < page.index("Max Mentee’s own goals")


def test_an_own_goal_belongs_to_a_member(scenario, circle):
    with pytest.raises(InvalidInput, match="not a member"):
        add_goal(scenario.mona, circle, "Someone else's", owner=scenario.pete)


def test_peers_comment_on_each_others_goals_and_managers_do_not_see_the_words(scenario, g, circle):
    goal = add_goal(scenario.max, circle, "Delegate more", owner=scenario.max)
    ann = g.mentees[1].person
    answer = scenario.client_for(ann).post(
        f"/mentorships/{circle.pk}/goals/{goal.pk}/comments/", {"body": "You did great on Monday"}
    )
    assert answer.status_code == 302
    assert goal.comments.get().author == ann
    assert (
        b"You did great on Monday"
        in scenario.client_for(scenario.max).get(f"/mentorships/{circle.pk}/goals/").content
    )
    manager_page = scenario.client_for(scenario.pete).get(f"/mentorships/{circle.pk}/goals/")
    assert manager_page.status_code == 200 and b"You did great" not in manager_page.content
    with pytest.raises(NotAllowed):
        comment_on_goal(scenario.pete, goal, "Managers do not comment")


def test_the_api_forms_a_circle_and_a_member_leaves_it(scenario, g):
    manager = scenario.client_for(scenario.pete)
    ids = [e.pk for e in g.circle]
    made = manager.post(
        f"/api/programs/{g.program.pk}/circles",
        {"enrollments": ids},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert len(made.json()["members"]) == 4
    too_small = manager.post(
        f"/api/programs/{g.program.pk}/circles",
        {"enrollments": ids[:2]},
        content_type="application/json",
    )
    assert too_small.status_code == 422 and "at least 2 mentees" in too_small.json()["detail"]
    circle = Mentorship.objects.get(pk=made.json()["id"])
    from mentorhub.mentorships.tests.circle_helpers import accept_all

    accept_all(circle)
    bea = scenario.client_for(g.mentees[2].person)
    left = bea.post(
        f"/api/mentorships/{circle.pk}/leave", {"reason": "Busy"}, content_type="application/json"
    )
    assert left.status_code == 200 and left.json()["role"] == "mentee"
    assert bea.get(f"/api/mentorships/{circle.pk}").status_code == 404


def test_the_api_lists_comments_to_members_only(scenario, circle):
    goal = add_goal(scenario.max, circle, "Delegate more", owner=scenario.max)
    path = f"/api/mentorships/{circle.pk}/goals/{goal.pk}/comments"
    posted = scenario.client_for(scenario.mona).post(
        path, {"body": "Keep going"}, content_type="application/json"
    )
    assert posted.status_code == 201
    assert scenario.client_for(scenario.max).get(path).json()[0]["body"] == "Keep going"
    assert scenario.client_for(scenario.pete).get(path).status_code == 403
    assert scenario.client_for(scenario.charlie).get(path).status_code == 404
    goals = scenario.client_for(scenario.pete).get(f"/api/mentorships/{circle.pk}/goals").json()
    assert goals["items"][0]["owner"]["name"] == "Max Mentee"
