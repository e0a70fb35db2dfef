"""The steering view's figures: networks as the heatmap's rows, a hidden network left blank with its reason."""

from __future__ import annotations

import pandas as pd

from app.analytics.identifiers import FrameId, TableId
from app.charts.dashboards import steering_figures
from tests.charts.plotted import plotted


def test_networks_are_the_rows_and_a_hidden_one_is_blank():
    frame = pd.DataFrame(
        [
            {"pole": "Étoile", "dimension": "Collectif", "median": 2.0, "mean": 3.0, "n": 12, "hidden_label": ""},
            {
                "pole": "Garlaban",
                "dimension": "Collectif",
                "median": None,
                "mean": None,
                "n": None,
                "hidden_label": "moins de 5 réponses",
            },
        ]
    )
    figures = steering_figures({FrameId.HEATMAP: frame}, ["Collectif"])
    assert set(figures) == {TableId.NETWORKS}
    heatmap = plotted(figures[TableId.NETWORKS]).data[0]
    assert list(heatmap.y) == ["Étoile", "Garlaban"]
    assert heatmap.z[0][0] == 3.0 and heatmap.z[1][0] is None
    assert heatmap.text[1][0] == "moins de 5 réponses"
