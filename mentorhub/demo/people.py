"""The demo company's people: an org chart planned in memory from a seed, then added for real.

CEO → a VP per department → directors → managers → individual contributors, with levels
that always fall going down the chart and titles that match level and department.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from mentorhub.demo import DEMO_LOGINS, EMAIL_DOMAIN
from mentorhub.demo.data import (
    COMMON_SKILLS,
    DEPARTMENTS,
    EXECUTIVE_SKILLS,
    INTERESTS,
    LEADER_SKILLS,
    NAME_POOLS,
    OFFICES,
    SECOND_LANGUAGES,
    Department,
    Office,
)
from mentorhub.people.models import Role
from mentorhub.people.services import SkillEntry, Slot

# Skill names that stay capitalized in the middle of a sentence.
PROPER_SKILLS = {
    "Python", "Go", "TypeScript", "React", "Kubernetes", "PostgreSQL", "Figma",
    "Salesforce", "Zendesk", "Workday", "Excel", "Spark",
}  # fmt: skip
IC_PREFIX = {
    1: "Associate {}",
    2: "{}",
    3: "{} II",
    4: "Senior {}",
    5: "Lead {}",
    6: "Principal {}",
}
IC_LEVEL_WEIGHTS = (1, 3, 4, 4, 2, 1)  # levels 1 to 6: most people sit in the middle


@dataclass
class PersonPlan:
    full_name: str
    email: str
    title: str
    department: str
    team: str
    level: int
    office: Office
    manager: int | None  # index of the manager in the plan
    languages: list[str]
    interests: list[str]
    skills: list[SkillEntry]
    slots: list[Slot]
    mentor_capacity: int
    bio: str = ""
    role: str = Role.MEMBER
    login: str = ""  # key of a demo sign-in, if this is one
    reports: list[int] = field(default_factory=list)


def ic_title(track: str, level: int) -> str:
    if level == 5 and ("Engineer" in track or "Scientist" in track):
        return f"Staff {track}"
    return IC_PREFIX[level].format(track)


def as_ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def in_sentence(skill: str) -> str:
    if skill in PROPER_SKILLS or skill[1:2].isupper():
        return skill
    return skill[0].lower() + skill[1:]


class _Planner:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self.people: list[PersonPlan] = []
        self.names = {login.full_name for login in DEMO_LOGINS}
        self.emails = {login.email for login in DEMO_LOGINS}

    def add(
        self,
        title: str,
        department: Department | None,
        team: str,
        level: int,
        office: Office,
        manager: int | None,
        lead: bool = False,
    ) -> int:
        rng = self.rng
        pool = rng.choices([p for p, _ in office.pools], [w for _, w in office.pools])[0]
        home_language, firsts, lasts = NAME_POOLS[pool]
        first, last = self._name(firsts, lasts)
        plan = PersonPlan(
            full_name=f"{first} {last}",
            email=self._email(first, last),
            title=title,
            department=department.name if department else "Executive",
            team=team,
            level=level,
            office=office,
            manager=manager,
            languages=self._languages(home_language, office),
            interests=rng.sample(INTERESTS, k=rng.randint(1, 3)),
            skills=self._skills(department, level, lead),
            slots=self._slots(),
            mentor_capacity=self._capacity(level),
        )
        plan.bio = self._bio(plan, department, lead)
        self.people.append(plan)
        if manager is not None:
            self.people[manager].reports.append(len(self.people) - 1)
        return len(self.people) - 1

    def _name(self, firsts: tuple[str, ...], lasts: tuple[str, ...]) -> tuple[str, str]:
        for _ in range(50):
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            if f"{first} {last}" not in self.names:
                break
        self.names.add(f"{first} {last}")
        return first, last

    def _email(self, first: str, last: str) -> str:
        base = f"{as_ascii(first)}.{as_ascii(last)}"
        email, n = f"{base}@{EMAIL_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@{EMAIL_DOMAIN}"
        self.emails.add(email)
        return email

    def _languages(self, home: str, office: Office) -> list[str]:
        languages = list(dict.fromkeys([home, *office.languages]))
        if self.rng.random() < 0.2:
            languages.append(self.rng.choice(SECOND_LANGUAGES))
        return list(dict.fromkeys(languages))[:3]

    def _skills(self, department: Department | None, level: int, lead: bool) -> list[SkillEntry]:
        rng = self.rng
        own = department.skills if department else EXECUTIVE_SKILLS
        names = rng.sample(own, k=min(len(own), rng.randint(2, 4)))
        names += rng.sample(COMMON_SKILLS, k=rng.randint(1, 2))
        if lead:
            names.append(rng.choice(LEADER_SKILLS))
        entries, seen = [], set()
        for name in names:
            if name.lower() not in seen:
                seen.add(name.lower())
                entries.append(self._skill(name, level))
        return entries

    def _skill(self, name: str, level: int) -> SkillEntry:
        rng = self.rng
        proficiency = round(1 + (level - 1) * 4 / 9 + rng.uniform(-0.6, 1.4))
        proficiency = max(1, min(5, proficiency))
        if proficiency >= 4:
            direction = "both" if rng.random() < 0.25 else "offers"
        elif proficiency == 3:
            direction = rng.choice(("both", "both", "offers", "seeks"))
        else:
            direction = "seeks"
        return SkillEntry(name, proficiency, direction)

    def _slots(self) -> list[Slot]:
        rng = self.rng
        slots = []
        for weekday in sorted(rng.sample(range(5), k=rng.randint(1, 3))):
            start = time(rng.choice((8, 9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 30)))
            minutes = rng.choice((30, 45, 60, 60, 90))
            end = (datetime.combine(self.today, start) + timedelta(minutes=minutes)).time()
            slots.append(Slot(weekday, start, end))
        return slots

    def _capacity(self, level: int) -> int:
        if level <= 2:
            return self.rng.choice((0, 1))
        if level <= 5:
            return self.rng.choice((1, 2, 2))
        return self.rng.choice((1, 2, 3))

    def _bio(self, plan: PersonPlan, department: Department | None, lead: bool) -> str:
        rng = self.rng
        city = plan.office.city
        if plan.level >= 8:
            opener = f"{plan.title} at Northwind, based in {city}."
        elif lead:
            opener = f"I lead the {plan.team} team from {city}."
        else:
            opener = f"{plan.title} on the {plan.team} team in {city}."
        offered = [in_sentence(s.name) for s in plan.skills if s.direction != "seeks"]
        sought = [in_sentence(s.name) for s in plan.skills if s.direction != "offers"]
        work = department.work if department else "keeping the company pointed the right way"
        if len(offered) >= 2:
            middle = f"Most of my week goes into {work}: lots of {offered[0]} and {offered[1]}."
        elif sought:
            middle = f"I spend my days {work}, and I'm currently getting better at {sought[0]}."
        else:
            middle = f"I spend my days {work}."
        tenure = rng.randint(0, 2 + plan.level // 2)
        joined = (
            f"Joined Northwind in {self.today.year - tenure}."
            if tenure
            else "New to Northwind this year."
        )
        hobbies = " and ".join(in_sentence(i) for i in plan.interests[:2])
        return f"{opener} {middle} {joined} Outside work: {hobbies}."

    def _ic_level(self, manager_level: int) -> int:
        levels = list(range(1, manager_level))
        return self.rng.choices(levels, IC_LEVEL_WEIGHTS[: len(levels)])[0]

    def _split(self, total: int, parts: int) -> list[int]:
        counts = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
        for _ in range(parts):
            i, j = self.rng.randrange(parts), self.rng.randrange(parts)
            if counts[i] > 3:
                counts[i] -= 1
                counts[j] += 1
        return counts

    def department(self, dept: Department, ceo: int) -> None:
        rng = self.rng
        offices = sorted({city for team in dept.teams for city in team.offices})
        vp = self.add(dept.vp_title, dept, dept.name, 9, OFFICES[rng.choice(offices)], ceo, True)
        teams = iter(zip(dept.teams, self._split(dept.ics, len(dept.teams)), strict=True))
        for area in dept.areas:
            area_teams = [next(teams) for _ in range(dept.managers_per_director)]
            home = OFFICES[rng.choice(area_teams[0][0].offices)]
            director = self.add(f"Director of {area}", dept, area, 8, home, vp, True)
            for team, count in area_teams:
                level = rng.choice((6, 7))
                title = dept.manager_title.format(team=team.name)
                title = f"Senior {title}" if level == 7 else title
                office = OFFICES[team.offices[0]]
                manager = self.add(title, dept, team.name, level, office, director, True)
                for _ in range(count):
                    self._ic(dept, team.name, team.offices, offices, manager, level)

    def _ic(
        self,
        dept: Department,
        team: str,
        team_offices: tuple[str, ...],
        dept_offices: list[str],
        manager: int,
        manager_level: int,
    ) -> None:
        rng = self.rng
        level = self._ic_level(manager_level)
        city = rng.choice(team_offices if rng.random() < 0.85 else dept_offices)
        title = ic_title(rng.choice(dept.tracks), level)
        self.add(title, dept, team, level, OFFICES[city], manager)


def plan_people(seed: int, today: date) -> list[PersonPlan]:
    """The whole company, the same for the same seed and day."""
    planner = _Planner(seed, today)
    sf = OFFICES["San Francisco"]
    ceo = planner.add("Chief Executive Officer", None, "Office of the CEO", 10, sf, None, True)
    planner.add("Chief of Staff", None, "Office of the CEO", 8, sf, ceo, True)
    planner.add("Executive Assistant", None, "Office of the CEO", 3, sf, ceo)
    for dept in DEPARTMENTS:
        planner.department(dept, ceo)
    _cast_demo_logins(planner.people)
    return planner.people


def _first(people: list[PersonPlan], wanted: Callable[[PersonPlan], bool]) -> PersonPlan:
    return next(p for p in people if wanted(p))


def _cast_demo_logins(people: list[PersonPlan]) -> None:
    """Give fixed people of the chart the demo sign-ins, with profiles worth looking at."""
    ics = [p for p in people if not p.reports]
    cast = {
        "admin": _first(people, lambda p: p.department == "People" and p.level == 8),
        "programs": _first(people, lambda p: p.team == "People Programs" and bool(p.reports)),
        "mentor": _first(ics, lambda p: p.department == "Engineering" and p.level >= 5),
        "mentee": min((p for p in ics if p.department == "Product"), key=lambda p: p.level),
    }
    for login in DEMO_LOGINS:
        plan = cast[login.key]
        profile = LOGIN_PROFILES[login.key]
        plan.login, plan.full_name, plan.email = login.key, login.full_name, login.email
        plan.role = profile.get("role", Role.MEMBER)
        plan.level = profile.get("level", plan.level)
        plan.title = profile.get("title", plan.title)
        plan.office = OFFICES[profile["office"]]
        plan.languages = profile["languages"]
        plan.bio = profile["bio"].format(team=plan.team)
        plan.skills = [SkillEntry(*entry) for entry in profile["skills"]]
        plan.mentor_capacity = profile["capacity"]


LOGIN_PROFILES: dict[str, dict[str, Any]] = {
    "admin": {
        "role": Role.ADMIN,
        "office": "London",
        "languages": ["en", "ig", "fr"],
        "bio": (
            "Director of People Operations, based in London. I look after how Northwind "
            "hires, grows and supports its people, and I brought mentorhub in. Outside "
            "work: choir singing and long walks."
        ),
        "skills": [
            ("Coaching", 5, "offers"),
            ("Conflict resolution", 4, "offers"),
            ("People management", 5, "offers"),
            ("Presenting to executives", 4, "both"),
            ("Financial modeling", 2, "seeks"),
        ],
        "capacity": 2,
    },
    "programs": {
        "role": Role.PROGRAM_MANAGER,
        "office": "Bengaluru",
        "languages": ["en", "hi", "ta"],
        "bio": (
            "I run mentoring and learning programs at Northwind from Bengaluru: matching, "
            "check-ins, and making sure nobody waits too long for an answer. I was a "
            "teacher before this. Outside work: Carnatic music and badminton."
        ),
        "skills": [
            ("Facilitation", 5, "offers"),
            ("Onboarding design", 4, "offers"),
            ("Public speaking", 3, "both"),
            ("Data visualization", 2, "seeks"),
        ],
        "capacity": 1,
    },
    "mentor": {
        "level": 5,
        "title": "Staff Backend Engineer",
        "office": "Berlin",
        "languages": ["de", "en"],
        "bio": (
            "Staff backend engineer on the {team} team in Berlin. I like boring, reliable "
            "systems and explaining how they work. I came to software from physics, so I'm "
            "glad to mentor people with unusual paths. Outside work: bouldering and sourdough."
        ),
        "skills": [
            ("System design", 5, "offers"),
            ("Go", 5, "offers"),
            ("API design", 4, "offers"),
            ("Code review", 4, "both"),
            ("Public speaking", 2, "seeks"),
        ],
        "capacity": 3,
    },
    "mentee": {
        "level": 2,
        "title": "Product Manager",
        "office": "Madrid",
        "languages": ["es", "en"],
        "bio": (
            "Product manager on the {team} team, based in Madrid. I moved into product after "
            "two years in customer support, so I know our customers' pain points by heart. "
            "Outside work: running and learning Japanese."
        ),
        "skills": [
            ("Prioritization", 2, "seeks"),
            ("Roadmapping", 2, "seeks"),
            ("Pricing", 1, "seeks"),
            ("User research", 3, "both"),
            ("Customer onboarding", 4, "offers"),
        ],
        "capacity": 0,
    },
}
