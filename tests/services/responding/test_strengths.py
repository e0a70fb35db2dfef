"""Strengths and areas to develop in the self-positioning feedback, from the respondent's own answers."""

from __future__ import annotations

import pytest

from app.models import Campaign, CampaignStatus
from app.services.responding.feedback import personal_feedback
from app.services.responding.strengths import MAX_ITEMS, MAX_THEMES
from app.surveys.loader import load_directory
from app.surveys.schema import DONT_KNOW, Survey
from tests.surveys import samples


@pytest.fixture(scope="module")
def shipped() -> dict[str, Survey]:
    """The first edition of each shipped instrument (the files sort `slug-2.yaml` before `slug.yaml`)."""
    return {item.survey.slug: item.survey for item in load_directory(samples.SHIPPED_DIR)}


@pytest.fixture(scope="module")
def grid_2() -> Survey:
    """Edition 2 of the grid, whose levels offer « je ne sais pas »."""
    loaded = load_directory(samples.SHIPPED_DIR)
    return next(i.survey for i in loaded if (i.survey.slug, i.survey.version) == ("territoire-apprenant", "2"))


def _open_campaign() -> Campaign:
    return Campaign(status=CampaignStatus.OPEN, closes_on=None)  # nothing of the establishment is read


def _by_theme(survey: Survey, levels: dict[str, int], default: int = 2) -> dict[str, int | None]:
    """Answer every item of a theme (section id) at its level, the others at `default`."""
    return {q.id: levels.get(section.id, default) for section, q in survey.questions()}


def test_highest_and_lowest_themes_are_strengths_and_areas(shipped):
    survey = shipped["autopositionnement"]
    values = _by_theme(survey, {"rituels": 4, "justice-scolaire": 4, "tissage": 3, "travail-equipe": 1})
    feedback = personal_feedback(survey, values, _open_campaign(), 1, 5)
    highlights = feedback.highlights
    assert highlights is not None and highlights.any
    assert [t.section.id for t in highlights.strengths] == ["rituels", "justice-scolaire", "tissage"]
    assert highlights.areas[0].section.id == "travail-equipe"  # the lowest first
    assert len(highlights.strengths) == len(highlights.areas) == MAX_THEMES
    assert not {t.section.id for t in highlights.strengths} & {t.section.id for t in highlights.areas}
    # Each theme comes with its description, and with no establishment figure while nothing is published.
    assert all(t.section.description for t in highlights.strengths + highlights.areas)
    assert all(t.group_mean is None for t in highlights.strengths + highlights.areas)


def test_items_at_either_end_of_the_scale_are_named_with_their_answer(shipped):
    survey = shipped["autopositionnement"]
    values = _by_theme(survey, {"rituels": 4, "travail-equipe": 1})
    highlights = personal_feedback(survey, values, _open_campaign(), 1, 5).highlights
    assert highlights is not None
    assert {i.section.id for i in highlights.strong_items} == {"rituels"}
    assert {i.answer for i in highlights.strong_items} == {"Systématiquement"}
    assert {i.section.id for i in highlights.weak_items} == {"travail-equipe"}
    assert len(highlights.weak_items) <= MAX_ITEMS and highlights.weak_items[0].answer == "Jamais"


def test_non_applicable_answers_and_flat_answers_pick_nothing(shipped):
    survey = shipped["autopositionnement"]
    flat = personal_feedback(survey, _by_theme(survey, {}, 3), _open_campaign(), 1, 5).highlights
    assert flat is not None and not flat.any  # every answer at "souvent": nothing stands out
    values: dict[str, int | None] = dict.fromkeys(_by_theme(survey, {}))  # all "non concerné"
    values.update({q.id: 4 for q in survey.sections[0].questions})
    only_one = personal_feedback(survey, values, _open_campaign(), 1, 5).highlights
    assert only_one is not None
    assert only_one.strengths == [] and only_one.areas == []  # one theme answered: neither strength nor area
    assert only_one.weak_items == []


def test_a_grid_has_no_strengths_and_dont_know_has_no_target(grid_2):
    survey = grid_2
    values: dict[str, int | None] = {q.id: 3 for _, q in survey.questions()}
    values["collectif"] = DONT_KNOW
    feedback = personal_feedback(survey, values, _open_campaign(), 1, 5)
    assert feedback.highlights is None
    unsure = next(level for level in feedback.levels if level.question.id == "collectif")
    assert unsure.unsure and unsure.next_level is None and unsure.descriptor == ""
    assert unsure.label == "Je ne sais pas / ne se prononce pas"
    sure = next(level for level in feedback.levels if level.question.id == "partenaires")
    assert not sure.unsure and sure.next_level == 4
