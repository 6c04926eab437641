"""Program pages: creating, enrolling and pairing by hand through the web."""

from mentorhub.audit.models import AuditEvent
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.programs.models import Program


def test_program_form_keeps_input_when_dates_are_missing(scenario):
    response = scenario.client_for(scenario.pete).post(
        "/programs/new/",
        {
            "name": "Sales buddies",
            "approach": "peer",
            "matching_mode": "admin",
            "meeting_cadence": "weekly",
            "description": "Peers in sales",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sales buddies" in body
    assert "or mark the program evergreen" in body
    assert not Program.objects.filter(name="Sales buddies").exists()


def test_every_approach_can_be_chosen_when_creating_a_program(scenario):
    from mentorhub.programs.approaches import APPROACHES

    client = scenario.client_for(scenario.alice)
    for key in APPROACHES:
        response = client.post(
            "/programs/new/",
            {
                "name": f"P {key}",
                "approach": key,
                "matching_mode": "admin",
                "meeting_cadence": "monthly",
                "evergreen": "on",
            },
        )
        assert response.status_code == 302, key
    assert Program.objects.filter(name__startswith="P ").count() == len(APPROACHES)


def test_creating_a_program_is_audited(scenario):
    scenario.client_for(scenario.pete).post(
        "/programs/new/",
        {
            "name": "Evergreen",
            "approach": "career",
            "matching_mode": "admin",
            "meeting_cadence": "monthly",
            "evergreen": "on",
        },
    )
    event = AuditEvent.objects.get(verb="program.created", target_label="Evergreen")
    assert event.actor == scenario.pete
    assert event.details == {"approach": "career"}


def test_enrolling_as_a_peer_in_a_traditional_program_is_refused(scenario):
    from conftest import make_person

    newbie = make_person(scenario.org, "Nia New", level=3)
    response = scenario.client_for(newbie).post(
        f"/programs/{scenario.program.pk}/enroll/", {"role": "peer", "goals": "Learn"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_manager_pairs_by_hand_and_both_are_emailed(
    scenario, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = scenario.client_for(scenario.pete).post(
            f"/programs/{scenario.program.pk}/pair/",
            {"mentor": scenario.mentor_enrollment.pk, "mentee": scenario.mentee_enrollment.pk},
        )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert mentorship.status == Status.PROPOSED
    run_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([scenario.mona.email, scenario.max.email])


def test_pairing_someone_with_their_manager_is_refused_in_the_web(scenario):
    from conftest import make_person
    from mentorhub.programs.services import enroll

    boss = make_person(scenario.org, "Bo Boss", level=7)
    scenario.max.manager = boss
    scenario.max.save()
    boss_enrollment = enroll(boss, scenario.program, "mentor", capacity=2)
    response = scenario.client_for(scenario.alice).post(
        f"/programs/{scenario.program.pk}/pair/",
        {"mentor": boss_enrollment.pk, "mentee": scenario.mentee_enrollment.pk},
        follow=True,
    )
    assert "same management chain" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_member_cannot_edit_a_program(scenario):
    response = scenario.client_for(scenario.mona).get(f"/programs/{scenario.program.pk}/edit/")
    assert response.status_code == 403


def test_enrollments_export_lists_who_is_still_waiting(scenario):
    import csv
    import io

    response = scenario.client_for(scenario.pete).get(
        f"/programs/{scenario.program.pk}/enrollments.csv"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert {(r["name"], r["role"], r["paired"]) for r in rows} == {
        ("Mona Mentor", "mentor", "no"),
        ("Max Mentee", "mentee", "no"),
    }


def test_mentor_cannot_lower_capacity_below_active_mentorships(scenario, proposed):
    from conftest import make_person
    from mentorhub.mentorships.services import accept_mentorship, propose_mentorship
    from mentorhub.programs.services import enroll

    # GIVEN Mona mentoring two people (her capacity is 2)
    second = enroll(make_person(scenario.org, "Sam Second", level=2), scenario.program, "mentee")
    other = propose_mentorship(scenario.pete, scenario.program, scenario.mentor_enrollment, second)
    for mentorship, mentee in ((proposed, scenario.max), (other, second.person)):
        accept_mentorship(mentee, mentorship)
        accept_mentorship(scenario.mona, mentorship)
    # WHEN she tries to lower her capacity to 1
    response = scenario.client_for(scenario.mona).post(
        f"/programs/enrollments/{scenario.mentor_enrollment.pk}/edit/",
        {"goals": "Still here", "capacity": "1"},
    )
    # THEN the form says why, keeps her words, and nothing changes
    body = response.content.decode()
    assert "cannot go below the 2 active mentorships" in body
    assert "Still here" in body
    scenario.mentor_enrollment.refresh_from_db()
    assert scenario.mentor_enrollment.capacity == 2
