"""Personal feedback: one's own position, the next level as a target, the establishment's figures from 5 responses."""

from __future__ import annotations

import pytest

from app.services.responding.feedback import median, personal_feedback
from tests.respondent.helpers import answer_everything, open_link, survey_for, text


def _grid_values(level: int) -> dict[str, int]:
    return dict.fromkeys(
        ("collectif", "equipe-direction", "objets-travail", "partenaires", "structuration-territoire"), level
    )


@pytest.mark.parametrize("others, shown", [(3, False), (4, True)])
def test_establishment_median_appears_only_from_five_responses(client, make, db, others, shown):
    link = open_link(make)
    for level in (1, 2, 4, 5)[:others]:
        make.response(link.campaign, link.establishment, _grid_values(level))
    db.session.commit()
    answer_everything(client, link, index=2)  # the respondent's own answer makes 4 or 5
    page = text(client.get(f"/q/{link.token}/merci"))
    if shown:
        assert "niveau médian <strong>3</strong>" in page and "(5 réponses à ce jour)" in page
    else:
        assert "niveau médian" not in page
        assert "s'afficheront ici à partir de 5 réponses" in page


def test_other_establishments_do_not_count(client, make, db):
    link = open_link(make)
    neighbour = make.establishment(pole=link.establishment.pole)
    make.campaign_establishment(link.campaign, neighbour)
    for _ in range(6):
        make.response(link.campaign, neighbour, _grid_values(5))
    db.session.commit()
    answer_everything(client, link)
    assert "niveau médian" not in text(client.get(f"/q/{link.token}/merci"))


def test_items_theme_means_beside_the_establishment(make, db):
    link = open_link(make, "autopositionnement")
    survey = survey_for(link)
    theme = survey.sections[0]
    for value in (1, 2, 3, 4, 4):
        make.response(link.campaign, link.establishment, {q.id: value for q in theme.questions})
    mine = {q.id: v for q, v in zip(theme.questions, (4, 3, None, 1))}
    feedback = personal_feedback(survey, mine, link.campaign_id, link.establishment_id, 5)
    first = feedback.themes[0]
    assert first.section.id == theme.id and first.answered == 3
    assert first.mean == pytest.approx(8 / 3)
    assert first.high_share == pytest.approx(2 / 3)
    assert first.group_mean == pytest.approx(14 / 5)
    assert first.group_high_share == pytest.approx(3 / 5)
    assert first.high_labels == "«\u00a0souvent\u00a0» ou «\u00a0systématiquement\u00a0»"
    assert feedback.themes[1].group_mean is None  # nobody answered that theme yet


def test_grid_feedback_gives_the_next_level_as_target(make, db):
    link = open_link(make)
    survey = survey_for(link)
    feedback = personal_feedback(
        survey, {**_grid_values(3), "partenaires": 5}, link.campaign_id, link.establishment_id, 5
    )
    collectif = feedback.levels[0]
    assert (collectif.level, collectif.next_level) == (3, 4)
    assert collectif.next_descriptor.startswith("Structuration d'espaces")
    top = next(item for item in feedback.levels if item.section.id == "partenaires")
    assert top.next_level is None and top.group_median is None
    assert not feedback.group_shown


def test_median_of_counted_values():
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({1: 1, 2: 1, 4: 1, 5: 1}) == 3
    assert median({2: 3, 5: 1}) == 2


def test_feedback_page_is_printable(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    page = text(client.get(f"/q/{link.token}/merci"))
    assert "data-print" in page and "imprimez-le" in page
    with client.get("/static/css/boussole.css") as response:
        assert "@media print" in response.get_data(as_text=True)
