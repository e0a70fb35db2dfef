"""The comments, read as an attacker would: every page, file and API answer, twice, around an event.

Comments follow the rule of docs/privacy.md (§ 9): published only once a campaign is closed, only where the group's
cell is shown, and never anywhere for an establishment whose cell is hidden, so that no difference of two lists
(two readings, a pole and its visible establishments) gives a hidden establishment's comments.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus, Establishment, Pole
from tests.comments import add_comments
from tests.privacy.readings import Place, Reading, assert_same, open_in_both, read_one
from tests.privacy.test_differencing import (
    READERS,
    attacked_network,
    link_of,
    move,
    reader_scope,
    signed_in_manager,
)
from tests.respondent.helpers import answer_everything

SECRET = "Seul : ce que pense la seule personne qui a répondu"
COMPLEMENT = "Lycée Pertuis : caché par le secret secondaire"


def commented(make, status: CampaignStatus) -> dict:
    """attacked_network, each school with comments: Seul (1 answer) and Lycée Pertuis (hidden as its complement)."""
    world = attacked_network(make, status)
    now, est = world["now"], world["est"]
    add_comments(make.db, now, est["Collège Seul"], [SECRET])
    add_comments(make.db, now, est["Lycée Pertuis"], [COMPLEMENT])
    add_comments(make.db, now, est["Collège Pertuis"], ["Collège Pertuis : un", "Collège Pertuis : deux"])
    add_comments(make.db, now, est["Collège Cinq"], ["Collège Cinq : un"])
    add_comments(make.db, now, est["Collège Grand"], ["Collège Grand : un", "Collège Grand : deux"], key="partenaires")
    make.db.session.commit()
    return world


def comment_publications(session, campaign) -> list[str]:
    """Every page, CSV, workbook and API answer that can show a comment of `campaign`."""
    query = f"?campagne={campaign.id}"
    uais = session.scalars(
        select(Establishment.uai)
        .join(CampaignEstablishment, CampaignEstablishment.establishment_id == Establishment.id)
        .where(CampaignEstablishment.campaign_id == campaign.id)
        .order_by(Establishment.uai)
    ).all()
    urls = []
    for uai in uais:
        base = f"/etablissement/{uai}/commentaires"
        urls += [base + query, f"{base}/export.csv{query}", f"{base}/export.xlsx{query}"]
        urls.append(f"/api/v1/establishments/{uai}/comments?campaign={campaign.id}")
    poles = session.scalars(select(Pole.id).where(Pole.network_id == campaign.network_id).order_by(Pole.id)).all()
    for pole in [None, *poles]:
        chosen = f"&pole={pole}" if pole else ""
        base = f"/reseau/{campaign.network_id}/commentaires"
        urls += [base + query + chosen, f"{base}/export.csv{query}{chosen}", f"{base}/export.xlsx{query}{chosen}"]
        urls.append(f"/api/v1/networks/{campaign.network_id}/comments?campaign={campaign.id}{chosen}")
    return urls


def page_comments(source: str, page: str) -> Reading:
    """A comments page's topics, each with its comments in the order shown, or the reason they are withheld."""
    out: Reading = {}
    for key, body in re.findall(r'<section class="comment-topic" id="([^"]+)"(.*?)</section>', page, re.S):
        quotes = [
            html.unescape(re.sub(r"\s+", " ", q)).strip()
            for q in re.findall(r"<blockquote>(.*?)</blockquote>", body, re.S)
        ]
        withheld = re.search(r'class="notice withheld"[^>]*>(.*?)</p>', body, re.S)
        out[Place(source, key, "", "commentaires")] = " ‖ ".join(quotes)
        out[Place(source, key, "", "masqués")] = html.unescape(withheld.group(1)) if withheld else ""
    note = re.search(r'class="notice publication-note"[^>]*>(.*?)</p>', page, re.S)
    out[Place(source, "", "", "publication")] = re.sub(r"\s+", " ", note.group(1)).strip() if note else ""
    return out


def read_comments(client, session, campaign) -> Reading:
    reading: Reading = {}
    for url in comment_publications(session, campaign):
        if "/export." in url or url.startswith("/api/"):
            reading.update(read_one(client, url))
            continue
        response = client.get(url)
        reading[Place(url, "", "", "statut")] = str(response.status_code)
        if response.status_code == 200:
            reading.update(page_comments(url, response.get_data(as_text=True)))
    return reading


def _published(reading: Reading) -> str:
    return " ".join(f"{place} {value}" for place, value in reading.items())


@pytest.mark.parametrize("role", READERS)
def test_one_more_answer_with_a_comment_to_an_open_campaign_changes_nothing(app, client, make, db, login, role):
    world = commented(make, CampaignStatus.OPEN)
    login(role, reader_scope(world, role, "Collège Cinq", "Aix"))
    before = read_comments(client, db.session, world["now"])
    assert any(p.column == "publication" and "publiés à la clôture" in v for p, v in before.items())
    respondent = app.test_client()
    sent = answer_everything(respondent, link_of(db, world["now"], world["est"]["Collège Cinq"]), comment="Un de plus")
    assert sent.status_code == 303
    after = read_comments(client, db.session, world["now"])
    assert_same(before, after, f"{role}, the comments before and after a sixth answer at Collège Cinq")
    assert "Un de plus" not in _published(after) and "Collège Cinq : un" not in _published(after)


@pytest.mark.parametrize("role", READERS)
def test_a_hidden_schools_comments_are_nowhere_and_a_move_after_closing_changes_nothing(
    app, client, make, db, login, role
):
    """Collège Seul (1 answer) and Lycée Pertuis (its complement) are hidden: no list, no difference of lists, shows
    their comments; moving Seul to Aix and back after closing changes no list."""
    world = commented(make, CampaignStatus.CLOSED)
    seul, aix, pertuis = world["est"]["Collège Seul"], world["poles"]["Aix"], world["poles"]["Pertuis"]
    manager = signed_in_manager(app, make, world["network"])
    login(role, reader_scope(world, role, "Collège Pertuis", "Pertuis"))
    first = read_comments(client, db.session, world["now"])
    assert "Collège Pertuis : un" in _published(first)  # the reader reads comments: the test can fail
    assert SECRET not in _published(first) and COMPLEMENT not in _published(first)
    move(manager, seul, aix)
    moved = read_comments(client, db.session, world["now"])
    kept, moved_kept = open_in_both(first, moved)
    assert "Collège Pertuis : un" in _published(kept)
    assert_same(kept, moved_kept, f"{role}, the comments before and after Collège Seul moved to Aix")
    assert SECRET not in _published(moved) and COMPLEMENT not in _published(moved)
    move(manager, seul, pertuis)
    back = read_comments(client, db.session, world["now"])
    assert_same(first, back, f"{role}, the comments before Collège Seul moved and after it came back")
