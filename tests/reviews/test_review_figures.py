"""A review publishes the dashboards' figures and no other: each number is on the page, and a move changes none."""

from __future__ import annotations

import re

from app.extensions import db as _db
from tests.dashboards import small_network
from tests.network.test_membership import _move, world  # noqa: F401  (the fixture of a world closed by the admin)
from tests.reviews.pdf import needs_poppler, pdf_text, pdf_text_lines

pytestmark = needs_poppler
# decimals (means, medians, quartiles, changes) and percentages, as the French formats write them
FIGURE = re.compile(r"\d+,\d|\d+\s?%")
MOVED = re.compile(r"Depuis la clôture.*?(?=À lire avant de comparer|Participation)")
# the running header and footer of every page
FURNITURE = re.compile(r"— bilan annuel \d{4}-\d{4}$|^Boussole — document généré le .* Page \d+ / \d+$")


def _figures(text: str) -> set[str]:
    return {re.sub(r"\s", "", f) for f in FIGURE.findall(text)}


def _page_text(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)  # the charts' data repeat the tables
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def _pdf(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return pdf_text(response.get_data())


def test_every_figure_of_an_establishment_review_is_on_its_dashboard(client, make, login):
    world_ = small_network(make)
    a3 = world_["est"][2]
    login("head", a3)
    review = _pdf(client, f"/etablissement/{a3.uai}/bilan.pdf?annee=2025-2026")
    page = _page_text(client, f"/etablissement/{a3.uai}?campagne={world_['now'].id}")
    found = _figures(review)
    assert {"3,4", "2,5", "60%", "40%"} <= found  # means of the two years, shares of levels 3 and 4
    assert found - _figures(page) == set(), "figures of the review that its dashboard does not show"


def test_every_figure_of_a_network_review_is_on_its_dashboard(client, make, login):
    world_ = small_network(make)
    login("coordinator", world_["network"])
    nid, aix = world_["network"].id, world_["poles"][0].id
    for query in ("", f"&pole={aix}"):
        review = _pdf(client, f"/reseau/{nid}/bilan.pdf?annee=2025-2026{query}")
        review = review[: review.find("Autopositionnement : synthèse")]  # items: the network page has none yet
        page = _page_text(client, f"/reseau/{nid}?campagne={world_['now'].id}{query}")
        assert _figures(review), query
        assert _figures(review) - _figures(page) == set(), query


def _lines(text: str) -> set[str]:
    """The printed lines (a table row is one), without the page furniture: what a page break may move."""
    lines = {" ".join(line.split()) for line in text.splitlines()}
    return {line for line in lines if line and not FURNITURE.search(line)}


def test_a_move_after_closing_changes_no_figure_of_the_reviews(client, login, world):  # noqa: F811
    network = world["network"].id
    readers = {
        "coordinator": [f"/reseau/{network}/bilan.pdf", f"/reseau/{network}/bilan.pdf?pole={world['aix'].id}"],
        "pilot": [f"/reseau/{network}/bilan.pdf"],
    }

    def read() -> dict[str, tuple[set[str], str]]:
        out = {}
        for role, urls in readers.items():
            login(user=world[role])
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, url
                note = MOVED.search(pdf_text(response.get_data()))
                out[f"{role} {url}"] = (_lines(pdf_text_lines(response.get_data())), note.group(0) if note else "")
        return out

    first = read()
    assert not any(note for _, note in first.values())
    _move(client, login, world, world["pertuis"])
    moved = read()
    _db.session.expire_all()
    for key, (lines, _) in first.items():
        after, note = moved[key]
        assert lines - after == set(), (key, "lines gone", lines - after)
        assert note and "Collège Seul" in note, key
        added = [line for line in after - lines if line not in note]
        assert added == [], (key, "lines added beside the note on moved establishments", added)
