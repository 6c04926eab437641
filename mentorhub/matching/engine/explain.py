"""Reasons in words: why a pair was made, and why someone was left without a match."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from mentorhub.matching.engine.encode import Encoded
from mentorhub.matching.engine.pairs import RULES, Block
from mentorhub.matching.engine.problem import Participant
from mentorhub.matching.engine.text import TfidfLsa, shared_terms

MIN_PART = 0.05  # score parts below this are not worth a sentence


def pair_reasons(
    mentee: Participant,
    mentor: Participant,
    parts: Mapping[str, float],
    weights: Mapping[str, float],
    encoded: Encoded,
    limit: int = 4,
) -> tuple[str, ...]:
    """The parts that contributed most to the score, each in a sentence."""
    ranked = sorted((weights[k] * v, k) for k, v in parts.items() if k in weights and v >= MIN_PART)
    reasons = []
    for _, name in reversed(ranked):
        text = _REASON[name](mentee, mentor, parts[name], encoded)
        if text:
            reasons.append(text)
    return tuple(reasons[:limit]) or ("meets every rule of the program",)


def _skills(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    wanted = sorted(s for s in mentee.seeks if s in mentor.offers)
    if not wanted:
        return ""
    shown = ", ".join(f"{s} ({mentor.offers[s]}/5)" for s in wanted[:3])
    return f"offers {len(wanted)} of the {len(mentee.seeks)} skills sought: {shown}"


def _goals(mentee: Participant, mentor: Participant, value: float, encoded: Encoded) -> str:
    model = encoded.text_model
    terms = shared_terms(model, mentee.goals, mentor.goals) if isinstance(model, TfidfLsa) else []
    detail = f": {', '.join(terms)}" if terms else ""
    return f"similar goals and experience ({value:.0%}){detail}"


def _interests(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    shared = sorted(mentee.interests & mentor.interests)
    return f"shared interests: {', '.join(shared[:3])}" if shared else ""


def _questionnaire(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    same = [q for q, a in mentee.answers.items() if mentor.answers.get(q) == a]
    return f"same answers on {len(same)} matching question{'s' * (len(same) != 1)}" if same else ""


def _availability(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    return (
        f"about {value * 3:.1f} h or more a week when both are free"
        if value >= 1
        else (f"about {value * 3:.1f} h a week when both are free")
    )


def _diversity(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    return f"a view from another department ({mentor.department} for {mentee.department})"


def _rankings(mentee: Participant, mentor: Participant, value: float, _: Encoded) -> str:
    said = []
    for chooser, chosen in ((mentee, mentor), (mentor, mentee)):
        if chosen.id in chooser.ranking:
            place = chooser.ranking.index(chosen.id) + 1
            said.append(f"{_name(chooser)} ranked {_name(chosen)} #{place}")
    return "; ".join(said)


def _name(person: Participant) -> str:
    return person.name or person.id


_REASON = {
    "skills": _skills,
    "goals": _goals,
    "interests": _interests,
    "questionnaire": _questionnaire,
    "availability": _availability,
    "diversity": _diversity,
    "rankings": _rankings,
}


def unmatched_reasons(mentees: list[Participant], block: Block) -> list[str]:
    """For each row of the block: the first rule, in a fixed order, that leaves nobody, or
    that everyone left is full."""
    allowed = np.ones(block.score.shape, dtype=np.bool_)
    left = np.zeros((len(RULES) + 1, len(mentees)), dtype=np.int64)
    left[0] = allowed.sum(axis=1)
    for step, rule in enumerate(RULES, start=1):
        if rule in block.rules:
            allowed &= block.rules[rule]
        left[step] = allowed.sum(axis=1)
    return [_reason(mentee, left[:, row]) for row, mentee in enumerate(mentees)]


def _reason(mentee: Participant, left: np.ndarray) -> str:
    for step, rule in enumerate(RULES, start=1):
        if left[step] == 0:
            return _rule_reason(rule, mentee, int(left[step - 1]))
    return full_reason(int(left[-1]))


def full_reason(count: int) -> str:
    people = f"{count} mentors who fit are" if count != 1 else "1 mentor who fits is"
    return f"the {people} full: every seat went to someone else"


def _rule_reason(rule: str, mentee: Participant, left: int) -> str:
    before = f"of the {left} mentor{'s' * (left != 1)} otherwise suitable, " if left else ""
    if rule == "expertise":
        return f"no mentor offers a skill sought ({', '.join(sorted(mentee.seeks)[:4])})"
    if rule == "language":
        return f"{before}none shares a language ({', '.join(sorted(mentee.languages))})"
    if rule == "seniority":
        return f"{before}none has the seniority the approach asks for"
    if rule == "time":
        return f"{before}none is close enough in time zone or free at the same times"
    if rule == "screening":
        return f"{before}none has a valid screening"
    if rule == "capacity":
        return f"{before}none has room to take a mentee"
    if rule == "chain":
        return f"{before}all are in the same management chain"
    return f"{before}all are excluded as declared conflicts"
