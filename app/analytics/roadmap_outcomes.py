"""A feuille de route priority beside what the next campaign measured: atteint, en progrès, pas encore, pas mesurable.

Every measure is read from a campaign's suppressed cells (campaign_cells): a hidden cell gives no figure, only its
reason, so no outcome can say more than the dashboard already does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from app.analytics.self_positioning import pooled
from app.analytics.suppression import hidden_label

REACHED = "atteint"
PROGRESSING = "en progrès"
NOT_YET = "pas encore"
NOT_MEASURABLE = "pas mesurable"
OUTCOMES = (REACHED, PROGRESSING, NOT_YET, NOT_MEASURABLE)


@dataclass(frozen=True)
class Measure:
    """One figure of a unit (a dimension's mean level, or a theme's mean), or why there is none."""

    value: float | None
    reason: str = ""  # why there is no value, in French


@dataclass(frozen=True)
class Outcome:
    code: str  # one of OUTCOMES
    reason: str  # what it rests on, in French


def dimension_measure(cells: pd.DataFrame, unit: str, key: str, min_size: int) -> Measure:
    """Return the mean level of one dimension for one unit, from its suppressed cell.

    The mean, as the dashboards' heatmaps and tables show it (docs/dashboards.md, « Quel chiffre pour un
    niveau »): a priority's outcome is read with the figure its readers see; a median of a five-level scale is
    almost always a whole level and would not show a progress the dashboard shows.
    """
    row = cells[(cells["unit"] == unit) & (cells["question"] == key)]
    if row.empty:
        return Measure(None, "aucune réponse")
    record = row.iloc[0]
    if bool(record["hidden"]):
        return Measure(None, hidden_label(str(record["reason"]), min_size))
    return Measure(round(float(record["mean"]), 2))


def theme_measure(cells: pd.DataFrame, unit: str, keys: Sequence[str], min_size: int) -> Measure:
    """Return a theme's pooled mean for one unit, the needs page's figure; one hidden or missing item and there is none.

    The arithmetic is the needs page's and the network dashboard's (`self_positioning.pooled`: Σ mean × n / Σ n), so
    that a priority reads the figure they show. Where they count a partly hidden theme on its visible items (and say
    « k items sur m »), an outcome does not: measured on fewer items, the theme is not what its target was set on.
    """
    if not keys:
        return Measure(None, "ce thème n'existe pas dans cette édition du questionnaire")
    rows = cells[(cells["unit"] == unit) & (cells["question"].isin(list(keys)))]
    if len(rows) < len(set(keys)):
        return Measure(None, "aucune réponse à certains items")
    hidden = rows[rows["hidden"].astype(bool)]
    if len(hidden):
        return Measure(None, hidden_label(str(hidden.iloc[0]["reason"]), min_size))
    figure = pooled(rows.to_dict("records"), [], min_size)
    if figure["counted"] < len(rows) or figure["mean"] is None or math.isnan(figure["mean"]):
        return Measure(None, "aucune réponse à certains items")
    return Measure(round(figure["mean"], 2))


def default_target(latest: float | None, values: Sequence[int]) -> int | None:
    """Return the next level above a published measure (capped at the top of the scale), else None."""
    if latest is None or not values:
        return None
    above = [v for v in sorted(values) if v > math.floor(latest)]
    return above[0] if above else max(values)


def classify(
    target: int | None, baseline: Measure | None, later: Measure | None, later_label: str = "", pending: str = ""
) -> Outcome:
    """Classify a priority from its starting measure and the next closed campaign's measure.

    `pending` names a later campaign not closed yet: its results are not published, so it measures nothing.
    """
    if later is None:
        if pending:
            return Outcome(NOT_MEASURABLE, f"la campagne {pending} n'est pas encore clôturée")
        return Outcome(NOT_MEASURABLE, "aucune campagne clôturée d'une année suivante pour le mesurer")
    where = f" ({later_label})" if later_label else ""
    if later.value is None:
        return Outcome(NOT_MEASURABLE, f"résultat non publié{where} : {later.reason}")
    if target is not None and later.value >= target:
        return Outcome(REACHED, f"{_num(later.value)} mesuré{where}, cible {target}")
    if baseline is None or baseline.value is None:
        why = baseline.reason if baseline is not None else "aucune mesure de départ"
        if target is None:
            return Outcome(NOT_MEASURABLE, f"ni cible ni mesure de départ ({why})")
        return Outcome(NOT_YET, f"{_num(later.value)} mesuré{where}, cible {target} ; pas de mesure de départ ({why})")
    if later.value > baseline.value:
        return Outcome(PROGRESSING, f"de {_num(baseline.value)} à {_num(later.value)}{where}")
    return Outcome(NOT_YET, f"de {_num(baseline.value)} à {_num(later.value)}{where}")


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
