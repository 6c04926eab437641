"""Editing a profile: skills, availability, org-chart fields and clear errors."""

from mentorhub.people.models import PersonSkill

FORMSETS = {
    "skills-TOTAL_FORMS": "1",
    "skills-INITIAL_FORMS": "0",
    "slots-TOTAL_FORMS": "1",
    "slots-INITIAL_FORMS": "0",
}


def _profile(person, **changes):
    data = {
        "full_name": person.full_name,
        "timezone": person.timezone,
        "level": person.level,
        "mentor_capacity": person.mentor_capacity,
        "bio": "",
        "interests": "",
        **FORMSETS,
    }
    data.update(changes)
    return data


def test_person_saves_skills_availability_and_languages(scenario):
    client = scenario.client_for(scenario.mona)
    response = client.post(
        "/people/me/",
        _profile(
            scenario.mona,
            languages=["en", "de"],
            interests="chess, running",
            **{
                "skills-0-name": "Kubernetes",
                "skills-0-proficiency": "5",
                "skills-0-direction": "offers",
                "slots-0-weekday": "1",
                "slots-0-start": "09:00",
                "slots-0-end": "10:30",
            },
        ),
    )
    assert response.status_code == 302
    scenario.mona.refresh_from_db()
    assert scenario.mona.languages == ["en", "de"]
    assert scenario.mona.interests == ["chess", "running"]
    skill = PersonSkill.objects.get(person=scenario.mona)
    assert (skill.skill.name, skill.proficiency, skill.direction) == ("Kubernetes", 5, "offers")
    assert str(scenario.mona.availability.get()) == "Tuesday 09:00–10:30"


def test_unknown_time_zone_is_refused_and_the_typed_bio_is_kept(scenario):
    client = scenario.client_for(scenario.mona)
    response = client.post(
        "/people/me/", _profile(scenario.mona, timezone="Mars/Olympus", bio="I like rockets")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "I like rockets" in body
    assert "Select a valid choice" in body


def test_member_cannot_change_their_own_manager(scenario):
    client = scenario.client_for(scenario.max)
    client.post("/people/me/", _profile(scenario.max, manager=scenario.mona.pk))
    scenario.max.refresh_from_db()
    assert scenario.max.manager_id is None


def test_admin_cannot_make_a_loop_in_the_org_chart(scenario):
    # Alice manages Pete; making Pete Alice's manager would be a loop.
    client = scenario.client_for(scenario.alice)
    response = client.post(
        f"/people/{scenario.alice.pk}/edit/", _profile(scenario.alice, manager=scenario.pete.pk)
    )
    assert response.status_code == 200
    assert "loop in the org chart" in response.content.decode()
    scenario.alice.refresh_from_db()
    assert scenario.alice.manager_id is None


def test_overlapping_availability_is_refused(scenario):
    client = scenario.client_for(scenario.mona)
    data = _profile(
        scenario.mona,
        **{
            "slots-TOTAL_FORMS": "2",
            "slots-0-weekday": "0",
            "slots-0-start": "09:00",
            "slots-0-end": "11:00",
            "slots-1-weekday": "0",
            "slots-1-start": "10:00",
            "slots-1-end": "12:00",
        },
    )
    response = client.post("/people/me/", data)
    assert "overlap" in response.content.decode()
    assert not scenario.mona.availability.exists()


def test_saving_with_the_empty_extra_rows_as_a_browser_sends_them_works(scenario):
    # A browser posts the blank extra rows with their first (placeholder) options selected.
    client = scenario.client_for(scenario.mona)
    page = client.get("/people/me/").content.decode()
    assert ">Day…</option>" in page
    data = _profile(
        scenario.mona,
        **{
            "skills-TOTAL_FORMS": "2",
            "skills-0-name": "",
            "skills-0-proficiency": "",
            "skills-0-direction": "",
            "slots-TOTAL_FORMS": "2",
            "slots-0-weekday": "",
            "slots-0-start": "",
            "slots-0-end": "",
            "bio": "Hello",
        },
    )
    response = client.post("/people/me/", data)
    assert response.status_code == 302


def test_directory_search_answers_htmx_with_just_the_results(scenario):
    client = scenario.client_for(scenario.max)
    response = client.get("/people/", {"q": "mona"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Mona Mentor" in body
    assert "Alice Admin" not in body
    assert "<html" not in body


def test_saving_the_page_as_shown_keeps_existing_skills_and_availability(scenario):
    # GIVEN a profile with a skill and a slot
    from datetime import time

    from mentorhub.people.services import SkillEntry, Slot, set_availability, set_skills

    set_skills(scenario.mona, scenario.mona, [SkillEntry("Go", 4, "offers")])
    set_availability(scenario.mona, scenario.mona, [Slot(2, time(9), time(10))])
    # WHEN the page is posted back with only the bio changed (the rows as the page shows them)
    client = scenario.client_for(scenario.mona)
    page = client.get("/people/me/")
    data = _profile(scenario.mona, bio="New bio")
    data.update(
        {
            "skills-TOTAL_FORMS": "3",
            "skills-INITIAL_FORMS": "1",
            "skills-0-name": "Go",
            "skills-0-proficiency": "4",
            "skills-0-direction": "offers",
            "slots-TOTAL_FORMS": "3",
            "slots-INITIAL_FORMS": "1",
            "slots-0-weekday": "2",
            "slots-0-start": "09:00",
            "slots-0-end": "10:00",
        }
    )
    assert page.context["skills"].initial_form_count() == 1
    response = client.post("/people/me/", data)
    # THEN the skill and the slot are still there
    assert response.status_code == 302
    assert [s.skill.name for s in scenario.mona.skills.all()] == ["Go"]
    assert scenario.mona.availability.count() == 1


def test_ticking_remove_on_an_existing_skill_deletes_it(scenario):
    from mentorhub.people.services import SkillEntry, set_skills

    set_skills(scenario.mona, scenario.mona, [SkillEntry("Go", 4, "offers")])
    data = _profile(scenario.mona)
    data.update(
        {
            "skills-TOTAL_FORMS": "1",
            "skills-INITIAL_FORMS": "1",
            "skills-0-name": "Go",
            "skills-0-proficiency": "4",
            "skills-0-direction": "offers",
            "skills-0-DELETE": "on",
        }
    )
    scenario.client_for(scenario.mona).post("/people/me/", data)
    assert not scenario.mona.skills.exists()
