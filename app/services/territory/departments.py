"""Départements: where a network lies, so that its DASEN and departmental coordinator read it."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Department, Network, User
from app.services.accounts import audit
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


def place_network(network: Network, raw_code: str, name: str, actor: User) -> Department | None:
    """Put a network in a département (created in its académie if new), or in none with an empty code; journal it."""
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
