"""The demo organization: a believable company to explore mentorhub with, built on first run.

`build.build_demo()` makes it; the names here are shared with `mentorhub run` and
`mentorhub demo`, which print the sign-ins.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_SLUG = "demo"
DEMO_ORG_NAME = "Northwind Labs"
DEMO_PASSWORD = "mentorhub-demo"
DEMO_SEED = 7
EMAIL_DOMAIN = "demo.mentorhub.example"


@dataclass(frozen=True)
class DemoLogin:
    key: str
    label: str
    full_name: str
    email: str
    sees: str


DEMO_LOGINS = (
    DemoLogin(
        "admin",
        "Org admin",
        "Amara Okafor",
        f"admin@{EMAIL_DOMAIN}",
        "people, all programs, the audit log",
    ),
    DemoLogin(
        "programs",
        "Program manager",
        "Priya Raman",
        f"programs@{EMAIL_DOMAIN}",
        "runs all eleven programs: applicants, match runs, alerts, quiet mentorships",
    ),
    DemoLogin(
        "mentor",
        "Mentor",
        "Jonas Weber",
        f"mentor@{EMAIL_DOMAIN}",
        "an active mentorship and a proposal to answer",
    ),
    DemoLogin(
        "mentee",
        "Mentee",
        "Lucía Fernández",
        f"mentee@{EMAIL_DOMAIN}",
        "an active mentorship and an open request",
    ),
)


def login_table() -> str:
    """The demo sign-ins as a few aligned lines, for the console."""
    lines = [f"Demo sign-ins (password: {DEMO_PASSWORD})"]
    for login in DEMO_LOGINS:
        lines.append(f"  {login.label:<16} {login.email:<34} {login.full_name}: {login.sees}")
    return "\n".join(lines)
