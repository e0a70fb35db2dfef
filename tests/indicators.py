"""A small network with an indicator campaign per half-year, for the indicator tests."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Campaign, CampaignStatus, Establishment, Network, Pole

SLUG = "poles-de-stages"
# A complete, valid report of surveys/poles-de-stages.yaml, as typed in the form.
VALID = {
    "eleves-pfmp": "120",
    "eleves-sans-stage": "6",
    "taux-eleves-places": "95,5",
    "offres-recensees": "180",
    "entreprises-partenaires": "42",
    "nouveaux-partenaires": "3",
    "collegiens-observation": "",
    "plan-actions": "oui",
    "information-familles": "non",
    "actions-information": "4",
    "situation-a-signaler": "",
}
ORDER = list(VALID)  # the form numbers its fields in the instrument's order


def form_data(values: dict[str, str]) -> dict[str, str]:
    """Name each value as the form does (indicateur_0, indicateur_1, …)."""
    return {f"indicateur_{ORDER.index(key)}": value for key, value in values.items()}


@dataclass
class Place:
    network: Network
    aix: Pole
    pertuis: Pole
    lycee: Establishment  # pole Aix
    college: Establishment  # pole Aix
    other: Establishment  # pole Pertuis
    s1: Campaign  # closed
    s2: Campaign  # open


def indicator_place(make) -> Place:
    network = make.network()
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    lycee = make.establishment(aix, name="Lycée des métiers Vauvenargues")
    college = make.establishment(aix, name="Collège Mignet")
    other = make.establishment(pertuis, name="Lycée Pertuis")
    members = (lycee, college, other)
    s1 = make.campaign(SLUG, network, "2025-2026", CampaignStatus.CLOSED, period="S1", establishments=members)
    s2 = make.campaign(SLUG, network, "2025-2026", CampaignStatus.OPEN, period="S2", establishments=members)
    return Place(network, aix, pertuis, lycee, college, other, s1, s2)
