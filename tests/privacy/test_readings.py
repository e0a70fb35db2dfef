"""The harness's own parts: each kind of publication read into comparable figures, and differences told plainly."""

from __future__ import annotations

from app.analytics.tables import Column, Hidden, Table
from app.services.dashboards.exports import table_csv, tables_xlsx
from tests.privacy.readings import (
    Place,
    csv_figures,
    differences,
    explain,
    html_figures,
    is_participation,
    json_figures,
    xlsx_figures,
)

PAGE = """
<div class="kpis"><div class="kpi"><div class="value">6</div><div class="label">réponses à la grille</div></div></div>
<section class="panel" id="niveaux">
  <figure class="chart-block"><figcaption id="titre-repartition" class="chart-title">Répartition</figcaption>
  <script type="application/json" id="donnees-repartition">{"data": [{"name": "Niveau 1", "x": [0.5], "y": ["A"],
    "marker": {"color": "red"}}]}</script>
  <table class="data"><thead><tr><th scope="col">Dimension</th><th scope="col"><a href="?">Niveau 1 ▲</a></th></tr>
  </thead><tbody><tr><th scope="row">Collectif</th><td class="num">50 %</td></tr></tbody></table>
  </figure>
  <table class="data"><thead><tr><th>Dimension</th><th>Réponses</th><th>Médiane</th></tr></thead>
  <tbody><tr><th scope="row">Collectif</th><td>6</td><td>moins de 5 réponses</td></tr></tbody></table>
</section>
"""


def test_a_page_gives_its_tables_key_figures_and_chart_data():
    figures = html_figures("/p", PAGE)
    assert figures[Place("/p", "repartition", "Collectif", "Niveau 1")] == "50 %"
    assert figures[Place("/p", "niveaux", "Collectif", "Médiane")] == "moins de 5 réponses"
    assert figures[Place("/p", "chiffres clés", "réponses à la grille", "valeur")] == "6"
    assert figures[Place("/p", "graphique repartition", "trace 0 Niveau 1", "x")] == "[0.5]"
    assert not any("color" in place.column or "red" in value for place, value in figures.items())


def _table() -> Table:
    table = Table("participation", "Participation", [Column("category", "Catégorie"), Column("n", "Réponses", "int")])
    table.rows = [{"category": "Enseignant·e", "n": 4}, {"category": "Direction", "n": Hidden("moins de 5 réponses")}]
    return table


def test_a_csv_and_a_workbook_give_the_same_cells_keyed_by_their_labels():
    csv = csv_figures("/e/export/participation.csv", table_csv(_table()))
    xlsx = xlsx_figures("/e/export/tout.xlsx", tables_xlsx([_table()]))
    assert csv[Place("/e/export/participation.csv", "participation", "Direction", "Réponses")] == "moins de 5 réponses"
    assert xlsx[Place("/e/export/tout.xlsx", "Participation", "Enseignant·e", "Réponses")] == "4"
    assert {p[2:]: v for p, v in csv.items()} == {p[2:]: v for p, v in xlsx.items()}


def test_an_api_answer_is_compared_item_by_item_whatever_the_order():
    first = json_figures("/api", {"responses": 6, "levels": [{"dimension": "a", "n": 6}, {"dimension": "b", "n": 5}]})
    second = json_figures("/api", {"responses": 6, "levels": [{"dimension": "b", "n": 5}, {"dimension": "a", "n": 6}]})
    assert first == second and first[Place("/api", "levels", "dimension=a", "n")] == "6"
    warned = json_figures("/api", {"warnings": ["la participation a changé"]})
    assert warned == {Place("/api", "warnings", "la participation a changé", "valeur"): "présent"}


def test_differences_say_where_and_what_and_let_participation_through_when_asked():
    before = {Place("/e", "participation", "Total / Grille", "Réponses"): "5", Place("/e", "niveaux", "A", "n"): "5"}
    after = {Place("/e", "participation", "Total / Grille", "Réponses"): "6", Place("/e", "niveaux", "A", "n"): "6"}
    assert len(differences(before, after)) == 2
    found = differences(before, after, allowed=is_participation)
    assert [str(d) for d in found] == ["/e | niveaux | A | n: 5 → 6"]
    assert "1 figure(s) differ" in explain(found, "test") and "/e | niveaux | A | n: 5 → 6" in explain(found, "test")
    by_category = Place("/e", "participation", "Direction / Grille", "Réponses")
    assert not is_participation(by_category)  # a count by category is not the participation total


def test_a_moved_since_closing_note_is_not_a_difference():
    before = {Place("/r", "etablissements", "Collège / 1", "Pôle"): "Aix"}
    after = {Place("/r", "etablissements", "Collège / 1", "Pôle"): "Aix (déplacé depuis la clôture)"}
    assert differences(before, after) == []
