"""The org chart: management chains, and the conflict-of-interest rule built on them."""

from __future__ import annotations

from mentorhub.people.models import Person

MAX_DEPTH = 100  # deeper than any real org chart; stops a corrupt loop from spinning


def chain_above(person_id: int) -> list[int]:
    """Ids of the person's manager, their manager, and so on up to the top."""
    chain: list[int] = []
    current: int | None = person_id
    while current is not None and len(chain) < MAX_DEPTH:
        current = Person.objects.filter(pk=current).values_list("manager_id", flat=True).first()
        if current is None or current in chain or current == person_id:
            break
        chain.append(current)
    return chain


def in_management_chain(a: Person, b: Person) -> bool:
    """True when either person manages the other, directly or indirectly."""
    return b.pk in chain_above(a.pk) or a.pk in chain_above(b.pk)


def would_create_cycle(person: Person, new_manager: Person | None) -> bool:
    if new_manager is None:
        return False
    return new_manager.pk == person.pk or person.pk in chain_above(new_manager.pk)


class OrgChart:
    """The whole organization's manager links, loaded once, for many chain checks."""

    def __init__(self, organization_id: int):
        self.manager_of: dict[int, int | None] = dict(
            Person.objects.filter(organization_id=organization_id).values_list("id", "manager_id")
        )

    def chain_above(self, person_id: int) -> list[int]:
        chain: list[int] = []
        current = self.manager_of.get(person_id)
        while current is not None and current not in chain and len(chain) < MAX_DEPTH:
            chain.append(current)
            current = self.manager_of.get(current)
        return chain

    def in_chain(self, a: int, b: int) -> bool:
        return b in self.chain_above(a) or a in self.chain_above(b)

    def with_reports(self, person_ids: set[int]) -> set[int]:
        """The people and everyone below them (direct and indirect reports)."""
        return {
            p for p in self.manager_of if p in person_ids or person_ids & set(self.chain_above(p))
        }
