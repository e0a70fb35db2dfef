"""Reading indicator campaigns: a network's (or a pilot's poles') figures by establishment and pole, over the periods.

The reader's scope is decided by the caller (app/web/dashboard_access.py): `pole_ids` are the poles shown, `whole`
says whether the network's total is. Values are read back as stored: no threshold applies (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from app.analytics import indicators as shape
from app.analytics.indicators import Period
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import (
    Campaign,
    CampaignEstablishment,
    Establishment,
    IndicatorReport,
    IndicatorValue,
    Network,
    SurveyDefinition,
)
from app.services.dashboards.campaign_data import campaign_order
from app.services.dashboards.membership import pole_of_link
from app.services.indicators.periods import short_label
from app.surveys.indicator_types import IndicatorType, indicator_type
from app.surveys.registry import registry, survey_of
from app.surveys.schema import INDICATORS, Question, Survey


class UnknownInstrument(LookupError):
    """No indicator campaign of that instrument in this network."""


@dataclass
class IndicatorView:
    question: Question
    kind: IndicatorType
    by_establishment: Table
    by_pole: Table | None
    frame: pd.DataFrame


@dataclass
class Reading:
    """What the network's indicators page, its exports and the API show."""

    slugs: list[tuple[str, str]]  # (slug, title) of the network's indicator instruments
    slug: str | None = None
    survey: Survey | None = None
    campaigns: list[Campaign] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    sentence: str = ""
    completeness: Table | None = None
    indicators: list[IndicatorView] = field(default_factory=list)

    @property
    def tables(self) -> dict[str, Table]:
        """Every table of the page by id, for exports (one sheet each in the workbook)."""
        out: dict[str, Table] = {self.completeness.id: self.completeness} if self.completeness else {}
        for view in self.indicators:
            for table in (view.by_pole, view.by_establishment):
                if table is not None:
                    out[table.id] = table
        return out


def network_indicator_campaigns(session: DbSession, network_id: int) -> list[Campaign]:
    """Return a network's indicator campaigns in time order (school year, then S1, S2)."""
    campaigns = session.scalars(
        select(Campaign)
        .join(SurveyDefinition)
        .where(Campaign.network_id == network_id, SurveyDefinition.kind == INDICATORS)
    ).all()
    return sorted(campaigns, key=campaign_order)


def edition_to_read(campaigns: list[Campaign]) -> Survey:
    """Read a series with the newest edition loaded: indicators keep their ids from one edition to the next."""
    slug = campaigns[-1].survey.slug
    return registry().latest(slug) or survey_of(campaigns[-1].survey)


def indicators_of(survey: Survey) -> list[tuple[Question, IndicatorType]]:
    return [(question, indicator_type(question)) for _, question in survey.questions()]


def _frames(session: DbSession, campaigns: list[Campaign]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The campaigns' members (with their pole as the campaign counts it), values and reports."""
    ids = [c.id for c in campaigns]
    order = {c.id: i for i, c in enumerate(campaigns)}
    member_rows = session.execute(
        select(
            CampaignEstablishment.campaign_id,
            Establishment.id,
            Establishment.uai,
            Establishment.name,
            pole_of_link.label("pole_id"),
        )
        .join(Establishment, Establishment.id == CampaignEstablishment.establishment_id)
        .where(CampaignEstablishment.campaign_id.in_(ids))
    ).all()
    ordered = sorted(member_rows, key=lambda row: order[row[0]])  # the periods in time order
    members = pd.DataFrame(ordered, columns=["period", "establishment_id", "uai", "name", "pole_id"])
    value_rows = session.execute(
        select(
            IndicatorReport.campaign_id,
            IndicatorReport.establishment_id,
            IndicatorValue.indicator,
            IndicatorValue.number,
            IndicatorValue.text,
        )
        .join(IndicatorValue, IndicatorValue.report_id == IndicatorReport.id)
        .where(IndicatorReport.campaign_id.in_(ids))
    ).all()
    values = pd.DataFrame(
        [(str(c), e, key, text if text is not None else number) for c, e, key, number, text in value_rows],
        columns=shape.VALUE_COLUMNS,
    )
    values = values[values["value"].notna()]
    report_rows = session.execute(
        select(IndicatorReport.campaign_id, IndicatorReport.establishment_id).where(
            IndicatorReport.campaign_id.in_(ids)
        )
    ).all()
    reports = pd.DataFrame([(str(c), e) for c, e in report_rows], columns=shape.REPORT_COLUMNS)
    members["period"] = members["period"].astype(str)
    return members, values, reports


def _within(frame: pd.DataFrame, kept: set[tuple[str, int]]) -> pd.DataFrame:
    """Keep the rows of the establishments shown (a list mask on an empty frame would select columns instead)."""
    mask = pd.Series([(p, e) in kept for p, e in zip(frame["period"], frame["establishment_id"])], index=frame.index)
    return frame[mask.astype(bool)]


def network_reading(
    session: DbSession, network: Network, whole: bool, pole_ids: list[int], slug: str | None
) -> Reading:
    """Build the network's (or the pilot's poles') indicator tables and chart frames for one instrument."""
    every = network_indicator_campaigns(session, network.id)
    slugs = sorted({(c.survey.slug, c.survey.title) for c in every}, key=lambda s: s[1].lower())
    reading = Reading(slugs)
    if slug is not None and slug not in {s for s, _ in slugs}:
        raise UnknownInstrument(slug)
    reading.slug = slug or (slugs[0][0] if slugs else None)
    reading.campaigns = [c for c in every if c.survey.slug == reading.slug]
    if not reading.campaigns:
        return reading
    reading.survey = edition_to_read(reading.campaigns)
    reading.periods = [Period(str(c.id), short_label(c)) for c in reading.campaigns]
    members, values, reports = _frames(session, reading.campaigns)
    names = {pole.id: pole.name for pole in network.poles}
    if not whole:
        members = members[members["pole_id"].isin(pole_ids)]
    members = members.assign(
        pole=[names.get(p, shape.NO_POLE) if pd.notna(p) else shape.NO_POLE for p in members["pole_id"]]
    )
    kept = set(zip(members["period"], members["establishment_id"]))
    values, reports = _within(values, kept), _within(reports, kept)
    reading.completeness = shape.completeness_table(reading.periods, members, reports, whole)
    reading.sentence = shape.completeness_sentence(reading.periods[-1], members, reports)
    for question, kind in indicators_of(reading.survey):
        by_pole = shape.pole_table(question, kind, reading.periods, members, values, whole)
        reading.indicators.append(
            IndicatorView(
                question,
                kind,
                shape.establishment_table(question, kind, reading.periods, members, values),
                by_pole,
                shape.pole_frame(by_pole, reading.periods),
            )
        )
    return reading


def establishment_series(session: DbSession, establishment: Establishment, campaigns: list[Campaign]) -> list[Table]:
    """The establishment's own indicators over its campaigns' periods, one table per instrument."""
    tables = []
    for slug in sorted({c.survey.slug for c in campaigns}):
        series = [c for c in campaigns if c.survey.slug == slug]
        survey = edition_to_read(series)
        periods = [Period(str(c.id), short_label(c)) for c in series]
        _, values, _ = _frames(session, series)
        table = shape.series_table(indicators_of(survey), periods, values, establishment.id)
        table.id, table.title = f"serie-{slug}", f"{survey.title} — vos valeurs par période"
        tables.append(table)
    return tables
