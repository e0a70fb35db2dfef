"""Statistics from value counts, checked against figures computed by hand."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.analytics.stats import (
    describe_counts,
    distribution,
    median_from_counts,
    quantile_from_counts,
    shares,
    summarize,
)
from app.surveys.schema import DONT_KNOW


def test_levels_2_3_3_4():
    # levels 2, 3, 3, 4 → distribution 0/1/2/1/0, median 3, mean 3.0
    assert distribution([2, 3, 3, 4], [1, 2, 3, 4, 5]) == [0, 1, 2, 1, 0]
    stats = describe_counts([1, 2, 3, 4, 5], [0, 1, 2, 1, 0])
    assert stats["n"] == 4
    assert stats["median"] == 3
    assert stats["mean"] == 3.0
    assert stats["q1"] == pytest.approx(2.75)
    assert stats["q3"] == pytest.approx(3.25)
    assert stats["std"] == pytest.approx(math.sqrt(2 / 3))  # sample standard deviation


@pytest.mark.parametrize(
    "values,counts,expected",
    [
        ([1, 2], [1, 1], 1.5),  # even count: mean of the two middle answers
        ([1, 5], [3, 1], 1.0),
        ([4], [7], 4.0),
        ([3, 1, 2], [1, 1, 1], 2.0),  # values need not be sorted
        ([1, 2, 3], [0, 0, 2], 3.0),  # zero counts are ignored
    ],
)
def test_median_from_counts(values, counts, expected):
    assert median_from_counts(values, counts) == expected


def test_quantile_of_nothing_is_nan():
    assert math.isnan(quantile_from_counts([1, 2], [0, 0], 0.5))


def test_summarize_groups_and_not_applicable():
    counts = pd.DataFrame(
        [
            {"unit": "a", "value": 2, "n": 1},
            {"unit": "a", "value": 3, "n": 2},
            {"unit": "a", "value": 4, "n": 1},
            {"unit": "a", "value": None, "n": 3},  # "non concerné" is counted apart, never in the median
            {"unit": "b", "value": 5, "n": 2},
        ]
    )
    summary = summarize(counts, ["unit"], [1, 2, 3, 4, 5]).set_index("unit")
    assert summary.loc["a", "n"] == 4 and summary.loc["a", "n_na"] == 3
    assert summary.loc["a", "median"] == 3 and summary.loc["a", "mean"] == 3.0
    assert [summary.loc["a", f"d{v}"] for v in range(1, 6)] == [0, 1, 2, 1, 0]
    assert summary.loc["b", "median"] == 5 and summary.loc["b", "std"] == 0
    with_shares = shares(summary.reset_index(), [1, 2, 3, 4, 5]).set_index("unit")
    assert with_shares.loc["a", "s3"] == 0.5


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from([1, 2, 3, 4, 5, None]),
            st.integers(min_value=1, max_value=9),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_vectorized_summary_matches_the_scalar_one(rows):
    counts = pd.DataFrame(rows, columns=["unit", "value", "n"])
    counts["value"] = counts["value"].astype("float64")
    summary = summarize(counts, ["unit"], [1, 2, 3, 4, 5]).set_index("unit")
    for unit, group in counts.groupby("unit"):
        answered = group.dropna(subset=["value"]).groupby("value")["n"].sum()
        expected = describe_counts(answered.index.to_numpy(), answered.to_numpy())
        for name in ("n", "median", "mean", "q1", "q3", "std"):
            got, want = summary.loc[unit, name], expected[name]
            assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want), (unit, name)
        assert summary.loc[unit, "n_na"] == group.loc[group["value"].isna(), "n"].sum()


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", None]),
            st.sampled_from([1, 2]),
            st.sampled_from([1, 2, 3, 4, 5, None, DONT_KNOW]),
            st.integers(min_value=0, max_value=9),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_each_group_of_two_keys_counts_apart_what_has_no_value(rows):
    """Groups of two keys (one of them missing), repeated values, zero counts, "ne se prononce pas" and "non
    concerné": every figure is the scalar one's of the group's own answers, in the groups' sorted order."""
    counts = pd.DataFrame(rows, columns=["unit", "question", "value", "n"])
    counts["value"] = counts["value"].astype("float64")
    summary = summarize(counts, ["unit", "question"], [1, 2, 3, 4, 5])
    groups = counts.groupby(["unit", "question"], dropna=False, sort=True)
    assert [tuple(k) for k in summary[["unit", "question"]].itertuples(index=False)] == [
        (None if pd.isna(u) else u, q) for u, q in groups.groups
    ]
    for (_, row), ((unit, question), group) in zip(summary.iterrows(), groups, strict=True):
        with_value = group[group["value"].notna() & (group["value"] != DONT_KNOW)]
        answered = with_value.groupby("value")["n"].sum()
        expected = describe_counts(answered.index.to_numpy(), answered.to_numpy())
        for name in ("n", "median", "mean", "q1", "q3", "std"):
            got, want = row[name], expected[name]
            assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want), (unit, question, name)
        assert row["n_na"] == group.loc[group["value"].isna(), "n"].sum()
        assert row["n_dk"] == group.loc[group["value"] == DONT_KNOW, "n"].sum()
        by_value = [with_value.loc[with_value["value"] == v, "n"].sum() for v in range(1, 6)]
        assert [row[f"d{v}"] for v in range(1, 6)] == by_value
