"""Exports (CSV, Excel) under the threshold and safe from formulas; agreed levels and staff size."""

import io

import openpyxl
from sqlalchemy import select

from app.analytics.tables import Column, Hidden, Table
from app.models import AgreedLevel, CampaignEstablishment
from app.services.dashboards.exports import neutralize, table_csv, tables_xlsx
from tests.dashboards import small_network


def test_formula_cells_are_text_in_excel_and_csv():
    table = Table(
        "t",
        "Essai",
        [Column("name", "Nom"), Column("n", "Réponses", "int")],
        [{"name": "=1+1", "n": 3}, {"name": "@SUM(A1)", "n": 4}, {"name": "-2", "n": 5}, {"name": "Aix", "n": 6}],
    )
    book = openpyxl.load_workbook(io.BytesIO(tables_xlsx([table])))
    sheet = book.active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "'=1+1"
    assert [sheet[f"A{i}"].value for i in range(3, 6)] == ["'@SUM(A1)", "'-2", "Aix"]
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"
    csv = table_csv(table).decode("utf-8-sig")
    assert "'=1+1;3" in csv and "\n=1+1" not in csv
    assert neutralize("\tx") == "'\tx" and neutralize(-3) == -3


def test_a_column_with_a_hidden_cell_keeps_the_decimal_comma():
    table = Table(
        "t",
        "Essai",
        [Column("item", "Item"), Column("mean", "Moyenne", "level")],
        [{"item": "a", "mean": 2.5}, {"item": "b", "mean": Hidden("moins de 5 réponses")}, {"item": "c", "mean": 3.0}],
    )
    lines = table_csv(table).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["a;2,5", "b;moins de 5 réponses", "c;3,0"]


def test_a_cell_of_four_is_hidden_in_csv_and_excel(client, make, login):
    world = small_network(make)
    a1 = world["est"][0]
    login("head", a1)
    csv = client.get(f"/etablissement/{a1.uai}/export/niveaux.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data().decode("utf-8-sig")
    assert text.count("moins de 5 réponses") >= 5 and "3,0" not in text
    xlsx = client.get(f"/etablissement/{a1.uai}/export/tout.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.get_data()))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "moins de 5 réponses" in values and 3.0 not in values and 2.5 not in values


def test_network_export_of_the_establishment_table(client, make, login):
    world = small_network(make)
    login("coordinator", world["network"])
    text = client.get(f"/reseau/{world['network'].id}/export/etablissements.csv").get_data().decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert "Collectif — niveau moyen (1 à 5)" in header and len(lines) == 4
    petit = next(line for line in lines if line.startswith("Collège Petit"))
    assert "moins de 5 réponses" in petit
    assert client.get(f"/reseau/{world['network'].id}/export/inconnu.csv").status_code == 404
    assert client.get(f"/reseau/{world['network'].id}/export/poles.pdf").status_code == 404


def test_head_records_agreed_levels_shown_beside_perceived(client, make, login, db):
    world = small_network(make)
    a3 = world["est"][2]
    login("head", a3)
    url = f"/etablissement/{a3.uai}/niveaux-convenus?campagne={world['now'].id}"
    response = client.post(url, data={"level_0": "4", "justification_0": '=HYPERLINK("x")', "level_1": ""})
    assert response.status_code == 302
    rows = db.session.scalars(select(AgreedLevel)).all()
    assert [(r.level, r.justification) for r in rows] == [(4, '=HYPERLINK("x")')]
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    assert "1/5" in html and "=HYPERLINK" in html
    csv = client.get(f"/etablissement/{a3.uai}/export/niveaux.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    bad = client.post(url, data={"level_0": "9"})
    assert bad.status_code == 422 and db.session.scalars(select(AgreedLevel)).one().level == 4


def test_inspectors_and_pilots_cannot_write(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    # in scope but without the right: 403; another establishment's head does not even see it exists: 404
    readers = (("inspector", world["network"], 403), ("pilot", world["poles"][0], 403), ("head", world["est"][0], 404))
    for role, scope, refused in readers:
        login(role, scope)
        url = f"/etablissement/{a3.uai}"
        levels = client.post(f"{url}/niveaux-convenus?campagne={world['now'].id}", data={"level_0": "3"})
        assert levels.status_code == refused
        staff = client.post(f"{url}/effectif?campagne={world['now'].id}", data={"staff_size": "30"})
        assert staff.status_code == refused
        assert "Enregistrer l'effectif" not in client.get(url).get_data(as_text=True) or role == "head"


def test_staff_size_gives_the_participation_rate(client, make, login, db):
    world = small_network(make)
    a3 = world["est"][2]
    login("coordinator", world["network"])
    field = f"c{world['now'].id}-staff_size"
    response = client.post(f"/etablissement/{a3.uai}/effectif?campagne={world['now'].id}", data={field: "40"})
    assert response.status_code == 302
    link = db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=world["now"].id, establishment_id=a3.id)
    )
    assert link.staff_size == 40
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    assert "50\u202f%" in html  # 20 responses of 40
    assert (
        client.post(f"/etablissement/{a3.uai}/effectif?campagne={world['now'].id}", data={field: "-3"}).status_code
        == 422
    )
