"""Départements: where a network lies, so that its DASEN and departmental coordinator read it."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.analytics.cells import network_unit
from app.extensions import db
from app.models import Department, Network, User
from app.services.accounts import audit
from app.services.dashboards.campaign_data import campaign_data, network_campaigns, published
from app.services.territory.tree import TerritoryError, _clean

# The départements of the académie d'Aix-Marseille, named without being asked; any other needs its name once.
KNOWN_NAMES = {"04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes", "13": "Bouches-du-Rhône", "84": "Vaucluse"}
CODE = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])$")


def department_code(raw: str) -> str:
    """Return a département's code as the administration writes it ("13", "2A", "974"); "013" (a UAI's) → "13"."""
    code = (raw or "").strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    if not CODE.match(code):
        raise TerritoryError(f"Code de département invalide : « {raw} » (par exemple 13, 84 ou 2A).")
    return code


def _moves_hidden_answers(network: Network, min_size: int) -> bool:
    """Whether a published campaign of the network hides one of its cells: the totals above it protect those answers.

    A département's (or the académie's) total is recomputed on today's tree: read before and after the network
    moves, it would differ by the network's hidden answers alone (docs/privacy.md).
    """
    unit = network_unit(network.id)
    for campaign in published(network_campaigns(db.session, network.id)):
        cells = campaign_data(db.session, campaign, min_size).cells
        if cells[cells["unit"] == unit]["hidden"].astype(bool).any():
            return True
    return False


def place_network(network: Network, raw_code: str, name: str, actor: User, min_size: int) -> Department | None:
    """Put a network in a département (created in its académie if new), or in none with an empty code; journal it.

    Refused once a published campaign of the network hides a cell, as the totals above it would then give it away.
    """
    wanted = department_code(raw_code) if (raw_code or "").strip() else None
    current = network.department.code if network.department else None
    if wanted != current and _moves_hidden_answers(network, min_size):
        raise TerritoryError(
            f"Le réseau « {network.name} » a des résultats déjà publiés sous le seuil de {min_size} réponses : "
            "le changer de département permettrait de les retrouver en comparant les totaux avant et après."
        )
    if not (raw_code or "").strip():
        old, network.department = network.department, None
        db.session.flush()
        if old is not None:
            audit.record(actor, "network.department", f"Réseau « {network.name} » : hors département")
        return None
    code = department_code(raw_code)
    department = db.session.scalar(select(Department).where(Department.code == code))
    if department is None:
        label = " ".join((name or "").split()) or KNOWN_NAMES.get(code, "")
        if not label:
            raise TerritoryError(f"Le département {code} n'existe pas encore : indiquez son nom.")
        department = Department(code=code, name=_clean(label, "du département"), academy_id=network.academy_id)
        db.session.add(department)
    elif department.academy_id != network.academy_id:
        raise TerritoryError(f"Le département {code} appartient à une autre académie que ce réseau.")
    network.department = department
    db.session.flush()
    audit.record(actor, "network.department", f"Réseau « {network.name} » : département {department.label}")
    return department
