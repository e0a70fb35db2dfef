"""rows_of: the rows of a frame as to_dict("records") gives them, plain Python values included."""

import math

import numpy as np
import pandas as pd

from app.analytics.records import rows_of


def test_the_same_rows_and_plain_values_as_to_dict():
    frame = pd.DataFrame(
        {
            "unit": ["e:1", "e:2", None],
            "n": np.array([3, 0, 7], dtype=np.int64),
            "mean": [2.5, np.nan, 4.0],
            "hidden": np.array([False, True, False]),
            "pole": pd.Series([1, None, 2], dtype="object"),
        }
    )
    got, want = rows_of(frame), frame.to_dict("records")
    assert [list(row) for row in got] == [list(row) for row in want]
    for mine, theirs in zip(got, want, strict=True):
        for key, value in theirs.items():
            assert type(mine[key]) is type(value), key
            assert mine[key] == value or (isinstance(value, float) and math.isnan(value) and math.isnan(mine[key]))


def test_a_frame_without_rows_or_columns_has_no_rows():
    assert rows_of(pd.DataFrame(columns=["unit", "n"])) == []
    assert rows_of(pd.DataFrame()) == []
