"""The instrument loader: the shipped files load, and every malformed file is reported with its place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest

from app.surveys.loader import SurveyLoadError, content_hash, load_directory, parse_survey
from app.surveys.question_types import DONT_KNOW_CHOICE, QUESTION_TYPES
from app.surveys.schema import DONT_KNOW
from tests.surveys import samples

SEED_LEVELS = [  # Fiche 4, the column headings of the grid
    "Collection de professionnels",
    "Collectif émergent / établissement",
    "Collectif implanté / établissement",
    "Collectif émergent réseau / entre certains établissements / écoles",
    "Réseau de réflexion et de travail",
]
SEED_DIMENSIONS = [
    "Collectif",
    "Équipe de direction",
    "Objets de travail",
    "Partenaires",
    "Structuration du territoire / réseau",
]


@pytest.fixture(scope="module")
def shipped() -> dict:
    return {item.survey.slug: item for item in load_directory(samples.SHIPPED_DIR)}


def test_shipped_grid_has_five_dimensions_of_five_seed_levels(shipped):
    grid = shipped["territoire-apprenant"].survey
    assert grid.kind == "grid"
    assert [s.title for s in grid.sections] == SEED_DIMENSIONS
    questions = [q for _, q in grid.questions()]
    assert len(questions) == 5
    for question in questions:
        scale = grid.scales[question.scale]
        assert [re.sub(r"\s*/\s*", " / ", p.label) for p in scale.points] == SEED_LEVELS
        assert sorted(question.descriptors) == [1, 2, 3, 4, 5]
        assert all(text.strip() for text in question.descriptors.values())
        assert scale.not_applicable is None  # a level of the grid is always chosen


def test_shipped_items_cover_themes_axes_and_gestes(shipped):
    items = shipped["autopositionnement"].survey
    assert items.kind == "items"
    questions = [q for _, q in items.questions()]
    assert len(questions) >= 30
    assert len(items.sections) >= 6
    assert {a.id for a in items.axes} == {"reussite-eleve", "climat-scolaire", "geste-professionnel"}
    assert {s.axis for s in items.sections} == {a.id for a in items.axes}
    titles = " ".join(s.title.lower() for s in items.sections)
    for theme in (
        "accompagnement pédagogique",
        "rituels",
        "stratégies collectives",
        "justice scolaire",
        "pilotage",
        "atmosphère",
        "tissage",
        "étayage",
        "travail d'équipe",
    ):
        assert theme in titles
    tags = Counter(tag for q in questions for tag in q.tags)
    assert set(tags) == samples.GESTES
    assert all(q.tags for q in questions)
    for question in questions:
        assert question.type == "scale"
        scale = items.scales[question.scale]
        assert len(scale.points) == 4 and scale.not_applicable == "Non concerné"
        assert question.id.startswith("ap-") and question.text.endswith(".")


def test_shipped_self_positioning_has_two_editions():
    editions = {
        item.survey.version: item.survey
        for item in load_directory(samples.SHIPPED_DIR)
        if item.survey.slug == "autopositionnement"
    }
    assert sorted(editions) == ["1", "2"]
    replacing = [q for _, q in editions["2"].questions() if q.replaces]
    assert [(q.id, q.replaces) for q in replacing] == [("ap-prevention-harcelement", "ap-signalement-harcelement")]
    assert editions["1"].question("ap-signalement-harcelement") is not None
    assert editions["2"].question("ap-signalement-harcelement") is None
    for _, question in editions["2"].questions():  # the second edition keeps the first one's conventions
        assert question.id.startswith("ap-") and question.text.endswith(".")
        assert question.tags and set(question.tags) <= samples.GESTES


def test_shipped_items_use_the_frequency_scale_of_the_brief(shipped):
    labels = [p.label for p in shipped["autopositionnement"].survey.scales["frequence"].points]
    assert labels == ["Jamais", "Parfois", "Souvent", "Systématiquement"]


def test_content_hash_ignores_formatting_but_not_content():
    data = samples.grid()
    reordered = dict(reversed(list(data.items())))
    assert content_hash(data) == content_hash(reordered)
    data["title"] = "Autre titre"
    assert content_hash(data) != content_hash(reordered)


def _set(path: tuple, value) -> Callable[[dict], dict]:
    def mutate(data: dict) -> dict:
        target = data
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    return mutate


_DELETE = object()


def _duplicate_question(data: dict) -> dict:
    data["sections"][1]["questions"][0]["id"] = data["sections"][0]["questions"][0]["id"]
    return data


def _duplicate_section(data: dict) -> dict:
    data["sections"][1]["id"] = data["sections"][0]["id"]
    return data


# (case, sample, mutation or raw file content, place, words of the message)
BROKEN = [
    (
        "missing-descriptor",
        samples.grid,
        _set(("sections", 2, "questions", 0, "descriptors", 5), _DELETE),
        "sections[2].questions[0].descriptors[5]",
        "descripteur manquant pour le niveau 5",
    ),
    (
        "descriptor-off-scale",
        samples.grid,
        _set(("sections", 0, "questions", 0, "descriptors", 6), "En trop."),
        "sections[0].questions[0].descriptors[6]",
        "niveau 6 absent de l'échelle",
    ),
    (
        "unknown-scale",
        samples.items,
        _set(("sections", 1, "questions", 1, "scale"), "accord"),
        "sections[1].questions[1].scale",
        "échelle inconnue « accord »",
    ),
    (
        "missing-scale",
        samples.items,
        _set(("sections", 0, "questions", 0, "scale"), _DELETE),
        "sections[0].questions[0].scale",
        "échelle manquante",
    ),
    (
        "unknown-type",
        samples.grid,
        _set(("sections", 1, "questions", 0, "type"), "curseur"),
        "sections[1].questions[0].type",
        "type inconnu « curseur »",
    ),
    (
        "duplicate-question",
        samples.grid,
        _duplicate_question,
        "sections[1].questions[0].id",
        "identifiant « dimension-0 » déjà utilisé",
    ),
    ("duplicate-section", samples.items, _duplicate_section, "sections[1].id", "identifiant « rituels » déjà utilisé"),
    (
        "replaces-an-item-still-asked",
        samples.items,
        _set(("sections", 1, "questions", 0, "replaces"), "ap-rituel-accueil"),
        "sections[1].questions[0].replaces",
        "« ap-rituel-accueil » est encore posé dans cette édition",
    ),
    (
        "replaces-a-bad-identifier",
        samples.items,
        _set(("sections", 1, "questions", 0, "replaces"), "Ancien item"),
        "sections[1].questions[0].replaces",
        "format invalide",
    ),
    (
        "unknown-axis",
        samples.items,
        _set(("sections", 1, "axis"), "gestes"),
        "sections[1].axis",
        "axe inconnu « gestes »",
    ),
    ("bad-version", samples.grid, _set(("version",), "v2"), "version", "version invalide"),
    ("decimal-version", samples.grid, _set(("version",), 1.10), "version", "entre guillemets"),
    ("missing-title", samples.items, _set(("title",), _DELETE), "title", "champ obligatoire manquant"),
    ("empty-title", samples.items, _set(("title",), "  "), "title", "texte vide"),
    ("unknown-field", samples.grid, _set(("titre",), "Grille"), "titre", "champ inconnu"),
    (
        "unknown-question-field",
        samples.items,
        _set(("sections", 0, "questions", 0, "texte"), "Doublon"),
        "sections[0].questions[0].texte",
        "champ inconnu",
    ),
    ("unknown-kind", samples.grid, _set(("kind",), "grille"), "kind", "valeurs permises : 'grid', 'items' ou"),
    (
        "bad-identifier",
        samples.items,
        _set(("sections", 0, "id"), "Rituels du matin"),
        "sections[0].id",
        "format invalide",
    ),
    (
        "text-not-string",
        samples.items,
        _set(("sections", 1, "questions", 0, "text"), ["a", "b"]),
        "sections[1].questions[0].text",
        "texte attendu",
    ),
    (
        "descriptor-key",
        samples.grid,
        _set(("sections", 0, "questions", 0, "descriptors", "cinq"), "?"),
        "sections[0].questions[0].descriptors.cinq (clé)",
        "nombre entier attendu",
    ),
    ("no-questions", samples.items, _set(("sections", 0, "questions"), []), "sections[0].questions", "au moins 1"),
    (
        "bounds-on-scale",
        samples.items,
        _set(("sections", 0, "questions", 0, "maximum"), 3),
        "sections[0].questions[0].minimum",
        "réservées aux questions « number »",
    ),
    (
        "number-with-scale",
        samples.numbers,
        _set(("sections", 0, "questions", 1, "scale"), "frequence"),
        "sections[0].questions[1].scale",
        "une question « number » n'a pas d'échelle",
    ),
    (
        "minimum-above-maximum",
        samples.numbers,
        _set(("sections", 3, "questions", 0, "minimum"), 500),
        "sections[3].questions[0].minimum",
        "le minimum dépasse le maximum",
    ),
    (
        "bound-beyond-storage",
        samples.numbers,
        _set(("sections", 1, "questions", 0, "maximum"), 100000),
        "sections[1].questions[0].maximum",
        "limite de stockage",
    ),
    (
        "dont-know-on-items",  # only the grid's level questions offer « je ne sais pas »
        samples.items,
        _set(("scales", "frequence", "dont_know"), "Je ne sais pas"),
        "sections[0].questions[0].scale",
        "déclare « dont_know », que seules les questions de type « level » proposent",
    ),
    (
        "dont-know-empty-label",
        samples.grid,
        _set(("scales", "niveaux", "dont_know"), "  "),
        "scales.niveaux.dont_know",
        "texte vide",
    ),
    (
        "dont-know-not-text",
        samples.grid,
        _set(("scales", "niveaux", "dont_know"), ["Je ne sais pas"]),
        "scales.niveaux.dont_know",
        "texte attendu",
    ),
    ("yaml-syntax", None, "slug: x\nversion: '1'\ntitle: [Grille\nkind: grid\n", "ligne 4, colonne 5", "YAML invalide"),
    (
        "yaml-duplicate-key",
        None,
        "slug: x\nversion: '1'\nslug: y\n",
        "ligne 3, colonne 1",
        "clé « slug » présente deux fois",
    ),
    ("not-utf8", None, "title: Équipe de direction\n".encode("latin-1"), "(fichier)", "UTF-8"),
    ("a-list", None, "- slug: x\n- version: '1'\n", "(racine)", "un dictionnaire YAML"),
    ("empty-file", None, "", "(racine)", "un dictionnaire YAML"),
]


@pytest.mark.parametrize(
    "sample, change, place, words", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_file_is_reported_with_file_and_place(tmp_path, sample, change, place, words):
    content = change(sample()) if sample else change
    samples.write(tmp_path, "casse.yaml", content)
    with pytest.raises(SurveyLoadError) as caught:
        load_directory(tmp_path)
    lines = str(caught.value).splitlines()
    assert any(line.startswith(f"casse.yaml: {place}: ") and words in line for line in lines), lines


def test_level_scale_with_not_applicable_label_still_loads(tmp_path):
    """Allowed in the file: the level type simply never offers "non concerné"."""
    data = _set(("scales", "niveaux", "not_applicable"), "Non concerné")(samples.grid())
    samples.write(tmp_path, "grille.yaml", data)
    assert load_directory(tmp_path)[0].survey.slug == "grille-test"


def test_a_level_scale_declares_dont_know_and_its_questions_offer_it(tmp_path):
    data = _set(("scales", "niveaux", "dont_know"), "Je ne sais pas / ne se prononce pas")(samples.grid())
    samples.write(tmp_path, "grille.yaml", data)
    survey = load_directory(tmp_path)[0].survey
    question = survey.sections[0].questions[0]
    choices = QUESTION_TYPES["level"].choices(survey, question)
    assert choices[-1] == (DONT_KNOW_CHOICE, "Je ne sais pas / ne se prononce pas")
    assert QUESTION_TYPES["level"].parse(survey, question, DONT_KNOW_CHOICE) == DONT_KNOW
    assert survey.scales["niveaux"].label_for(DONT_KNOW) == "Je ne sais pas / ne se prononce pas"
    assert QUESTION_TYPES["level"].answer_space(survey, question).dont_know
    without = samples.grid()  # undeclared, it is not offered, and a tampered "nsp" is refused
    survey = parse_survey(without, "g.yaml")[0]
    question = survey.sections[0].questions[0]
    assert DONT_KNOW_CHOICE not in dict(QUESTION_TYPES["level"].choices(survey, question))
    with pytest.raises(ValueError, match="ne fait pas partie des choix"):
        QUESTION_TYPES["level"].parse(survey, question, DONT_KNOW_CHOICE)


def test_a_broken_question_is_not_echoed_as_an_empty_section():
    data = _set(("sections", 0, "questions", 0, "text"), 3)(samples.items())
    survey, errors = parse_survey(data, "x.yaml")
    assert survey is None
    assert [e.path for e in errors] == ["sections[0].questions[0].text"]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    first = samples.grid()
    first["sections"][0]["questions"][0]["type"] = "curseur"
    del first["sections"][2]["questions"][0]["descriptors"][1]
    samples.write(tmp_path, "a.yaml", first)
    samples.write(tmp_path, "b.yml", "- liste\n")
    samples.write(tmp_path, "c.yaml", samples.items())
    with pytest.raises(SurveyLoadError) as caught:
        load_directory(tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "a.yaml: sections[0].questions[0].type: type inconnu « curseur » (types connus : level, number, scale)",
        "a.yaml: sections[2].questions[0].descriptors[1]: descripteur manquant pour le niveau 1",
        "b.yml: (racine): le fichier doit décrire un questionnaire (un dictionnaire YAML)",
    ]


def test_two_files_with_the_same_edition_are_refused(tmp_path):
    samples.write(tmp_path, "a.yaml", samples.grid())
    retitled = samples.grid()
    retitled["title"] = "Copie"
    samples.write(tmp_path, "b.yaml", retitled)
    with pytest.raises(SurveyLoadError) as caught:
        load_directory(tmp_path)
    assert [str(e) for e in caught.value.errors] == ["b.yaml: version: grille-test version 1 déjà définie dans a.yaml"]


def test_two_versions_of_one_instrument_load_side_by_side(tmp_path):
    samples.write(tmp_path, "grille-v1.yaml", samples.grid())
    samples.write(tmp_path, "grille-v2.yaml", {**samples.grid(), "version": 2})
    loaded = load_directory(tmp_path)
    assert [(i.survey.slug, i.survey.version) for i in loaded] == [("grille-test", "1"), ("grille-test", "2")]


def test_byte_order_mark_is_accepted(tmp_path):
    path = samples.write(tmp_path, "grille.yaml", samples.grid())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_directory(tmp_path)[0].survey.title == "Grille de test"


def test_unreadable_file_is_reported(tmp_path):
    (tmp_path / "dossier.yaml").mkdir()
    with pytest.raises(SurveyLoadError) as caught:
        load_directory(tmp_path)
    assert [str(e) for e in caught.value.errors] == ["dossier.yaml: (fichier): lecture impossible : Is a directory"]


def test_other_files_of_the_directory_are_ignored(tmp_path):
    samples.write(tmp_path, "grille.yaml", samples.grid())
    (tmp_path / "LISEZMOI.txt").write_text("pas un questionnaire")
    assert len(load_directory(tmp_path)) == 1
