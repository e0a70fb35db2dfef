"""What changes between two editions of an instrument, as trends read it: the shipped editions of both instruments."""

from __future__ import annotations

import json

import pytest

from app.analytics.instrument import (
    NEW,
    REPLACES,
    REWORDED,
    UNCHANGED,
    change_flag,
    continuing_keys,
    dimensions_of,
    dont_know_keys,
    edition_changes,
    items_of,
    question_changes,
    removed_questions,
)
from app.surveys.loader import load_directory, parse_survey
from app.surveys.schema import Survey
from tests.editions import ADDED_KEY, OLD_KEY, REPLACING_KEY, REWORDED_KEY, plain
from tests.surveys import samples


@pytest.fixture(scope="module")
def editions() -> dict[str, Survey]:
    loaded = load_directory(samples.SHIPPED_DIR)
    return {item.survey.version: item.survey for item in loaded if item.survey.slug == "autopositionnement"}


def test_the_second_edition_rewords_one_item_replaces_one_and_adds_one(editions):
    first, second = editions["1"], editions["2"]
    changes = question_changes(first, second)
    assert set(changes) == {q.id for _, q in second.questions()}
    kinds = {key: change.kind for key, change in changes.items() if change.kind != UNCHANGED}
    assert kinds == {REWORDED_KEY: REWORDED, REPLACING_KEY: REPLACES, ADDED_KEY: NEW}
    assert first.question(REWORDED_KEY).text != second.question(REWORDED_KEY).text
    assert changes[REPLACING_KEY].replaced_key == OLD_KEY
    assert changes[REPLACING_KEY].replaced_text == first.question(OLD_KEY).text
    assert removed_questions(first, second) == []  # the replaced item is accounted for by its replacement
    assert len(items_of(second)) == len(items_of(first)) + 1


def test_a_reworded_item_keeps_its_series_a_replacement_and_a_new_item_start_one(editions):
    changes = question_changes(editions["1"], editions["2"])
    assert changes[REWORDED_KEY].continues == REWORDED_KEY
    assert changes["ap-concertation"].continues == "ap-concertation"
    # A new id means another meaning (the file's rule): the replacement does not carry on the old item's series.
    assert changes[REPLACING_KEY].continues is None
    assert changes[ADDED_KEY].continues is None
    # What a trend may compare, item by item or as a theme's mean: the ids both editions ask.
    both = {q.id for _, q in editions["1"].questions()} & {q.id for _, q in editions["2"].questions()}
    assert continuing_keys(editions["1"], editions["2"]) == both
    assert REWORDED_KEY in both and not {REPLACING_KEY, ADDED_KEY, OLD_KEY} & both
    assert continuing_keys(None, editions["2"]) == set()
    assert change_flag(changes["ap-concertation"]) == ""
    assert change_flag(changes[REWORDED_KEY]) == "reformulé (comparable)"
    assert plain(change_flag(changes[REPLACING_KEY])).startswith("remplace « Je sais à qui et comment signaler")
    assert change_flag(changes[ADDED_KEY]) == "nouvel item (pas d'année précédente)"


def test_the_caveat_names_the_reworded_replacing_replaced_and_new_items(editions):
    first, second = editions["1"], editions["2"]
    text = plain(" ".join(edition_changes(first, second)))
    assert "« Autopositionnement sur les pratiques professionnelles » a changé d'édition (version 1 → 2)." in text
    assert "Reformulé, sans changer de sens (comparable) : « Je gère le temps de la séance" in text
    assert (
        "« Je mène avec l'équipe les actions de prévention du harcèlement prévues dans l'établissement "
        "(programme pHARe) » remplace « Je sais à qui et comment signaler une situation de harcèlement » : "
        "pas de comparaison avec les années précédentes."
    ) in text
    assert "Nouveau dans cette édition, sans année précédente : « Je participe à des formations de proximité" in text
    assert "Retiré" not in text


def test_the_same_edition_twice_changes_nothing(editions):
    assert edition_changes(editions["2"], editions["2"]) == []
    assert all(c.kind == UNCHANGED for c in question_changes(editions["2"], editions["2"]).values())
    assert question_changes(None, editions["2"]) == {}  # no earlier campaign: nothing to compare


def _third(second: Survey) -> Survey:
    data = json.loads(second.model_dump_json(exclude_defaults=True))  # lists, as parsed YAML gives them
    data["version"] = "3"
    data["sections"][0]["questions"].pop()  # ap-travail-hors-classe is no longer asked
    survey, errors = parse_survey(data, "autopositionnement-3.yaml")
    assert not errors and survey is not None
    return survey


def test_a_later_edition_no_longer_flags_an_earlier_replacement(editions):
    third = _third(editions["2"])
    changes = question_changes(editions["2"], third)
    assert changes[REPLACING_KEY].kind == UNCHANGED  # still `replaces:` in the file, but no longer news
    text = plain(" ".join(edition_changes(editions["2"], third)))
    assert "remplace" not in text and "Nouveau" not in text
    assert "Retiré de cette édition : « Je m'assure que le travail demandé hors de la classe" in text
    # A campaign of edition 3 compared straight with one of edition 1 still sees the replacement.
    assert question_changes(editions["1"], third)[REPLACING_KEY].kind == REPLACES


@pytest.fixture(scope="module")
def grids() -> dict[str, Survey]:
    loaded = load_directory(samples.SHIPPED_DIR)
    return {item.survey.version: item.survey for item in loaded if item.survey.slug == "territoire-apprenant"}


def test_the_second_grid_edition_only_adds_dont_know(grids):
    first, second = grids["1"], grids["2"]
    assert dont_know_keys(first) == set()
    assert dont_know_keys(second) == {d.key for d in dimensions_of(second)} and len(dont_know_keys(second)) == 5
    assert dimensions_of(first) == dimensions_of(second)
    assert all(c.kind == UNCHANGED for c in question_changes(first, second).values())
    assert continuing_keys(first, second) == {d.key for d in dimensions_of(first)}  # every series goes on
    text = plain(" ".join(edition_changes(first, second)))
    assert text == (
        "« Territoire apprenant — grille de positionnement » a changé d'édition (version 1 → 2). "
        "« Je ne sais pas » est proposé depuis la version 2 : "
        "les réponses « ne se prononce pas » ne comptent dans aucune médiane."
    )


def _without_dont_know_on(grid: Survey, keys: set[str], version: str) -> Survey:
    """The grid again as edition `version`, whose questions `keys` use a scale without « je ne sais pas »."""
    data = json.loads(grid.model_dump_json(exclude_defaults=True))
    data["version"] = version
    data["scales"]["sans-nsp"] = {k: v for k, v in data["scales"]["niveaux"].items() if k != "dont_know"}
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] in keys:
                question["scale"] = "sans-nsp"
    survey, errors = parse_survey(data, f"territoire-apprenant-{version}.yaml")
    assert not errors and survey is not None
    return survey


def test_dont_know_on_some_dimensions_names_them_and_its_removal_is_said(grids):
    partial = _without_dont_know_on(grids["2"], {"collectif"}, "3")
    assert dont_know_keys(partial) == dont_know_keys(grids["2"]) - {"collectif"}
    text = plain(" ".join(edition_changes(grids["1"], partial)))
    assert (
        "« Je ne sais pas » est proposé depuis la version 3 pour "
        "« Où en est le pilotage par l'équipe de direction ? », « Où en sont les objets de travail communs ? »"
    ) in text
    assert "Où en est le collectif" not in text
    assert "n'est plus proposé" not in text
    none = _without_dont_know_on(grids["2"], dont_know_keys(grids["2"]), "4")
    gone = plain(" ".join(edition_changes(grids["2"], none)))
    assert "« Je ne sais pas » n'est plus proposé depuis la version 4." in gone and "est proposé depuis" not in gone
    back = plain(" ".join(edition_changes(grids["2"], partial)))
    assert "« Je ne sais pas » n'est plus proposé depuis la version 3 pour « Où en est le collectif" in back
