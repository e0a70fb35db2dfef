"""Which comments each group publishes: closed campaigns only, visible cells only, in an order that says nothing."""

from __future__ import annotations

from app.models import CampaignStatus
from app.services.comments.keys import derived_key
from app.services.comments.reading import Keys, establishment_comments, network_comments, pole_units
from tests.comments import add_comments, commented_network
from tests.dashboards import answer

KEYS = Keys(derived_key("test-secret", "order"), derived_key("test-secret", "token"))
K = 5


def _texts(view, topic: str = "collectif") -> list[str]:
    return [c.text for g in view.groups for t in g.topics if t.key == topic for c in t.comments]


def _topic(view, key: str = "collectif", group: int = 0):
    return next(t for t in view.groups[group].topics if t.key == key)


def test_an_establishment_above_k_shows_its_comments_by_dimension(make, db):
    world = commented_network(make)
    view = establishment_comments(db.session, world["est"][2], world["now"].id, K, KEYS)
    assert view.published
    assert sorted(_texts(view)) == [f"Collège Grand : remarque {i}" for i in (1, 2, 3)]
    assert _texts(view, "equipe-direction") == ["Sur la direction, au Collège Grand"]
    assert [t.key for t in view.groups[0].topics][:2] == ["collectif", "equipe-direction"]  # the instrument's order


def test_an_establishment_below_k_and_one_hidden_as_a_complement_show_none_and_say_why(make, db):
    world = commented_network(make)
    small = establishment_comments(db.session, world["est"][0], world["now"].id, K, KEYS)
    complement = establishment_comments(db.session, world["est"][1], world["now"].id, K, KEYS)
    assert _texts(small) == [] and _topic(small).withheld == "moins de 5 réponses"
    assert _texts(complement) == [] and _topic(complement).withheld == "masqué (secret secondaire)"


def test_a_pole_list_holds_no_comment_of_its_hidden_establishments(make, db):
    """Pole Aix minus Collège Grand's list must not give the comments of Collège Petit and Lycée Moyen."""
    world = commented_network(make)
    aix, pertuis = world["poles"]
    units = pole_units([aix.id, pertuis.id], {aix.id: "Aix", pertuis.id: "Pertuis"})
    view = network_comments(db.session, world["network"], units, world["now"].id, K, KEYS)
    grand = establishment_comments(db.session, world["est"][2], world["now"].id, K, KEYS)
    pole_aix = [c.text for c in _topic(view, group=0).comments]
    assert sorted(pole_aix) == sorted(_texts(grand))  # the union of the visible lists, nothing more
    assert _topic(view, group=0).establishments_withheld == 2
    whole = network_comments(db.session, world["network"], None, world["now"].id, K, KEYS)
    assert not any("Petit" in t or "Moyen" in t for t in _texts(whole))
    assert sorted(_texts(whole)) == sorted(
        [*_texts(grand), "Collège Pertuis : remarque 1", "Collège Pertuis : remarque 2"]
    )


def test_an_open_campaign_publishes_no_comment(make, db):
    world = commented_network(make)
    world["now"].status = CampaignStatus.OPEN
    view = establishment_comments(db.session, world["est"][2], world["now"].id, K, KEYS)
    assert not view.published and view.groups == []
    assert view.publication_note.startswith("Les résultats seront publiés à la clôture")
    assert network_comments(db.session, world["network"], None, world["now"].id, K, KEYS).groups == []


def test_the_order_is_the_same_whatever_the_order_of_submission(make, db):
    network = make.network("Ordre")
    pole = make.pole("P", network=network)
    first, second = make.establishment(pole=pole), make.establishment(pole=pole)
    campaign = make.campaign(network=network, status=CampaignStatus.CLOSED, establishments=[first, second])
    texts = [f"Avis numéro {i}" for i in range(8)]
    for establishment in (first, second):
        answer(make, campaign, establishment, [3] * 8)
    add_comments(db, campaign, first, texts)
    add_comments(db, campaign, second, list(reversed(texts)))
    one = _texts(establishment_comments(db.session, first, campaign.id, K, KEYS))
    other = _texts(establishment_comments(db.session, second, campaign.id, K, KEYS))
    assert sorted(one) == sorted(texts)
    assert one == other  # submitted in opposite orders, read in the same one
    assert one != texts and one != list(reversed(texts))  # neither the order of submission nor its reverse
    assert _texts(establishment_comments(db.session, first, campaign.id, K, KEYS)) == one  # stable


def test_a_comment_carries_its_text_and_an_opaque_reference_only(make, db):
    world = commented_network(make)
    view = establishment_comments(db.session, world["est"][2], world["now"].id, K, KEYS)
    comment = _topic(view).comments[0]
    assert set(vars(comment)) == {"text", "token", "moderation"}  # no category, no date, no response id
    assert len(comment.token) == 32 and not comment.token.isdigit()
