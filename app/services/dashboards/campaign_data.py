"""A campaign's aggregates, suppressed once for every reader, stored in the database once it is closed."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from datetime import date
from typing import cast

import pandas as pd
from babel.dates import format_date
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.analytics.cells import campaign_cells, categories_under, establishment_unit, filtered_cells
from app.analytics.instrument import all_values
from app.extensions import DbSession
from app.models import Campaign, CampaignEstablishment, CampaignStatus, Establishment, SurveyDefinition
from app.services.dashboards import aggregates, stored_results
from app.surveys.registry import survey_of
from app.surveys.schema import INDICATORS

MEMO = "campaign_data"  # (campaign id, threshold) → CampaignData, for the session's life until it writes
SLICES = "establishment_results"  # (campaign id, threshold, establishment id) → EstablishmentResults, likewise
MARKS = "campaign_marks"  # (campaign id, threshold) → fingerprint of what the campaign holds now, likewise


class _StoredFrames:
    """Frames read from the database as stored, each decoded the first time a page reads it."""

    _frames: dict[str, pd.DataFrame | bytes | None]

    def _frame(self, name: str) -> pd.DataFrame | None:
        frame = self._frames[name]
        if isinstance(frame, bytes):
            frame = self._frames[name] = stored_results.frame_from_bytes(frame)
        return frame


class CampaignData(_StoredFrames):
    """What every dashboard reads about one campaign: each stored frame is decoded when a page first reads it.

    `counts`: establishment_id, question, value, n. `responses`: establishment_id, category, n. `cells`:
    campaign_cells(), one row per unit × question, suppressed. `establishments`: establishments_of(), as they
    stand now (names, staff sizes), never stored.
    """

    def __init__(
        self,
        campaign_id: int,
        counts: pd.DataFrame | bytes,
        responses: pd.DataFrame | bytes,
        cells: pd.DataFrame | bytes,
        establishments: pd.DataFrame,
        stored: stored_results.Header | None = None,
    ) -> None:
        self.campaign_id = campaign_id
        self.establishments = establishments
        self.stored = stored  # the stored results read, whose types' totals `kind_cells` reads
        self._frames = {"counts": counts, "responses": responses, "cells": cells}
        self.by_kind: dict[str, pd.DataFrame] = {}

    @property
    def counts(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self._frame("counts"))

    @property
    def responses(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self._frame("responses"))

    @property
    def cells(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self._frame("cells"))


def establishments_of(session: DbSession, campaign: Campaign, extra_ids: Set[int] = frozenset()) -> pd.DataFrame:
    """List the campaign's establishments (attached, or having answered) with pole, type and staff size."""
    return _with_extras(session, aggregates.members_by_campaign(session, [campaign.id])[campaign.id], extra_ids)


def _with_extras(session: DbSession, frame: pd.DataFrame, extra_ids: Set[int]) -> pd.DataFrame:
    """The members of a campaign, and the establishments that answered it without being one (withdrawn since)."""
    missing = set(extra_ids) - set(frame["establishment_id"])
    if missing:
        rows = session.execute(
            select(
                Establishment.id,
                Establishment.uai,
                Establishment.name,
                Establishment.kind,
                Establishment.pole_id,
                Establishment.network_id,
            ).where(Establishment.id.in_(missing))
        ).all()
        more = pd.DataFrame(rows, columns=["establishment_id", "uai", "name", "kind", "pole_id", "network_id"])
        more["staff_size"] = None
        frame = pd.concat([frame, more], ignore_index=True) if len(frame) else more
    frame["pole_id"] = frame["pole_id"].astype("object").where(frame["pole_id"].notna(), None)
    return frame


def campaign_data(session: DbSession, campaign: Campaign, min_size: int) -> CampaignData:
    """A campaign's aggregates: a closed campaign's are read from those stored at closing (stored_results.py).

    An open campaign's are computed for each reader (they show participation only). A closed one's are computed
    again, and stored, when what they were computed from changed since: a late import, a corrected staff size, a
    move between poles before closing froze membership.
    """
    memo: dict[tuple[int, int], CampaignData] = session.info.setdefault(MEMO, {})
    if (campaign.id, min_size) in memo:
        return memo[campaign.id, min_size]
    closed = campaign.status == CampaignStatus.CLOSED
    data = _stored(session, campaign, min_size) if closed else None
    if data is None:
        # Named before anything is read: a late import or a correction committed while they are computed makes the
        # stored results stale at their next reading, never trusted with frames that missed it. An open campaign's
        # are never stored: nothing to name.
        mark = _closing_mark(session, campaign, min_size) if closed else None
        responses = aggregates.response_counts(session, [campaign.id]).drop(columns=["campaign_id"])
        establishments = establishments_of(session, campaign, set(responses["establishment_id"]))
        data = _compute(session, campaign, establishments, responses, min_size)
        if mark is not None:
            _save(session, campaign, data, min_size, mark)
    session.info.setdefault(MEMO, {})[campaign.id, min_size] = data
    return data


def kind_cells(session: DbSession, data: CampaignData, kind: str, values: Sequence[int], min_size: int) -> pd.DataFrame:
    """The campaign's pole and network totals restricted to one type of establishment (`cells.filtered_cells`): a
    closed campaign's, stored at closing, are read (a few milliseconds, where adding the counts up again took 25 for
    each year of a network's trend); others are computed."""
    if kind not in data.by_kind:
        stored = data.stored is not None and kind in (data.stored.kinds or [])
        found = stored_results.load_kind(session, data.stored.id, kind) if stored and data.stored else None
        if found is None:
            found = filtered_cells(data.counts, data.establishments, data.cells, kind, values, min_size)
        data.by_kind[kind] = found
    return data.by_kind[kind]


class EstablishmentResults(_StoredFrames):
    """One establishment's part of a campaign's aggregates: its suppressed cells, its responses by category, and its
    cells by respondent category when stored (else None: computed live). A dashboard reads every year's slice, but
    most of their frames only for the year it shows: each is decoded when read."""

    def __init__(
        self,
        cells: pd.DataFrame | bytes,
        responses: pd.DataFrame | bytes,
        categories: pd.DataFrame | bytes | None = None,
    ) -> None:
        self._frames = {"cells": cells, "responses": responses, "categories": categories}

    @property
    def cells(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self._frame("cells"))

    @property
    def responses(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self._frame("responses"))

    @property
    def categories(self) -> pd.DataFrame | None:
        return self._frame("categories")


def establishment_results(
    session: DbSession, campaign: Campaign, establishment_id: int, min_size: int
) -> EstablishmentResults:
    """What an establishment's dashboard reads of a campaign: of a closed one, its stored slice (a small row),
    unless the page has read the whole campaign already or its results must be computed again."""
    memo: dict[tuple[int, int, int], EstablishmentResults] = session.info.setdefault(SLICES, {})
    key = (campaign.id, min_size, establishment_id)
    if key in memo:
        return memo[key]
    prefetch_establishment_results(session, [campaign], establishment_id, min_size)  # its stored slice, if still true
    found = memo.get(key)
    if found is None:
        data = campaign_data(session, campaign, min_size)
        found = EstablishmentResults(
            data.cells[data.cells["unit"] == establishment_unit(establishment_id)],
            data.responses[data.responses["establishment_id"] == establishment_id],
        )
    session.info.setdefault(SLICES, {})[key] = found
    return found


def prefetch_establishment_results(
    session: DbSession, campaigns: list[Campaign], establishment_id: int, min_size: int
) -> None:
    """Read and check, in a few queries, an establishment's stored slices of these campaigns (its dashboard reads
    every year of its trend): `establishment_results` then finds them. Asked one by one, each year took five queries.
    A campaign not closed, or whose stored results no longer match what it holds, is left to `establishment_results`.
    """
    memo: dict[tuple[int, int, int], EstablishmentResults] = session.info.setdefault(SLICES, {})
    whole = session.info.get(MEMO, {})
    wanted = [
        c
        for c in campaigns
        if c.status == CampaignStatus.CLOSED
        and (c.id, min_size, establishment_id) not in memo
        and (c.id, min_size) not in whole
    ]
    heads = stored_results.headers(session, [c.id for c in wanted], min_size) if wanted else {}
    usable = [c for c in wanted if c.id in heads and heads[c.id].extra_ids is not None]
    if not usable:
        return
    parts = stored_results.load_slices(session, [heads[c.id].id for c in usable], establishment_id)
    found = [c for c in usable if heads[c.id].id in parts]
    marks = current_marks(session, found, min_size)
    for campaign in found:
        part = parts[heads[campaign.id].id]
        if marks[campaign.id] == heads[campaign.id].fingerprint:
            memo[campaign.id, min_size, establishment_id] = EstablishmentResults(
                part.cells, part.responses, part.categories
            )


def _stored(session: DbSession, campaign: Campaign, min_size: int) -> CampaignData | None:
    """The closed campaign's stored results, if they were computed from what it holds now; None otherwise.

    Checking them costs two small queries (its members, and a summary of its responses), not the GROUP BY of its
    responses that computing them starts with: the responses by establishment and category are stored too.
    """
    return _stored_many(session, [campaign], min_size).get(campaign.id)


def results_stored(session: DbSession, campaigns: list[Campaign], min_size: int) -> bool:
    """Say whether every closed campaign of these has its results stored and still true (nothing to compute)."""
    closed = [c for c in campaigns if c.status == CampaignStatus.CLOSED and c.survey.kind != INDICATORS]
    return len(_stored_many(session, closed, min_size)) == len(closed)


def prefetch_campaign_data(session: DbSession, campaigns: list[Campaign], min_size: int) -> None:
    """Read and check at once the stored results of the campaigns a page shows (a network's trend reads five):
    `campaign_data` then finds them. One by one, each took six queries; together, six in all."""
    memo: dict[tuple[int, int], CampaignData] = session.info.setdefault(MEMO, {})
    wanted = {c.id: c for c in campaigns if c.status == CampaignStatus.CLOSED and (c.id, min_size) not in memo}
    for campaign_id, data in _stored_many(session, list(wanted.values()), min_size).items():
        memo[campaign_id, min_size] = data


def _stored_many(session: DbSession, campaigns: list[Campaign], min_size: int) -> dict[int, CampaignData]:
    """`_stored` of several closed campaigns, by campaign id (those whose stored results still hold)."""
    heads = stored_results.headers(session, [c.id for c in campaigns], min_size) if campaigns else {}
    # stored before extra_ids or the types' totals were: computed again
    usable = [c for c in campaigns if c.id in heads and None not in (heads[c.id].extra_ids, heads[c.id].kinds)]
    if not usable:
        return {}
    marks = current_marks(session, usable, min_size)
    fresh = [c for c in usable if marks[c.id] == heads[c.id].fingerprint]
    if not fresh:
        return {}
    rows = stored_results.load_many(session, [heads[c.id].id for c in fresh])
    members = aggregates.members_by_campaign(session, [c.id for c in fresh])
    found = {}
    for campaign in fresh:
        head, row = heads[campaign.id], rows.get(heads[campaign.id].id)
        if row is None:  # replaced by another worker since its header was read: computed again
            continue
        establishments = _with_extras(session, members[campaign.id], set(head.extra_ids or []))
        responses = stored_results.frame_from_bytes(row.responses)
        found[campaign.id] = CampaignData(campaign.id, row.counts, responses, row.cells, establishments, head)
    return found


def current_marks(session: DbSession, campaigns: list[Campaign], min_size: int) -> dict[int, str]:
    """The fingerprint of what each campaign holds now, read once a page (until its session writes), in one query:
    its stored results are checked against it, and a network page's key is made of it.

    The database raises a campaign's results stamp whenever what its results are computed from changes
    (app/models/results_stamp.py): reading it costs one small query, where reading every member and a summary of
    every response took a third of an establishment's dashboard.
    """
    memo: dict[tuple[int, int], str] = session.info.setdefault(MARKS, {})
    wanted = [c for c in campaigns if (c.id, min_size) not in memo]
    if wanted:
        stamps = dict(
            session.execute(
                select(Campaign.id, Campaign.results_stamp).where(Campaign.id.in_([c.id for c in wanted]))
            ).all()
        )
        for campaign in wanted:
            memo[campaign.id, min_size] = stored_results.fingerprint(
                campaign.id, campaign.survey_id, min_size, stamps.get(campaign.id)
            )
    return {c.id: memo[c.id, min_size] for c in campaigns}


def _closing_mark(session: DbSession, campaign: Campaign, min_size: int) -> str:
    """The fingerprint of what a closed campaign holds now, read from the database before its results are: a change
    committed while they are computed raises the stamp past it, and they are computed again at the next reading."""
    session.info.get(MARKS, {}).pop((campaign.id, min_size), None)
    return current_marks(session, [campaign], min_size)[campaign.id]


def _save(session: DbSession, campaign: Campaign, data: CampaignData, min_size: int, mark: str) -> None:
    """Store a closed campaign's results, and each establishment's slice of them (with its categories' cells, which
    its dashboard would otherwise count and suppress at each visit)."""
    members = set(
        session.scalars(
            select(CampaignEstablishment.establishment_id).where(CampaignEstablishment.campaign_id == campaign.id)
        )
    )
    extra_ids = sorted(int(e) for e in set(data.responses["establishment_id"]) - members)
    own = data.cells[data.cells["kind"] == "establishment"]
    cells_by_unit = dict(tuple(own.groupby("unit", sort=False)))
    responses_by_id = dict(tuple(data.responses.groupby("establishment_id", sort=False)))
    by_category = aggregates.answer_counts(session, campaign.id, by_category=True)
    by_category["parent"] = by_category["establishment_id"].map(establishment_unit)
    values = all_values(survey_of(campaign.survey))
    categories = categories_under(by_category.drop(columns=["establishment_id"]), own, values, min_size)
    categories_by_unit = dict(tuple(categories.groupby("parent", sort=False)))
    slices = {}
    for e in data.establishments["establishment_id"]:
        unit = establishment_unit(int(e))
        slices[int(e)] = {
            "cells": cells_by_unit.get(unit, own.iloc[0:0]),
            "responses": responses_by_id.get(e, data.responses.iloc[0:0]),
            "categories": categories_by_unit.get(unit, categories.iloc[0:0]),
        }
    frames = {"counts": data.counts, "responses": data.responses, "cells": data.cells}
    kinds = {
        kind: kind_cells(session, data, kind, values, min_size)
        for kind in sorted({k for k in data.establishments["kind"] if k})
    }
    stored_results.save(session, campaign.id, min_size, mark, frames, extra_ids, slices, kinds)


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_: object) -> None:
    """A page reads each campaign's aggregates once; any write in its session may change them."""
    session.info.pop(MEMO, None)
    session.info.pop(SLICES, None)
    session.info.pop(MARKS, None)


def store_results(session: DbSession, campaign_ids: list[int], min_size: int) -> int:
    """Compute and store closed campaigns' results now (after closing), so that no reader waits for them.

    Commits each one: a campaign's results stand alone. Returns how many were computed (others were stored).
    """
    computed = 0
    for campaign_id in campaign_ids:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.status != CampaignStatus.CLOSED or campaign.survey.kind == INDICATORS:
            continue
        campaign_data(session, campaign, min_size)
        computed += int(bool(session.info.pop(stored_results.PENDING, False)))
        session.commit()
    return computed


def missing_results(session: DbSession, min_size: int) -> list[int]:
    """The closed questionnaire campaigns whose results under this threshold are not stored, or are stored from what
    has changed since (`flask campaigns tick` computes them again, so that no reader waits)."""
    closed = session.scalars(
        select(Campaign)
        .join(SurveyDefinition)
        .where(Campaign.status == CampaignStatus.CLOSED, SurveyDefinition.kind != INDICATORS)
        .order_by(Campaign.id)
    ).all()
    return [campaign.id for campaign in closed if _stored(session, campaign, min_size) is None]


def _compute(
    session: DbSession, campaign: Campaign, establishments: pd.DataFrame, responses: pd.DataFrame, min_size: int
) -> CampaignData:
    counts = aggregates.answer_counts(session, campaign.id)
    values = all_values(survey_of(campaign.survey))
    cells = campaign_cells(counts, establishments, campaign.network_id, values, min_size)
    return CampaignData(campaign.id, counts, responses, cells, establishments)


def network_campaigns(session: DbSession, network_id: int) -> list[Campaign]:
    """Return a network's questionnaire campaigns in time order (school year, then period).

    Indicator campaigns are left out: their figures are institutional, never mixed with the anonymous answers.
    """
    campaigns = session.scalars(
        select(Campaign)
        .join(SurveyDefinition)
        .where(Campaign.network_id == network_id, SurveyDefinition.kind != INDICATORS)
    ).all()
    return sorted(campaigns, key=campaign_order)


def campaign_order(campaign: Campaign) -> tuple[str, str, int]:
    return (campaign.school_year, campaign.period or "", campaign.id)


def series_of(campaigns: list[Campaign], campaign: Campaign) -> list[Campaign]:
    """Return the campaigns of the same instrument (slug), in time order: the points of a trend."""
    return [c for c in campaigns if c.survey.slug == campaign.survey.slug]


def previous_of(campaigns: list[Campaign], campaign: Campaign) -> Campaign | None:
    """Return the campaign of the same instrument just before this one, if any."""
    series = series_of(campaigns, campaign)
    index = series.index(campaign)
    return series[index - 1] if index > 0 else None


def results_published(campaign: Campaign) -> bool:
    """Say whether a campaign's results may be shown to any reader: only once it is closed.

    While a campaign is open, two readings around one more answer would differ by that one person's answers
    (issue 12, rule of docs/privacy.md): every view shows participation only (the total and the rate, never by
    category) until the campaign is closed, and a closed campaign is never reopened.
    """
    return campaign.status == CampaignStatus.CLOSED


def french_date(day: date) -> str:
    """Write a day as French prose does: « 1er décembre 2026 », « 12 décembre 2026 »."""
    return format_date(day, "'1er' MMMM y" if day.day == 1 else "d MMMM y", locale="fr_FR")


def publication_note(campaign: Campaign) -> str:
    """Say, in French, when an unpublished campaign's results will be shown."""
    when = f", prévue le {french_date(campaign.closes_on)}" if campaign.closes_on else ""
    return f"Les résultats seront publiés à la clôture de la campagne{when} (règle d'anonymat)."


def published(campaigns: list[Campaign]) -> list[Campaign]:
    """Keep the campaigns whose results are published: the only points a trend or a comparison may use."""
    return [c for c in campaigns if results_published(c)]


def default_campaign(campaigns: list[Campaign], wanted: Callable[[Campaign], bool] | None = None) -> Campaign | None:
    """Pick the latest closed campaign (its results are final), else the latest one."""
    candidates = [c for c in campaigns if wanted is None or wanted(c)]
    closed = [c for c in candidates if c.status == CampaignStatus.CLOSED]
    pool = closed or candidates
    return pool[-1] if pool else None


def period_label(campaign: Campaign) -> str:
    return campaign.school_year + (f" {campaign.period}" if campaign.period else "")


class ChosenCampaign:
    """What a page reading one chosen campaign (or none yet) says of it: whether its results are out, its label."""

    campaign: Campaign | None

    @property
    def published(self) -> bool:
        """The chosen campaign's results are published (it is closed)."""
        return self.campaign is not None and results_published(self.campaign)

    @property
    def publication_note(self) -> str:
        """Say when the chosen campaign's results will be published; empty once they are, or without one."""
        return publication_note(self.campaign) if self.campaign is not None and not self.published else ""

    @property
    def label(self) -> str:
        """The chosen campaign's school year and period, or empty without one."""
        return period_label(self.campaign) if self.campaign is not None else ""
