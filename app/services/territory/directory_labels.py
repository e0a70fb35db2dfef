"""The directory's establishment types, one spelling each: "Ecole", "ECOLE" and "école" are all stored as "École".

Exports and hand-made files write the types without accents or in capitals; pages and dashboards show and group
establishments by type, so one type must be one label.
"""

from __future__ import annotations

import unicodedata

KIND_LABELS = (
    "École",
    "Collège",
    "Lycée",
    "Lycée professionnel",
    "EREA",
    "Médico-social",
    "Information et orientation",
    "Service administratif",
)
# Abbreviations and other names of the same types.
KIND_ALIASES = {
    "LP": "Lycée professionnel",
    "LPO": "Lycée",
    "LGT": "Lycée",
    "LEGT": "Lycée",
    "Lycée pro": "Lycée professionnel",
    "Lycée polyvalent": "Lycée",
    "Lycée général et technologique": "Lycée",
    "Lycée d'enseignement professionnel": "Lycée professionnel",
    "CIO": "Information et orientation",
}


def fold(text: str) -> str:
    """Return `text` without accents, case, hyphens or extra spaces: the key two spellings share."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("-", " ").lower().split())


_BY_KEY = {fold(label): label for label in KIND_LABELS} | {fold(alias): label for alias, label in KIND_ALIASES.items()}


def kind_label(value: str) -> str:
    """Return the directory's label of an establishment type; an unknown type is kept as written."""
    return _BY_KEY.get(fold(value), value)
