"""Shared set-up for the dashboard tests: a small network with known answers over two school years."""

from __future__ import annotations

from app.models import CampaignStatus

DIMENSIONS = ["collectif", "equipe-direction", "objets-travail", "partenaires", "structuration-territoire"]


def grid_answers(level: int, **overrides) -> dict[str, int]:
    values = dict.fromkeys(DIMENSIONS, level)
    values.update(overrides)
    return values


def answer(make, campaign, establishment, levels: list[int], category: str = "enseignant", **overrides) -> None:
    """Store one response per level in `levels`, the same level on every dimension unless overridden."""
    make.responses(campaign, establishment, [grid_answers(level, **overrides) for level in levels], category=category)


def small_network(make):
    """Réseau with poles A (establishments a1: 4 answers, a2: 6, a3: 20) and B (b1: 8), two school years."""
    network = make.network("Réseau test")
    pole_a, pole_b = make.pole("Aix", network=network), make.pole("Pertuis", network=network)
    a1 = make.establishment(pole=pole_a, name="Collège Petit", kind="Collège")
    a2 = make.establishment(pole=pole_a, name="Lycée Moyen", kind="Lycée")
    a3 = make.establishment(pole=pole_a, name="Collège Grand", kind="Collège")
    b1 = make.establishment(pole=pole_b, name="Collège Pertuis", kind="Collège")
    every = [a1, a2, a3, b1]
    before = make.campaign(network=network, school_year="2024-2025", status=CampaignStatus.CLOSED, establishments=every)
    now = make.campaign(network=network, school_year="2025-2026", status=CampaignStatus.CLOSED, establishments=every)
    answer(make, before, a3, [2] * 10 + [3] * 10)
    answer(make, before, b1, [1] * 8)
    answer(make, now, a1, [2, 3, 3, 4])
    answer(make, now, a2, [3] * 6)
    answer(make, now, a3, [3] * 12 + [4] * 8)
    answer(make, now, b1, [2] * 4 + [3] * 4)
    return {"network": network, "poles": (pole_a, pole_b), "est": (a1, a2, a3, b1), "before": before, "now": now}
