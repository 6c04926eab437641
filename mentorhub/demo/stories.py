"""The demo's programs, a live one of every approach (and a finished cohort before it): what
they say, who joins, how pairings went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentorhub.people.models import Person
from mentorhub.programs.services import Resource

ACTIVE = "active"
PROPOSED = "proposed"
REQUESTED = "requested"
DECLINED = "declined"
COMPLETED = "completed"
CLOSED_EARLY = "closed_early"


@dataclass(frozen=True)
class Pick:
    """Who enrolls: how many people, which of them, and with what capacity."""

    count: int
    who: Callable[[Person], bool]
    capacity: int | None = None  # None: the person's own mentor capacity


@dataclass(frozen=True)
class Pairing:
    """One mentorship of the story; a login key names a demo sign-in, None anyone suitable."""

    outcome: str
    mentor: str | None = None
    mentee: str | None = None
    prefer_department: str = ""


@dataclass(frozen=True)
class ProgramStory:
    name: str
    approach: str
    matching_mode: str
    cadence: str
    description: str
    guidelines: str
    resources: tuple[Resource, ...]
    status: str  # open, running or finished
    created: int  # days before today
    dates: tuple[int, int] | None  # start and end, in days from today; None: evergreen
    mentors: Pick  # in a peer program: the peers
    mentees: Pick | None
    pairings: tuple[Pairing, ...] = ()
    creator: str = "programs"
    also_enrolled: tuple[tuple[str, str], ...] = ()  # (login, role) without a pairing
    pair_rule: Callable[[Person, Person], bool] | None = None


def times(outcome: str, count: int) -> tuple[Pairing, ...]:
    return tuple(Pairing(outcome) for _ in range(count))


def _intranet(path: str) -> str:
    return f"https://intranet.northwind.example/{path}"


def _other_continent(a: Person, b: Person) -> bool:
    return a.timezone.split("/")[0] != b.timezone.split("/")[0]


EAP = Resource("Employee Assistance Program (free, confidential)", _intranet("benefits/eap"))
# Career Compass runs in cohorts: each one keeps the same rules and guides.
CAREER_GUIDELINES = (
    "- Write a one-page career plan in the first month and revisit it every time.\n"
    "- Mentors: make at least two introductions outside the mentee's team.\n"
    "- Meet monthly; send a short update in between.\n"
    "- The cohort ends with a shared retrospective."
)
CAREER_RESOURCES = (
    Resource("Northwind career ladders", _intranet("careers/ladders")),
    Resource("One-page career plan", _intranet("careers/plan-template")),
)

STORIES = (
    ProgramStory(
        name="Foundations: 1:1 mentoring",
        approach="traditional",
        matching_mode="admin",
        cadence="biweekly",
        description=(
            "Six months of one-to-one mentoring for people in their first years at "
            "Northwind, with an experienced colleague from another team."
        ),
        guidelines=(
            "- Meet every two weeks for 45 to 60 minutes; the mentee sets the agenda.\n"
            "- In the first meeting, agree what you both want from the six months and "
            "write it down.\n"
            "- What is said in mentoring stays in mentoring, unless someone is at risk.\n"
            "- Mentors are never in the mentee's management chain; if that changes, tell "
            "the program team.\n"
            "- If it isn't working, say so early. Closing with a reason is fine and helps "
            "us match better next time."
        ),
        resources=(
            Resource(
                "Mentoring at Northwind: a guide for both sides", _intranet("mentoring/guide")
            ),
            Resource("First meeting agenda", _intranet("mentoring/first-meeting")),
            Resource(
                "Elements of Effective Practice for Mentoring (MENTOR)",
                "https://www.mentoring.org/resource/elements-of-effective-practice-for-mentoring/",
            ),
        ),
        status="running",
        created=75,
        dates=(-45, 135),
        mentors=Pick(12, lambda p: 5 <= p.level <= 8),
        mentees=Pick(18, lambda p: p.level <= 3),
        pairings=(
            Pairing(ACTIVE, "mentor", "mentee"),
            Pairing(PROPOSED, "mentor", None),
            *times(ACTIVE, 8),
            *times(PROPOSED, 2),
            *times(DECLINED, 2),
            *times(CLOSED_EARLY, 1),
        ),
    ),
    ProgramStory(
        name="Reverse mentoring: new tools for leaders",
        approach="reverse",
        matching_mode="preference",
        cadence="monthly",
        description=(
            "Early-career specialists mentor directors and VPs on what they know best: "
            "AI assistants, analytics, social media, modern engineering workflows."
        ),
        guidelines=(
            "- The mentor leads: they pick the topics and set the pace.\n"
            "- Leave rank at the door; questions are the point.\n"
            "- Meet monthly for an hour and try one thing together between meetings.\n"
            "- Leaders: at the end, share one thing you changed because of it."
        ),
        resources=(
            Resource("Reverse mentoring: how it works here", _intranet("mentoring/reverse")),
            Resource("Conversation starters", _intranet("mentoring/reverse-starters")),
        ),
        status="running",
        created=75,
        dates=(-45, 135),
        mentors=Pick(
            6,
            lambda p: (
                p.level <= 3 and p.department in ("Data", "Engineering", "Marketing", "Design")
            ),
        ),
        mentees=Pick(6, lambda p: p.level >= 8),
        pairings=(*times(ACTIVE, 3), *times(PROPOSED, 1)),
    ),
    ProgramStory(
        name="New manager circles",
        approach="group",
        matching_mode="admin",
        cadence="biweekly",
        description=(
            "Circles of new managers meet with an experienced leader to work through real "
            "situations: first one-to-ones, feedback, hiring, hard conversations."
        ),
        guidelines=(
            "- Circles meet every two weeks for 75 minutes.\n"
            "- Bring one real situation each time; the circle works on it together.\n"
            "- Chatham House rule: share the lesson, never who said it.\n"
            "- Circle leaders keep time and make sure everyone is heard."
        ),
        resources=(
            Resource("Manager essentials handbook", _intranet("managers/handbook")),
            Resource("Running a good circle session", _intranet("mentoring/circles")),
        ),
        # Running for two months: its circles are formed by hand (see demo/circles.py).
        status="running",
        created=90,
        dates=(-60, 150),
        mentors=Pick(4, lambda p: p.level == 8, capacity=6),
        mentees=Pick(14, lambda p: p.level in (6, 7)),
    ),
    ProgramStory(
        name="Peer learning pairs",
        approach="peer",
        matching_mode="admin",
        cadence="monthly",
        description=(
            "Colleagues at a similar level from different teams swap skills: each of you "
            "teaches one thing and learns one thing."
        ),
        guidelines=(
            "- Each of you names one skill to teach and one to learn.\n"
            "- Meet when it suits you, at least monthly.\n"
            "- Keep it practical: pair on real work where you can.\n"
            "- Either of you can close the pair when you're done, with a line about what "
            "you learned."
        ),
        resources=(
            Resource("Skill-swap ideas from past pairs", _intranet("mentoring/peer-ideas")),
        ),
        status="running",
        created=200,
        dates=None,
        mentors=Pick(16, lambda p: 3 <= p.level <= 5),
        mentees=None,
        pairings=(*times(ACTIVE, 5), *times(COMPLETED, 1), *times(PROPOSED, 1)),
    ),
    ProgramStory(
        name="Across time zones",
        approach="virtual",
        matching_mode="hybrid",
        cadence="biweekly",
        description=(
            "Remote mentoring across offices and continents: meet by video, keep momentum "
            "with short async notes, and learn how other regions work."
        ),
        guidelines=(
            "- Pick a meeting time inside both people's working hours; mentorhub shows "
            "your overlap.\n"
            "- Take turns with the early or late slot.\n"
            "- Between meetings, async counts: a short weekly note keeps things moving.\n"
            "- Cameras optional, preparation isn't."
        ),
        resources=(
            Resource("Working across time zones", _intranet("remote/time-zones")),
            Resource("Video call etiquette", _intranet("remote/video-calls")),
        ),
        status="running",
        created=50,
        dates=(-30, 150),
        mentors=Pick(8, lambda p: p.level >= 5),
        mentees=Pick(10, lambda p: p.level <= 4),
        pairings=(*times(ACTIVE, 6), *times(PROPOSED, 1), *times(DECLINED, 1)),
        pair_rule=_other_continent,
    ),
    ProgramStory(
        name="Flash mentoring",
        approach="situational",
        matching_mode="self_service",
        cadence="as_needed",
        description=(
            "One challenge, one expert, a few conversations. Ask for help with something "
            "specific (a launch plan, a tricky negotiation, a first conference talk) and "
            "close it when it's solved."
        ),
        guidelines=(
            "- Describe the challenge in your request so the mentor can answer quickly.\n"
            "- Expect one to three conversations; close the mentorship when the challenge "
            "is resolved.\n"
            "- Mentors: declining is fine. Say why, so the person can ask someone else.\n"
            "- Requests nobody answers expire after two weeks."
        ),
        resources=(Resource("How to write a good flash request", _intranet("mentoring/flash")),),
        status="open",
        created=150,
        dates=None,
        mentors=Pick(14, lambda p: p.level >= 4),
        mentees=Pick(12, lambda p: p.level <= 6),
        pairings=(
            Pairing(REQUESTED, None, "mentee", prefer_department="Product"),
            *times(REQUESTED, 2),
            *times(COMPLETED, 4),
            *times(ACTIVE, 2),
            *times(DECLINED, 1),
        ),
    ),
    ProgramStory(
        name="Career Compass: cohort 1",
        approach="career",
        matching_mode="preference",
        cadence="monthly",
        description=(
            "A six-month cohort for people planning their next step: a mentor from another "
            "department helps map skills, gaps and the people worth meeting."
        ),
        guidelines=CAREER_GUIDELINES,
        resources=CAREER_RESOURCES,
        status="finished",
        created=300,
        dates=(-270, -90),
        mentors=Pick(6, lambda p: p.level >= 6),
        mentees=Pick(7, lambda p: 2 <= p.level <= 5),
        pairings=(
            Pairing(COMPLETED, "mentor", None),
            *times(COMPLETED, 3),
            *times(CLOSED_EARLY, 1),
            *times(DECLINED, 1),
        ),
    ),
    ProgramStory(
        name="Personal growth partners",
        approach="personal",
        matching_mode="preference",
        cadence="biweekly",
        description=(
            "Confidential one-to-one mentoring on the human side of work: confidence, "
            "boundaries, energy, and how you show up for others."
        ),
        guidelines=(
            "- What you share stays between the two of you; your reflections in mentorhub "
            "are private to you.\n"
            "- This is not therapy: mentors point to the Employee Assistance Program for "
            "anything beyond mentoring.\n"
            "- Meet every two weeks for three months, then decide together whether to go on."
        ),
        resources=(EAP, Resource("Reflection prompts", _intranet("mentoring/reflection"))),
        status="running",
        created=80,
        dates=(-60, 30),
        mentors=Pick(
            5,
            lambda p: p.level >= 6 and p.department in ("People", "Customer Success", "Design"),
        ),
        mentees=Pick(7, lambda p: p.level <= 7),
        pairings=(*times(ACTIVE, 4), *times(PROPOSED, 1)),
        also_enrolled=(("programs", "mentee"),),
    ),
    ProgramStory(
        name="Leadership Accelerator",
        approach="formal",
        matching_mode="hybrid",
        cadence="monthly",
        description=(
            "Northwind's structured program for future leaders: criteria-based matching with "
            "a senior leader, a shared curriculum, and quarterly check-ins with the program "
            "team."
        ),
        guidelines=(
            "- Mentors are directors or VPs outside the mentee's reporting line.\n"
            "- Follow the six modules: strategy, feedback, hiring, influence, finance basics, "
            "leading change.\n"
            "- Meet monthly for an hour; do the module exercise before each meeting.\n"
            "- The program team checks in with both of you every quarter.\n"
            "- Mentees present a leadership project at the closing session."
        ),
        resources=(
            Resource("Leadership Accelerator curriculum", _intranet("leadership/curriculum")),
            Resource("Mentoring agreement template", _intranet("mentoring/agreement")),
            Resource("Quarterly check-in form", _intranet("leadership/check-in")),
        ),
        status="running",
        created=90,
        dates=(-60, 120),
        mentors=Pick(6, lambda p: p.level >= 8),
        mentees=Pick(9, lambda p: 5 <= p.level <= 7),
        pairings=(
            Pairing(ACTIVE, "admin", None),
            *times(ACTIVE, 5),
            *times(CLOSED_EARLY, 1),
            *times(PROPOSED, 1),
        ),
        creator="admin",
    ),
    ProgramStory(
        name="Rapid support",
        approach="crisis",
        matching_mode="self_service",
        cadence="as_needed",
        description=(
            "Urgent, short-term support from colleagues trained in mental health first aid, "
            "for when work or life suddenly gets too heavy. A responder answers within minutes."
        ),
        guidelines=(
            "- If anyone is in immediate danger, call local emergency services first.\n"
            "- An on-call responder accepts within 15 minutes and stays with the person "
            "until they are connected to the right help.\n"
            "- Support is short-term (usually a week or two) and confidential.\n"
            "- Responders escalate to the People team on call when a situation is beyond "
            "them, and keep their training current."
        ),
        resources=(
            Resource("Find a helpline in your country", "https://findahelpline.com/"),
            EAP,
            Resource("Responder escalation path", _intranet("wellbeing/escalation")),
        ),
        status="open",
        created=240,
        dates=None,
        mentors=Pick(
            6,
            lambda p: p.level >= 5 and p.department in ("People", "Customer Success", "Security"),
            capacity=2,
        ),
        mentees=Pick(3, lambda p: True),
        pairings=(*times(COMPLETED, 2), *times(ACTIVE, 1)),
    ),
    # Last, so the stories before it draw the people they always drew.
    ProgramStory(
        name="Career Compass: cohort 2",
        approach="career",
        matching_mode="preference",
        cadence="monthly",
        description=(
            "The second six-month cohort of Career Compass, under way: a mentor from another "
            "department helps map skills, gaps and the people worth meeting."
        ),
        guidelines=CAREER_GUIDELINES,
        resources=(
            *CAREER_RESOURCES,
            Resource("Cohort 1 retrospective", _intranet("careers/cohort-1-retro")),
        ),
        status="running",
        created=70,
        dates=(-40, 140),
        mentors=Pick(5, lambda p: p.level >= 6),
        mentees=Pick(5, lambda p: 2 <= p.level <= 5),
        pairings=(
            Pairing(ACTIVE, None, "mentee"),
            *times(ACTIVE, 3),
            *times(PROPOSED, 1),
        ),
    ),
)

# Goals in people's own words; {seek} and {offer} become one of their skills.
MENTEE_GOALS: dict[str, tuple[str, ...]] = {
    "traditional": (
        "I'd like a sounding board outside my team, and to get better at {seek}.",
        "Six months from now I want to run my own project end to end. Help me get there?",
        "I'm new to Northwind and still figuring out how things get decided here.",
        "Mostly {seek}. Also: how do I know when I'm ready for the next level?",
        "I want honest feedback on my work from someone who isn't my manager.",
    ),
    "reverse": (
        "I keep hearing about AI assistants and haven't used one properly. Show me.",
        "I want to understand how our younger customers actually use social media.",
        "Teach me enough about {seek} to ask my team better questions.",
    ),
    "group": (
        "I became a manager three months ago and my one-to-ones feel like status meetings.",
        "Hiring for the first time and I'd love to compare notes with other new managers.",
        "I need practice with hard conversations before I have to have one for real.",
        "I'm managing former peers. Would like to hear how others handled that.",
    ),
    "virtual": (
        "I'd love a mentor in another region; I only know how things work in my office.",
        "Working with a team eight hours away. Want to learn how to do that without burning out.",
        "Looking for help with {seek} from someone who has seen it done elsewhere.",
    ),
    "situational": (
        "I'm giving my first conference talk in six weeks and need help with the story.",
        "Negotiating a renewal with a difficult customer next month. Need a second brain.",
        "Planning a migration and want someone to poke holes in the plan.",
        "Need a crash course in {seek} for a project that starts next week.",
    ),
    "career": (
        "Trying to decide between the management track and staying an individual contributor.",
        "I want to move from support into product within a year. What's the path?",
        "Map out what I'd need for the next level, and who I should be talking to.",
        "Get much better at {seek}; it keeps coming up in my reviews.",
    ),
    "personal": (
        "I say yes to everything and I'm tired. I'd like to learn to set boundaries.",
        "Confidence speaking up in big meetings.",
        "I'd like to work on how I react under pressure.",
    ),
    "formal": (
        "Preparing for my first director-level role: strategy and influence, mostly.",
        "I lead a team of eight and want to get better at {seek} before we double in size.",
        "I'd like to learn how senior leaders make decisions with incomplete information.",
    ),
    "crisis": (
        "Things at home are hard right now and work is piling up. I need to talk to someone.",
        "Had a really rough incident week and I'm not sleeping. Not sure who to ask.",
    ),
}
MENTOR_GOALS: tuple[str, ...] = (
    "Someone did this for me early on; happy to pay it forward.",
    "I can help with {offer} and with navigating Northwind in general.",
    "I've made most of the mistakes already. Glad to share them.",
    "Happy to help. I'm strongest on {offer}, and I'm a good listener.",
    "I want to become a better coach, and mentoring is the best practice for that.",
)
MENTOR_GOALS_BY_APPROACH: dict[str, tuple[str, ...]] = {
    "reverse": (
        "I use {offer} every day and I'd enjoy showing a leader how it changes the work.",
        "Happy to teach; I'd also like to understand how leadership decisions get made.",
    ),
    "group": (
        "I've hired and managed for ten years; I'd like to help new managers avoid my mistakes.",
        "Happy to lead a circle. Peer learning is where the real value is.",
    ),
    "crisis": (
        "Trained in mental health first aid last year; glad to be on the responder list.",
        "I've been through a hard stretch myself. I know how much a quick answer helps.",
    ),
}
PEER_GOALS = (
    "I can teach {offer}; I'd like to learn {seek}.",
    "Swap: my {offer} for someone's {seek}.",
    "Looking for a peer to learn {seek} with, and happy to share what I know about {offer}.",
)

# Goals of the demo sign-ins, keyed by (login, approach).
NAMED_GOALS = {
    ("mentor", "traditional"): (
        "Someone spent hours on system design with me when I was junior. I'd like to do the "
        "same, especially for people who don't come from a computer science background."
    ),
    ("mentor", "career"): "Happy to help someone figure out the staff engineer path, or leave it.",
    ("mentee", "traditional"): (
        "I moved into product from support last year. I want to get confident at "
        "prioritization and saying no to stakeholders without burning bridges, and to run a "
        "roadmap review on my own."
    ),
    ("mentee", "career"): (
        "A year into product, I'd like a plan for becoming a senior PM: which skills to "
        "grow first, and who to learn from outside my team."
    ),
    ("mentee", "situational"): (
        "I'm pricing our new add-on and have never done pricing. I need someone to sanity "
        "check my model before the review next week."
    ),
    (
        "admin",
        "formal",
    ): "I'd like to mentor someone who is about to lead leaders for the first time.",
    ("programs", "personal"): (
        "I spend my days setting up mentoring for everyone else; time to practice what I "
        "preach. Boundaries and energy, mostly."
    ),
}

DECLINES = (
    ("busy", "I'm heads-down on a launch until next quarter. Please ask me again then!"),
    ("not_a_fit", "I think someone closer to sales would help more with these goals."),
    ("at_capacity", "I already have two mentees and want to do right by them."),
    ("other", "I'm going on parental leave next month, so the timing is wrong."),
)
COMPLETIONS: dict[str, tuple[str, ...]] = {
    "situational": (
        "Challenge solved: the plan shipped and the review went well.",
        "Talk delivered! Thanks for the three rehearsals.",
        "Got what I needed; closing so someone else can ask.",
    ),
    "crisis": (
        "The immediate situation is resolved; connected with the Employee Assistance Program.",
        "Back on my feet. Thank you for answering so quickly.",
    ),
    "other": (
        "We covered everything in the plan. Thanks for a great six months!",
        "Goals met: promotion packet submitted and the project shipped.",
        "The program ended; we'll keep having coffee now and then.",
    ),
}
EARLY_CLOSINGS = (
    ("leaving", "I'm leaving Northwind at the end of the month."),
    ("mutual", "Our goals drifted apart; we agreed to part as friends."),
    ("mutual", "Changed teams and the new role covers what we were working on."),
)
