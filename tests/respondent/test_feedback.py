"""Personal feedback: one's own position, the next level as a target, and the establishment's published figures.

The establishment's figures are the dashboards' own cells, shown only once the campaign is closed (issue 12).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.models import CampaignStatus
from app.services.responding.feedback import personal_feedback
from tests.respondent.helpers import answer_everything, open_link, survey_for, text


def _grid_values(level: int) -> dict[str, int]:
    return dict.fromkeys(
        ("collectif", "equipe-direction", "objets-travail", "partenaires", "structuration-territoire"), level
    )


def _close(db, campaign) -> None:
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()


def test_no_establishment_figure_while_the_campaign_is_open(client, make, db):
    link = open_link(make, closes_on=date(2040, 6, 12))
    for level in (1, 2, 4, 5, 5, 5):
        make.response(link.campaign, link.establishment, _grid_values(level))
    db.session.commit()
    answer_everything(client, link, index=2)
    page = text(client.get(f"/q/{link.token}/merci"))
    assert (
        "Les résultats seront publiés à la clôture de la campagne, prévue le 12 juin 2040 (règle d'anonymat)." in page
    )
    assert "niveau médian" not in page and "réponses à ce jour" not in page and "7 réponses" not in page


@pytest.mark.parametrize("others, shown", [(3, False), (4, True)])
def test_establishment_median_appears_once_closed_and_from_five_responses(client, make, db, others, shown):
    link = open_link(make)
    for level in (1, 2, 4, 5)[:others]:
        make.response(link.campaign, link.establishment, _grid_values(level))
    db.session.commit()
    answer_everything(client, link, index=2)  # the respondent's own answer makes 4 or 5
    before = text(client.get(f"/q/{link.token}/merci"))
    assert "niveau médian" not in before and "publiés à la clôture" in before
    _close(db, link.campaign)  # the same browser comes back once the campaign is closed
    page = text(client.get(f"/q/{link.token}/merci"))
    if shown:
        assert "niveau médian <strong>3</strong>" in page and "(5 réponses)" in page
    else:
        assert "niveau médian <strong>" not in page
        assert 'Votre établissement : <span class="hidden-cell">moins de 5 réponses</span>.' in page


def test_other_establishments_do_not_count(client, make, db):
    link = open_link(make)
    neighbour = make.establishment(pole=link.establishment.pole)
    make.campaign_establishment(link.campaign, neighbour)
    for _ in range(6):
        make.response(link.campaign, neighbour, _grid_values(5))
    db.session.commit()
    answer_everything(client, link)
    _close(db, link.campaign)
    assert "niveau médian <strong>" not in text(client.get(f"/q/{link.token}/merci"))


def test_a_median_the_dashboards_hide_by_complementary_suppression_is_hidden_here_too(client, make, login, db):
    """Item 8 of issue 12: the feedback page showed a median every dashboard hid as "masqué (secret secondaire)"."""
    link = open_link(make)
    small = make.establishment(pole=link.establishment.pole)  # 2 responses: hidden, and the pole total is shown
    make.campaign_establishment(link.campaign, small)
    for level in (2, 3, 3, 4, 4):
        make.response(link.campaign, link.establishment, _grid_values(level))
    for level in (1, 5):
        make.response(link.campaign, small, _grid_values(level))
    db.session.commit()
    answer_everything(client, link, index=2)  # 6 responses: above the threshold, yet pole − small would tell small
    _close(db, link.campaign)
    feedback = text(client.get(f"/q/{link.token}/merci"))

    login("head", link.establishment)
    dashboard = text(client.get(f"/etablissement/{link.establishment.uai}?campagne={link.campaign_id}"))
    assert "masqué (secret secondaire)" in dashboard
    assert "niveau médian <strong>" not in feedback
    assert 'Votre établissement : <span class="hidden-cell">masqué (secret secondaire)</span>.' in feedback
    # the same question, read from the service: the dashboards' label, not a figure
    collectif = personal_feedback(survey_for(link), _grid_values(3), link.campaign, link.establishment_id, 5).levels[0]
    assert collectif.group_median is None and collectif.group_hidden == "masqué (secret secondaire)"


def test_items_theme_means_beside_the_establishment(make, db):
    link = open_link(make, "autopositionnement", status=CampaignStatus.CLOSED)
    survey = survey_for(link)
    theme = survey.sections[0]
    for value in (1, 2, 3, 4, 4):
        make.response(link.campaign, link.establishment, {q.id: value for q in theme.questions})
    mine = {q.id: v for q, v in zip(theme.questions, (4, 3, None, 1))}
    feedback = personal_feedback(survey, mine, link.campaign, link.establishment_id, 5)
    first = feedback.themes[0]
    assert first.section.id == theme.id and first.answered == 3
    assert first.mean == pytest.approx(8 / 3)
    assert first.high_share == pytest.approx(2 / 3)
    assert first.group_mean == pytest.approx(14 / 5)
    assert first.group_high_share == pytest.approx(3 / 5)
    assert first.high_labels == "«\u00a0souvent\u00a0» ou «\u00a0systématiquement\u00a0»"
    assert feedback.themes[1].group_mean is None  # nobody answered that theme
    assert feedback.themes[1].group_hidden == "aucune réponse"


def test_grid_feedback_gives_the_next_level_as_target(make, db):
    link = open_link(make)
    survey = survey_for(link)
    feedback = personal_feedback(survey, {**_grid_values(3), "partenaires": 5}, link.campaign, link.establishment_id, 5)
    collectif = feedback.levels[0]
    assert (collectif.level, collectif.next_level) == (3, 4)
    assert collectif.next_descriptor.startswith("Structuration d'espaces")
    top = next(item for item in feedback.levels if item.section.id == "partenaires")
    assert top.next_level is None and top.group_median is None
    assert not feedback.group_shown and feedback.publication_note.startswith("Les résultats seront publiés")


def test_feedback_page_is_printable(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    page = text(client.get(f"/q/{link.token}/merci"))
    assert "data-print" in page and "imprimez-le" in page
    with client.get("/static/css/boussole.css") as response:
        assert "@media print" in response.get_data(as_text=True)
