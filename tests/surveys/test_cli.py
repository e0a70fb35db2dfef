"""`flask surveys validate` and `flask surveys load`: editions are recorded once and never rewritten once answered."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from app.models import Question, SurveyDefinition
from app.services.surveys import question_ids
from tests.surveys import samples


def test_validate_accepts_the_shipped_instruments(runner):
    result = runner.invoke(args=["surveys", "validate"])
    assert result.exit_code == 0, result.output
    assert "ok  autopositionnement.yaml: autopositionnement v1 — 11 sections, 45 questions" in result.output
    assert "ok  autopositionnement-2.yaml: autopositionnement v2 — 11 sections, 46 questions" in result.output
    assert "ok  territoire-apprenant.yaml: territoire-apprenant v1 — 5 sections, 5 questions" in result.output
    assert "ok  territoire-apprenant-2.yaml: territoire-apprenant v2 — 5 sections, 5 questions" in result.output


def test_validate_prints_each_problem_with_its_place(runner, tmp_path):
    broken = samples.grid()
    del broken["sections"][2]["questions"][0]["descriptors"][5]
    samples.write(tmp_path, "grille.yaml", broken)
    samples.write(tmp_path, "items.yaml", samples.items())
    result = runner.invoke(args=["surveys", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        "grille.yaml: sections[2].questions[0].descriptors[5]: descripteur manquant pour le niveau 5" in result.stderr
    )
    assert "ok " not in result.output  # nothing is half-validated


def test_validate_of_a_directory_with_a_third_instrument(runner, tmp_path):
    for path in [*samples.SHIPPED_DIR.glob("*.yaml"), samples.NUMBERS_FILE]:
        shutil.copy(path, tmp_path)
    result = runner.invoke(args=["surveys", "validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ok  nombres-test.yaml: nombres-test v1 — 4 sections, 9 questions" in result.output


@pytest.fixture
def surveys_dir(app, tmp_path, monkeypatch):
    """Point `flask surveys load` (and make.surveys) at a temporary directory."""
    monkeypatch.setitem(app.config, "SURVEYS_DIR", str(tmp_path))
    return tmp_path


def _count(db, model, **filters) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def test_load_is_idempotent(runner, db, surveys_dir):
    for path in samples.SHIPPED_DIR.glob("*.yaml"):
        shutil.copy(path, surveys_dir)
    first = runner.invoke(args=["surveys", "load"])
    assert first.exit_code == 0, first.output
    editions = (
        "autopositionnement v1",
        "autopositionnement v2",
        "poles-de-stages v1",
        "territoire-apprenant v1",
        "territoire-apprenant v2",
    )
    for edition in editions:
        assert f"ajouté: {edition}" in first.output
    ids = question_ids("autopositionnement")

    second = runner.invoke(args=["surveys", "load"])
    assert second.exit_code == 0, second.output
    assert sorted(second.output.splitlines()) == [f"inchangé: {edition}" for edition in editions]
    assert _count(db, SurveyDefinition) == 5
    assert _count(db, Question, survey_slug="territoire-apprenant") == 5  # edition 2 asks the same five dimensions
    # One stable row per id over both editions: v1's 45, plus the item v2 replaces it with and the one it adds.
    assert _count(db, Question, survey_slug="autopositionnement") == len(ids) == 45 + 2
    assert {"ap-signalement-harcelement", "ap-prevention-harcelement", "ap-formation-proximite"} <= set(ids)
    assert question_ids("autopositionnement") == ids


def test_unanswered_edition_is_updated_in_place(runner, db, surveys_dir):
    samples.write(surveys_dir, "items.yaml", samples.items())
    assert runner.invoke(args=["surveys", "load"]).exit_code == 0
    retitled = samples.items()
    retitled["title"] = "Items de test, relus"
    samples.write(surveys_dir, "items.yaml", retitled)
    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "mis à jour: items-test v1"
    assert db.session.scalar(select(SurveyDefinition.title)) == "Items de test, relus"


def _answered_edition(db, make, surveys_dir) -> tuple[dict[str, int], str]:
    """Load items-test v1 and store one response to it; return its question ids and content hash."""
    samples.write(surveys_dir, "items.yaml", samples.items())
    establishment = make.establishment()
    campaign = make.campaign("items-test", network=establishment.network, establishments=[establishment])
    make.response(campaign, establishment, {"ap-rituel-accueil": 3, "ap-objectifs-seance": None, "ap-consignes": 4})
    db.session.commit()
    return question_ids("items-test"), campaign.survey.content_hash


def test_answered_edition_cannot_be_rewritten(runner, db, make, surveys_dir):
    ids, original_hash = _answered_edition(db, make, surveys_dir)
    edited = samples.items()
    edited["sections"][0]["questions"][0]["text"] = "J'accueille les élèves sur le pas de la porte."
    edited["sections"][0]["questions"].append(
        {"id": "ap-rituel-bilan", "type": "scale", "scale": "frequence", "text": "Je termine par un bilan."}
    )
    samples.write(surveys_dir, "items.yaml", edited)

    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 1
    assert (
        "items.yaml: version 1 de « items-test » a déjà 1 réponse(s) et son contenu a changé : "
        "donnez-lui un nouveau numéro de version."
    ) in result.stderr
    row = db.session.scalar(select(SurveyDefinition))
    assert row.content_hash == original_hash
    assert row.content["sections"][0]["questions"][0]["text"] == "J'accueille les élèves selon un rituel connu de tous."
    assert question_ids("items-test") == ids  # the new item was not recorded either


def test_new_version_keeps_question_ids(runner, db, make, surveys_dir):
    ids, original_hash = _answered_edition(db, make, surveys_dir)
    edited = samples.items()
    edited["version"] = "2"
    edited["sections"][0]["questions"][0]["text"] = "J'accueille les élèves sur le pas de la porte."
    edited["sections"][1]["questions"].pop()  # ap-consignes is dropped from version 2
    edited["sections"][0]["questions"].append(
        {"id": "ap-rituel-bilan", "type": "scale", "scale": "frequence", "text": "Je termine par un bilan."}
    )
    samples.write(surveys_dir, "items-v2.yaml", edited)

    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["ajouté: items-test v2", "inchangé: items-test v1"]
    versions = {row.version: row for row in db.session.scalars(select(SurveyDefinition))}
    assert set(versions) == {"1", "2"}
    assert versions["1"].content_hash == original_hash
    after = question_ids("items-test")
    assert {key: after[key] for key in ids} == ids  # same keys, same rows, even for the dropped item
    assert set(after) == set(ids) | {"ap-rituel-bilan"}
    assert _count(db, Question, survey_slug="items-test") == 4


def test_load_refuses_a_broken_directory_and_records_nothing(runner, db, surveys_dir):
    samples.write(surveys_dir, "items.yaml", samples.items())
    samples.write(surveys_dir, "casse.yaml", {**samples.grid(), "kind": "grille"})
    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 1
    assert "casse.yaml: kind: valeur inconnue" in result.stderr
    assert _count(db, SurveyDefinition) == 0
    assert _count(db, Question) == 0


def test_shipped_editions_load_again_over_answers_to_each(runner, db, make, surveys_dir):
    """An answered edition is never rewritten: the shipped files load again once every edition has answers."""
    for path in samples.SHIPPED_DIR.glob("*.yaml"):
        shutil.copy(path, surveys_dir)
    assert runner.invoke(args=["surveys", "load"]).exit_code == 0
    establishment = make.establishment()
    for slug, version in (("territoire-apprenant", "1"), ("territoire-apprenant", "2"), ("autopositionnement", "1")):
        campaign = make.campaign(slug, network=establishment.network, establishments=[establishment], version=version)
        key = next(iter(question_ids(slug)))
        make.response(campaign, establishment, {key: 3})
    db.session.commit()
    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "inchangé: territoire-apprenant v1" in result.output
    assert "inchangé: territoire-apprenant v2" in result.output
