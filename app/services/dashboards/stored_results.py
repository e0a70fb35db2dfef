"""Keep a closed campaign's aggregates in the database (campaign_result), so that no worker computes them twice.

A frame is stored column by column as compressed JSON with its dtypes: reading one back is a few milliseconds,
exact to the dtype, and never unpickles anything. orjson reads it three times faster than the standard library
(a network dashboard reads the cells of every year of its trend). A row is trusted only under the fingerprint it
was computed for.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from typing import Any, NamedTuple

import numpy as np
import orjson
import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from app.extensions import DbSession
from app.models import CampaignResult, CampaignResultKind, CampaignResultSlice

PENDING = "campaign_results_to_commit"


def frame_bytes(frame: pd.DataFrame) -> bytes:
    """Write a frame as compressed JSON: its columns, their values and their dtypes."""
    payload = {
        "dtypes": {str(name): str(dtype) for name, dtype in frame.dtypes.items()},
        "columns": {str(name): _plain(frame[name]) for name in frame.columns},
    }
    return zlib.compress(orjson.dumps(payload), 1)  # NaN is written null: the column's dtype makes it NaN again


def _plain(column: pd.Series) -> list[Any]:
    values = column.tolist()
    if column.dtype == object:  # NaN and None both mean « none » in an object column: keep None
        return [None if isinstance(v, float) and math.isnan(v) else v for v in values]
    return values


def frame_from_bytes(data: bytes) -> pd.DataFrame:
    """Read back a frame written by `frame_bytes`, with the same columns and dtypes."""
    text = zlib.decompress(data)
    try:
        payload = orjson.loads(text)
    except orjson.JSONDecodeError:  # written before orjson, with NaN tokens: computed again under a new fingerprint
        payload = json.loads(text)
    columns = payload["columns"]
    # one typed array a column: much faster than letting pandas infer each column, then cast it
    return pd.DataFrame(
        {name: np.array(columns[name], dtype=dtype) for name, dtype in payload["dtypes"].items()}, copy=False
    )


def fingerprint(*parts: Any) -> str:
    """A short name of what results were computed from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Header(NamedTuple):
    id: int
    fingerprint: str
    extra_ids: list[int] | None
    kinds: list[str] | None  # the types of establishment whose totals are stored


def headers(session: DbSession, campaign_ids: list[int], min_size: int) -> dict[int, Header]:
    """The id, fingerprint, non-member establishments and stored types of several campaigns' results, without
    their frames, in one query, by campaign id (those with stored results)."""
    query = select(
        CampaignResult.campaign_id,
        CampaignResult.id,
        CampaignResult.fingerprint,
        CampaignResult.extra_ids,
        CampaignResult.kinds,
    ).where(CampaignResult.campaign_id.in_(campaign_ids), CampaignResult.min_size == min_size)
    return {row[0]: Header(*row[1:]) for row in session.execute(query)}


def load_slices(session: DbSession, result_ids: list[int], establishment_id: int) -> dict[int, CampaignResultSlice]:
    """One establishment's slices of several stored results in one query, by result id."""
    query = select(CampaignResultSlice).where(
        CampaignResultSlice.result_id.in_(result_ids), CampaignResultSlice.establishment_id == establishment_id
    )
    return {part.result_id: part for part in session.scalars(query)}


def load_many(session: DbSession, result_ids: list[int]) -> dict[int, CampaignResult]:
    """Stored results by id, in one query."""
    return {row.id: row for row in session.scalars(select(CampaignResult).where(CampaignResult.id.in_(result_ids)))}


def load_kind(session: DbSession, result_id: int, kind: str) -> pd.DataFrame | None:
    """The stored totals of one type of establishment, if any."""
    found = session.scalar(
        select(CampaignResultKind.cells).where(
            CampaignResultKind.result_id == result_id, CampaignResultKind.kind == kind
        )
    )
    return None if found is None else frame_from_bytes(found)


def save(
    session: DbSession,
    campaign_id: int,
    min_size: int,
    mark: str,
    frames: dict[str, pd.DataFrame],
    extra_ids: list[int],
    slices: dict[int, dict[str, pd.DataFrame]],
    kinds: dict[str, pd.DataFrame],
) -> None:
    """Store (or replace) a campaign's results, each establishment's slice of them and each type's totals, in a
    savepoint: a reader that lost the race to another leaves it."""
    try:
        with session.begin_nested():
            session.execute(
                delete(CampaignResult).where(
                    CampaignResult.campaign_id == campaign_id, CampaignResult.min_size == min_size
                )
            )
            result = CampaignResult(
                campaign_id=campaign_id,
                min_size=min_size,
                fingerprint=mark,
                extra_ids=extra_ids,
                kinds=sorted(kinds),
                **{name: frame_bytes(frame) for name, frame in frames.items()},
            )
            session.add(result)
            session.flush()
            if slices:
                session.execute(
                    insert(CampaignResultSlice),
                    [
                        {"result_id": result.id, "establishment_id": establishment_id}
                        | {name: frame_bytes(frame) for name, frame in parts.items()}
                        for establishment_id, parts in slices.items()
                    ],
                )
            if kinds:
                session.execute(
                    insert(CampaignResultKind),
                    [
                        {"result_id": result.id, "kind": kind, "cells": frame_bytes(frame)}
                        for kind, frame in kinds.items()
                    ],
                )
    except IntegrityError:  # another worker stored the same results meanwhile
        return
    session.info[PENDING] = True  # committed once the page is answered (app/web/stored_results.py)
