"""A campaign's membership: each establishment's pole and type as its results use them, frozen when it closed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, or_, select

from app.extensions import DbSession
from app.models import CampaignEstablishment, Establishment

# A link frozen at closing keeps its pole and type for ever; before that, the establishment's current ones count.
frozen = CampaignEstablishment.frozen_at.is_not(None)
pole_of_link: ColumnElement[int | None] = case((frozen, CampaignEstablishment.pole_id), else_=Establishment.pole_id)
kind_of_link: ColumnElement[str | None] = case((frozen, CampaignEstablishment.kind), else_=Establishment.kind)


@dataclass(frozen=True)
class Moved:
    """An establishment whose pole or type is no longer the one its campaign's results use."""

    establishment_id: int
    name: str
    pole_then: int | None
    pole_now: int | None
    kind_then: str
    kind_now: str


def moved_since_closing(session: DbSession, campaign_id: int) -> list[Moved]:
    """List, by name, the establishments whose pole or type changed since the campaign froze its membership."""
    rows = session.execute(
        select(
            Establishment.id,
            Establishment.name,
            CampaignEstablishment.pole_id,
            Establishment.pole_id,
            CampaignEstablishment.kind,
            Establishment.kind,
        )
        .join(Establishment, Establishment.id == CampaignEstablishment.establishment_id)
        .where(
            CampaignEstablishment.campaign_id == campaign_id,
            frozen,
            or_(
                CampaignEstablishment.pole_id.is_distinct_from(Establishment.pole_id),
                CampaignEstablishment.kind.is_distinct_from(Establishment.kind),
            ),
        )
        .order_by(Establishment.name, Establishment.id)
    ).all()
    return [Moved(e, name, p0, p1, k0 or "", k1 or "") for e, name, p0, p1, k0, k1 in rows]


def moved_note(moved: list[Moved], pole_names: dict[int, str]) -> str | None:
    """Say in French which establishments changed pole or type since closing, and that results keep the old ones."""
    if not moved:
        return None

    def pole(pole_id: int | None) -> str:
        return "sans pôle" if pole_id is None else pole_names.get(pole_id, "un pôle d'un autre réseau")

    parts = []
    poles = [m for m in moved if m.pole_then != m.pole_now]
    if poles:
        listed = ", ".join(f"{m.name} ({pole(m.pole_then)} → {pole(m.pole_now)})" for m in poles)
        parts.append(f"{_count(len(poles))} changé de pôle : {listed}.")
    kinds = [m for m in moved if m.kind_then != m.kind_now]
    if kinds:
        listed = ", ".join(f"{m.name} ({m.kind_then or 'sans type'} → {m.kind_now or 'sans type'})" for m in kinds)
        parts.append(f"{_count(len(kinds))} changé de type : {listed}.")
    what = "les pôles" + (" et les types" if kinds else "") if poles else "les types"
    return (
        "Depuis la clôture, "
        + " ".join(parts)
        + f" Les résultats de cette campagne restent calculés avec {what} de la clôture."
    )


def _count(n: int) -> str:
    return "1 établissement a" if n == 1 else f"{n} établissements ont"
