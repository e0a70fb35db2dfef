"""`flask export-campaign`: the zip holds exactly the campaign's rows, and no access secret."""

from __future__ import annotations

import csv
import io
import json
import stat
import zipfile
from datetime import date

from sqlalchemy import select

from app.models import (
    AccessCode,
    AgreedLevel,
    Answer,
    AnswerComment,
    AuditEntry,
    CampaignEstablishment,
    Draft,
    Response,
)
from app.services.surveys import question_ids


def _campaign_with_everything(make, db, tag: str):
    pole = make.pole()
    schools = [make.establishment(pole=pole), make.establishment(pole=pole)]
    campaign = make.campaign(network=pole.network, establishments=schools, closes_on=date(2026, 6, 30))
    ids = question_ids(campaign.survey.slug)
    head = make.user("head", scope=schools[0])
    responses = [
        make.response(campaign, school, {"collectif": level, "partenaires": None, "objets-travail": 2})
        for school in schools
        for level in (1, 4)
    ]
    db.session.add_all(
        [
            AnswerComment(response_id=responses[0].id, question_id=ids["collectif"], text=f'=HYPERLINK("x") {tag}'),
            AnswerComment(response_id=responses[2].id, question_id=ids["partenaires"], text=f"Très bien ; {tag}"),
            AccessCode(campaign_id=campaign.id, establishment_id=schools[0].id, code=f"{tag}USED1", used=True),
            AccessCode(campaign_id=campaign.id, establishment_id=schools[0].id, code=f"{tag}FREE1"),
            Draft(
                token_hash=f"{tag}-draft-token-hash",
                campaign_id=campaign.id,
                establishment_id=schools[1].id,
                category="enseignant",
                updated_on=date(2025, 11, 2),
                data={
                    "answers": {"collectif": "3"},
                    "comments": {},
                    "submission_key": f"{tag}-draft-submission-key",
                    "access_code_id": 424242,
                },
            ),
            AgreedLevel(
                campaign_id=campaign.id,
                establishment_id=schools[0].id,
                question_id=ids["collectif"],
                level=3,
                justification=f"Consensus {tag}",
                recorded_by_id=head.id,
                recorded_on=date(2025, 12, 1),
            ),
        ]
    )
    db.session.commit()
    return campaign


def _read(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_export_holds_exactly_the_campaign_rows_and_no_secret(make, db, runner, tmp_path):
    campaign = _campaign_with_everything(make, db, "MINE")
    other = _campaign_with_everything(make, db, "OTHER")
    target = tmp_path / "campagne.zip"

    result = runner.invoke(args=["export-campaign", str(campaign.id), str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def ids(model, column, campaign_id):
        return {str(v) for v in db.session.scalars(select(column).where(model.campaign_id == campaign_id))}

    mine = ids(Response, Response.id, campaign.id)
    with zipfile.ZipFile(target) as archive:
        assert set(archive.namelist()) == {
            "LISEZMOI.txt",
            "instrument.json",
            "campagne.csv",
            "questions.csv",
            "etablissements.csv",
            "reponses.csv",
            "reponses_valeurs.csv",
            "commentaires.csv",
            "niveaux_retenus.csv",
            "brouillons.csv",
        }
        assert [row["id"] for row in _read(archive, "campagne.csv")] == [str(campaign.id)]
        assert {row["reponse_id"] for row in _read(archive, "reponses.csv")} == mine
        answers = _read(archive, "reponses_valeurs.csv")
        stored = db.session.execute(
            select(Answer.response_id, Answer.question_id, Answer.value).where(
                Answer.response_id.in_([int(i) for i in mine])
            )
        ).all()
        assert {(r["reponse_id"], r["question_id"], r["valeur"]) for r in answers} == {
            (str(a), str(b), "" if v is None else str(v)) for a, b, v in stored
        }
        comments = _read(archive, "commentaires.csv")
        assert sorted(row["commentaire"] for row in comments) == ['\'=HYPERLINK("x") MINE', "Très bien ; MINE"]
        assert {row["reponse_id"] for row in comments} <= mine
        levels = _read(archive, "niveaux_retenus.csv")
        assert [(row["niveau"], row["justification"]) for row in levels] == [("3", "Consensus MINE")]
        assert levels[0]["saisi_par"].endswith("@ac-test.fr")
        drafts = _read(archive, "brouillons.csv")
        assert {row["brouillon_id"] for row in drafts} == ids(Draft, Draft.id, campaign.id)
        assert json.loads(drafts[0]["contenu"]) == {"answers": {"collectif": "3"}, "comments": {}}
        schools = _read(archive, "etablissements.csv")
        assert {row["etablissement_id"] for row in schools} == ids(
            CampaignEstablishment, CampaignEstablishment.establishment_id, campaign.id
        )
        assert sorted((row["codes_crees"], row["codes_utilises"]) for row in schools) == [("0", "0"), ("2", "1")]
        survey = json.loads(archive.read("instrument.json"))
        assert survey["slug"] == campaign.survey.slug and survey["content"] == campaign.survey.content

        everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    assert "OTHER" not in everything
    secrets = [link.token for link in db.session.scalars(select(CampaignEstablishment))]
    secrets += [link.short_code for link in db.session.scalars(select(CampaignEstablishment))]
    secrets += [
        *db.session.scalars(select(AccessCode.code)),
        "draft-token-hash",
        "draft-submission-key",
        "424242",
    ]
    secrets += list(db.session.scalars(select(Response.submission_key)))
    assert not [secret for secret in secrets if secret in everything]
    assert db.session.scalar(select(AuditEntry).filter_by(action="campaign.export_data")) is not None
    assert other.id != campaign.id


def test_unknown_campaign_or_folder_is_a_clear_error(make, db, runner, tmp_path):
    result = runner.invoke(args=["export-campaign", "999999", str(tmp_path / "x.zip")])
    assert result.exit_code == 1 and "aucune campagne" in result.output
    campaign = make.campaign()
    db.session.commit()
    result = runner.invoke(args=["export-campaign", str(campaign.id), str(tmp_path / "absent" / "x.zip")])
    assert result.exit_code == 1 and "n'existe pas" in result.output
    assert not (tmp_path / "x.zip").exists()
