"""The ids of the dashboards' tables and frames, shared by analytics, services, charts, exports and the API.

A table id is also the id of the figure drawn beside it, the anchor of its section on the page and the name of
its export (`…/export/niveaux.csv`): renaming one changes URLs. The templates write the same ids.
"""

from __future__ import annotations

from typing import Final


class TableId:
    """Tables a dashboard shows and exports."""

    # the establishment dashboard
    PARTICIPATION: Final = "participation"
    LEVELS: Final = "niveaux"
    DISTRIBUTION: Final = "repartition"
    COMPARISON: Final = "comparaison"
    PROGRESSION: Final = "progression"
    CATEGORIES: Final = "categories"
    ITEMS: Final = "items"
    # the network dashboard
    POLES: Final = "poles"
    EVOLUTION: Final = "evolution"
    POLE_PROGRESSION: Final = "progression-poles"
    ESTABLISHMENTS: Final = "etablissements"
    # the académie's and départements' comparison of networks
    NETWORKS: Final = "reseaux"
    NETWORK_PARTICIPATION: Final = "participation-reseaux"
    NETWORK_PROGRESSION: Final = "progression-reseaux"
    # the comments pages (establishment, pole or network)
    COMMENTS: Final = "commentaires"
    # the network dashboard, on a self-positioning campaign
    THEMES: Final = "themes-poles"
    THEME_PROGRESSION: Final = "progression-themes"
    ITEMS_RANKED: Final = "items-classes"
    # the needs pages (besoins de formation): the plan de formation
    NEEDS_THEMES: Final = "besoins-themes"
    NEEDS_ITEMS: Final = "besoins-items"
    NEEDS_FALLS: Final = "besoins-baisses"


# The export of every table of a dashboard as one workbook (`…/export/tout.xlsx`).
ALL_TABLES: Final = "tout"


class FrameId:
    """Frames a dashboard service assembles for its charts and the API."""

    # the establishment dashboard
    DISTRIBUTION: Final = "distribution"
    RADAR: Final = "radar"
    PROGRESSION: Final = "progression"  # also the network dashboard's, one line per pole
    CATEGORIES: Final = "categories"
    ITEMS: Final = "items"
    # the network dashboard
    HEATMAP: Final = "heatmap"
    COMPARISON: Final = "comparison"
    # the network dashboard, on a self-positioning campaign
    THEMES: Final = "themes"
    THEME_PROGRESSION: Final = "theme-progression"
    ITEMS_RANKED: Final = "items-ranked"
