"""A closed campaign's aggregates are computed once, stored in the database, and again only when something changed."""

import pandas as pd
import pandas.testing as pdt
import pytest
from sqlalchemy import delete, event, func, select, update

from app.analytics.cells import category_cells, filtered_cells
from app.analytics.instrument import all_values
from app.models import (
    Campaign,
    CampaignEstablishment,
    CampaignResult,
    CampaignResultKind,
    CampaignStatus,
    Establishment,
    Response,
)
from app.services.dashboards import aggregates
from app.services.dashboards import campaign_data as dashboard_data
from app.services.dashboards.stored_results import PENDING, frame_bytes, frame_from_bytes
from app.surveys.registry import survey_of
from tests.dashboards import answer, small_network


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = aggregates.answer_counts

    def counting(*args, **kwargs):
        if not kwargs.get("by_category"):  # closing also counts each establishment's categories, for its slice
            calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(aggregates, "answer_counts", counting)
    return calls


def _stored(db, campaign_id: int) -> int:
    return db.session.scalar(select(func.count()).where(CampaignResult.campaign_id == campaign_id))


def test_a_closed_campaigns_results_are_computed_once_and_read_back_alike(make, db, monkeypatch):
    world = small_network(make)
    calls = _counting(monkeypatch)
    first = dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    campaign_id = world["now"].id
    db.session.expunge_all()  # another worker, another machine: nothing in memory, only the database
    again = dashboard_data.campaign_data(db.session, db.session.get(Campaign, campaign_id), 5)
    assert calls == [first.campaign_id] and _stored(db, first.campaign_id) == 1
    for name in ("counts", "responses", "cells"):
        pdt.assert_frame_equal(getattr(again, name).reset_index(drop=True), getattr(first, name).reset_index(drop=True))


def test_a_late_import_or_a_corrected_staff_size_computes_them_again(make, db, monkeypatch):
    world = small_network(make)
    calls = _counting(monkeypatch)
    dashboard_data.campaign_data(db.session, world["now"], 5)
    answer(make, world["now"], world["est"][0], [3])  # a late import
    late = dashboard_data.campaign_data(db.session, world["now"], 5)
    assert len(calls) == 2 and _stored(db, world["now"].id) == 1  # replaced, not added
    assert int(late.responses["n"].sum()) == 39
    link = db.session.scalar(
        select(CampaignEstablishment).where(CampaignEstablishment.campaign_id == world["now"].id).limit(1)
    )
    link.staff_size = 42
    db.session.commit()
    dashboard_data.campaign_data(db.session, world["now"], 5)
    assert len(calls) == 3


def test_an_open_campaign_is_never_stored(make, db, monkeypatch):
    world = small_network(make)
    calls = _counting(monkeypatch)
    current = make.campaign(network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN)
    dashboard_data.campaign_data(db.session, current, 5)
    db.session.commit()  # the next page
    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute", record := lambda *args: sent.append(args[2]))
    try:
        dashboard_data.campaign_data(db.session, current, 5)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert calls.count(current.id) == 2 and _stored(db, current.id) == 0
    assert not [s for s in sent if "max(response.id)" in s]  # nothing to fingerprint: it is never stored


def test_a_page_reads_each_campaign_once_until_its_session_writes(make, db, monkeypatch):
    world = small_network(make)
    calls = _counting(monkeypatch)
    db.session.commit()
    first = dashboard_data.campaign_data(db.session, world["now"], 5)
    assert dashboard_data.campaign_data(db.session, world["now"], 5) is first
    answer(make, world["now"], world["est"][0], [3])  # a write: read again
    assert dashboard_data.campaign_data(db.session, world["now"], 5) is not first and len(calls) == 2


def test_each_threshold_has_its_own_results(make, db):
    world = small_network(make)
    dashboard_data.campaign_data(db.session, world["now"], 5)
    strict = dashboard_data.campaign_data(db.session, world["now"], 10)
    assert strict.cells.loc[strict.cells["unit"] == f"e:{world['est'][1].id}", "hidden"].all()  # 6 answers < 10
    assert _stored(db, world["now"].id) == 2


def test_store_results_computes_the_missing_ones_and_skips_the_stored(make, db):
    world = small_network(make)
    assert dashboard_data.missing_results(db.session, 5) == sorted([world["before"].id, world["now"].id])
    assert dashboard_data.store_results(db.session, [world["before"].id, world["now"].id], 5) == 2
    assert dashboard_data.missing_results(db.session, 5) == []
    assert dashboard_data.store_results(db.session, [world["now"].id], 5) == 0
    assert PENDING not in db.session.info
    answer(make, world["now"], world["est"][0], [3])  # a late import: the tick computes them again
    db.session.commit()
    assert dashboard_data.missing_results(db.session, 5) == [world["now"].id]


def test_a_purge_and_a_late_import_of_as_many_responses_are_told_apart(make, db, monkeypatch):
    world = small_network(make)
    calls = _counting(monkeypatch)
    dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    oldest = db.session.scalar(select(Response).where(Response.campaign_id == world["now"].id).order_by(Response.id))
    db.session.delete(oldest)
    answer(make, world["now"], world["est"][0], [3])  # as many responses as before, not the same ones
    db.session.commit()
    dashboard_data.campaign_data(db.session, world["now"], 5)
    assert len(calls) == 2


def test_a_frame_comes_back_with_its_values_missing_values_and_dtypes():
    frame = pd.DataFrame(
        {
            "unit": ["e:1", "p:2", None],
            "n": [3.0, float("nan"), 1.5],
            "count": [1, 2, 3],
            "hidden": [True, False, True],
            "reason": [None, "petit-groupe", float("nan")],
        }
    )
    back = frame_from_bytes(frame_bytes(frame))
    assert list(back.dtypes) == list(frame.dtypes)
    assert back["reason"].tolist() == [None, "petit-groupe", None] and pd.isna(back.loc[1, "n"])
    pdt.assert_frame_equal(back.drop(columns="reason"), frame.drop(columns="reason"))
    empty = frame.iloc[0:0]
    assert list(frame_from_bytes(frame_bytes(empty)).dtypes) == list(empty.dtypes)


def test_an_establishment_reads_its_own_slice_alike_and_never_a_stale_one(make, db, monkeypatch):
    world = small_network(make)
    est_id, campaign_id = world["est"][0].id, world["now"].id
    whole = dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    db.session.expunge_all()  # another worker: only the database
    decoded: list[bytes] = []
    original = dashboard_data.stored_results.frame_from_bytes
    monkeypatch.setattr(
        dashboard_data.stored_results, "frame_from_bytes", lambda data: decoded.append(data) or original(data)
    )
    campaign = db.session.get(Campaign, campaign_id)
    mine = dashboard_data.establishment_results(db.session, campaign, est_id, 5)
    assert decoded == []  # each frame is decoded when read
    assert mine.categories is not None and len(mine.cells) and len(mine.responses)
    assert len(decoded) == 3 and max(map(len, decoded)) < 2000  # its three small frames, not the network's
    expected = whole.cells[whole.cells["unit"] == f"e:{est_id}"]
    pdt.assert_frame_equal(mine.cells.reset_index(drop=True), expected.reset_index(drop=True))
    assert int(mine.responses["n"].sum()) == int(
        whole.responses.loc[whole.responses["establishment_id"] == est_id, "n"].sum()
    )
    answer(make, campaign, db.session.get(Establishment, est_id), [3])  # a late import: the slice no longer holds
    db.session.commit()
    again = dashboard_data.establishment_results(db.session, campaign, est_id, 5)
    assert int(again.responses["n"].sum()) == int(mine.responses["n"].sum()) + 1


def test_each_establishments_stored_categories_are_those_it_would_count_alone(make, db):
    world = small_network(make)
    for index, est in enumerate(world["est"]):  # a few categories each, some under the threshold
        for category, count in (("cpe", 2 + index), ("direction", 6)):
            for _ in range(count):
                answer(make, world["now"], est, [2 + index % 3], category=category)
    campaign_id, network_id = world["now"].id, world["network"].id
    dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    db.session.expunge_all()
    campaign = db.session.get(Campaign, campaign_id)
    values = all_values(survey_of(campaign.survey))
    checked = 0
    for est in db.session.scalars(select(Establishment).where(Establishment.network_id == network_id)):
        stored = dashboard_data.establishment_results(db.session, campaign, est.id, 5)
        counts = aggregates.answer_counts(db.session, campaign.id, establishment_ids=[est.id], by_category=True)
        alone = category_cells(counts.drop(columns=["establishment_id"]), stored.cells, values, 5)
        assert stored.categories is not None
        if alone.empty:
            assert stored.categories.empty
            continue
        columns = ["unit", "question", "category", "n", "mean", "hidden", "reason"]
        key = ["unit", "question"]
        pdt.assert_frame_equal(
            stored.categories[columns].sort_values(key).reset_index(drop=True),
            alone[columns].sort_values(key).reset_index(drop=True),
            check_dtype=False,
        )
        checked += int(alone["hidden"].any() and not alone["hidden"].all())
    assert checked  # some establishment had categories both shown and hidden


def test_each_types_totals_are_stored_at_closing_and_read_back_alike(make, db, monkeypatch):
    """A dashboard filtered by type reads the totals stored at closing: the same frame as adding the counts up."""
    world = small_network(make)
    survey, campaign_id = survey_of(world["now"].survey), world["now"].id
    poles = {f"p:{pole.id}" for pole in world["poles"]}
    first = dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    assert sorted(db.session.scalars(select(CampaignResultKind.kind))) == ["Collège", "Lycée"]
    computed = filtered_cells(first.counts, first.establishments, first.cells, "Collège", all_values(survey), 5)

    db.session.expunge_all()  # another worker: only the database
    monkeypatch.setattr(dashboard_data, "filtered_cells", lambda *args: pytest.fail("computed, not read"))
    again = dashboard_data.campaign_data(db.session, db.session.get(Campaign, campaign_id), 5)
    read = dashboard_data.kind_cells(db.session, again, "Collège", all_values(survey), 5)
    pdt.assert_frame_equal(read.reset_index(drop=True), computed.reset_index(drop=True))
    assert poles <= set(read["unit"])


def test_a_type_no_establishment_had_at_closing_is_computed_empty(make, db):
    world = small_network(make)
    survey, campaign_id = survey_of(world["now"].survey), world["now"].id
    dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    db.session.expunge_all()
    again = dashboard_data.campaign_data(db.session, db.session.get(Campaign, campaign_id), 5)
    assert dashboard_data.kind_cells(db.session, again, "École", all_values(survey), 5).empty


def test_results_stored_before_types_totals_were_are_computed_again(make, db, monkeypatch):
    world = small_network(make)
    campaign_id = world["now"].id
    dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    db.session.execute(delete(CampaignResultKind))
    db.session.execute(update(CampaignResult).values(kinds=None))  # as migration 0015 leaves them
    db.session.commit()
    assert campaign_id in dashboard_data.missing_results(db.session, 5)
    calls = _counting(monkeypatch)
    db.session.expunge_all()
    dashboard_data.campaign_data(db.session, db.session.get(Campaign, campaign_id), 5)
    db.session.commit()
    assert calls == [campaign_id]
    assert db.session.scalar(select(func.count()).select_from(CampaignResultKind)) == 2


def test_a_pages_campaigns_are_read_and_checked_together_and_alike(make, db):
    """A network's trend reads every year's stored results in six queries, whatever the number of years."""
    world = small_network(make)
    ids = [world["before"].id, world["now"].id]
    for campaign in (world["before"], world["now"]):
        dashboard_data.campaign_data(db.session, campaign, 5)
    db.session.commit()
    db.session.expunge_all()
    campaigns = [db.session.get(Campaign, campaign_id) for campaign_id in ids]
    alone = {c.id: dashboard_data._stored(db.session, c, 5) for c in campaigns}
    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute", record := lambda *args: sent.append(args[2]))
    try:
        dashboard_data.prefetch_campaign_data(db.session, [*campaigns, campaigns[1]], 5)
        prefetched = len(sent)
        together = {c.id: dashboard_data.campaign_data(db.session, c, 5) for c in campaigns}
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert prefetched <= 6 and len(sent) == prefetched  # campaign_data then reads nothing more
    for campaign_id in ids:
        for name in ("counts", "responses", "cells", "establishments"):
            got, want = getattr(together[campaign_id], name), getattr(alone[campaign_id], name)
            pdt.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_an_import_committed_while_results_are_computed_makes_them_stale(make, db, monkeypatch):
    """Results are named (fingerprinted) before they are read: an answer that arrives meanwhile is in the next
    reading, never left out of frames trusted under a name that counts it."""
    world = small_network(make)
    campaign_id = world["now"].id
    original = aggregates.response_counts

    def late_import_meanwhile(*args, **kwargs):
        counts = original(*args, **kwargs)
        answer(make, world["now"], world["est"][0], [3])  # committed after the counts were read
        return counts

    monkeypatch.setattr(aggregates, "response_counts", late_import_meanwhile)
    first = dashboard_data.campaign_data(db.session, world["now"], 5)
    db.session.commit()
    monkeypatch.setattr(aggregates, "response_counts", original)
    db.session.expunge_all()
    again = dashboard_data.campaign_data(db.session, db.session.get(Campaign, campaign_id), 5)
    assert int(again.responses["n"].sum()) == int(first.responses["n"].sum()) + 1
