"""A campaign's scope: its whole network, chosen poles, or chosen establishments; checked once, read everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Select, false, select

from app.extensions import db
from app.models import Campaign, CampaignScope, CampaignWithdrawal, Establishment, Network, Pole
from app.services.campaigns.errors import CampaignError
from app.services.territory.uai import normalize_uai

SCOPE_LABELS = {
    CampaignScope.NETWORK: "Tout le réseau",
    CampaignScope.POLES: "Des pôles choisis",
    CampaignScope.ESTABLISHMENTS: "Des établissements choisis",
}


@dataclass
class Scope:
    """What a campaign covers, checked against its network: the poles or the establishments chosen."""

    kind: CampaignScope = CampaignScope.NETWORK
    poles: list[Pole] = field(default_factory=list)
    establishments: list[Establishment] = field(default_factory=list)


def parse_uais(text: str | Iterable[str]) -> list[str]:
    """Split UAIs typed with spaces, commas or new lines (or given one by one), in their stored form, once each."""
    parts = text.replace(",", " ").replace(";", " ").split() if isinstance(text, str) else list(text)
    return list(dict.fromkeys(normalize_uai(part) for part in parts if part.strip()))


def resolve_scope(
    network: Network, kind: CampaignScope, *, pole_ids: Iterable[int] = (), uais: Iterable[str] = ()
) -> Scope:
    """Check a scope for a network: its poles are the network's, its UAIs known and the network's, none empty."""
    if kind == CampaignScope.NETWORK:
        return Scope()
    if kind == CampaignScope.POLES:
        ids = list(dict.fromkeys(pole_ids))
        if not ids:
            raise CampaignError("Choisissez au moins un pôle du réseau, ou couvrez tout le réseau.")
        poles = {pole.id: pole for pole in db.session.scalars(select(Pole).where(Pole.id.in_(ids)))}
        for pole_id in ids:
            pole = poles.get(pole_id)
            if pole is None:
                raise CampaignError("Un des pôles choisis n'existe pas (ou plus).")
            if pole.network_id != network.id:
                raise CampaignError(f"Le pôle « {pole.name} » n'appartient pas au réseau « {network.name} ».")
        return Scope(kind, poles=sorted(poles.values(), key=lambda pole: pole.name))
    wanted = parse_uais(uais)
    if not wanted:
        raise CampaignError("Indiquez au moins un établissement (son UAI), ou couvrez tout le réseau.")
    found = {e.uai: e for e in db.session.scalars(select(Establishment).where(Establishment.uai.in_(wanted)))}
    unknown = [uai for uai in wanted if uai not in found]
    if unknown:
        raise CampaignError(f"UAI inconnu(s) : {', '.join(unknown)}.")
    foreign = [found[uai].label for uai in wanted if found[uai].network_id != network.id]
    if foreign:
        raise CampaignError(f"Hors du réseau « {network.name} » : {', '.join(foreign)}.")
    return Scope(kind, establishments=[found[uai] for uai in wanted])


def establishments_in_scope(campaign: Campaign) -> Select[Establishment]:
    """Return the establishments the campaign's scope takes in by itself, less those withdrawn from it.

    A campaign of chosen establishments takes in none by itself: its links are its scope.
    """
    query = select(Establishment).where(Establishment.network_id == campaign.network_id)
    if campaign.scope == CampaignScope.POLES:
        query = query.where(Establishment.pole_id.in_([pole.id for pole in campaign.poles]))
    elif campaign.scope == CampaignScope.ESTABLISHMENTS:
        query = query.where(false())
    withdrawn = select(CampaignWithdrawal.establishment_id).where(CampaignWithdrawal.campaign_id == campaign.id)
    return query.where(Establishment.id.not_in(withdrawn)).order_by(Establishment.name)


def scope_label(campaign: Campaign) -> str:
    """Say in French what the campaign covers, as its page and the command line show it."""
    if campaign.scope == CampaignScope.POLES:
        names = ", ".join(pole.name for pole in campaign.poles)
        return f"Pôle{'s' if len(campaign.poles) > 1 else ''} : {names}"
    if campaign.scope == CampaignScope.ESTABLISHMENTS:
        return "Établissements choisis"
    return "Tout le réseau"
