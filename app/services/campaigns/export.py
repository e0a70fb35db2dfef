"""Everything stored for one campaign, as a zip of CSV files, for the data protection officer."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Executable, case, func, select

from app.extensions import db
from app.models import (
    AccessCode,
    AgreedLevel,
    Answer,
    AnswerComment,
    Campaign,
    CampaignEstablishment,
    Draft,
    Establishment,
    Pole,
    Question,
    Response,
    User,
)
from app.services.accounts import audit
from app.services.dashboards.exports import csv_text
from app.services.dashboards.membership import kind_of_link, pole_of_link

# A draft's technical keys: the future response's anti-duplicate key and the code that opened it.
DRAFT_TECHNICAL_KEYS = frozenset({"submission_key", "access_code_id"})

README = """Export des données de la campagne {id} — {label}
Produit le {today} par `flask --app wsgi export-campaign`.

Fichiers CSV en UTF-8 (avec BOM), séparateur « ; ». Un texte qui commence par = + - @ est précédé d'une
apostrophe pour qu'un tableur ne l'exécute pas comme une formule. Une valeur vide dans reponses_valeurs.csv
signifie « Non concerné », la valeur -32768 « Je ne sais pas / ne se prononce pas ».

campagne.csv           la campagne (instrument, réseau, année, dates, statut, mode d'accès)
instrument.json        l'édition de l'instrument telle qu'elle a été chargée (questions, échelles, libellés)
questions.csv          identifiant stable de chaque question de l'instrument
etablissements.csv     les établissements de la campagne, leur effectif déclaré et le nombre de codes créés/utilisés
reponses.csv           les réponses anonymes : établissement, catégorie de personnel, édition, jour d'envoi
reponses_valeurs.csv   les valeurs de chaque réponse, question par question
commentaires.csv       les commentaires libres des répondants
niveaux_retenus.csv    les niveaux retenus en conseil pédagogique, avec qui les a saisis
brouillons.csv         les réponses en cours non envoyées (supprimées après la durée de conservation)

Volontairement exclus, car ce sont des secrets d'accès et non des données : les jetons des liens et les codes
courts des établissements, les codes individuels (seuls leurs nombres figurent), l'empreinte des jetons de reprise
des brouillons, la clé technique anti-doublon des réponses et, dans les brouillons, le code qui les a ouverts.
Aucune adresse IP, aucun nom de répondant, aucune heure d'envoi n'est enregistrée : il n'y en a donc pas ici.
"""


def export_campaign(campaign: Campaign, destination: Path, today: date, actor: User | None) -> dict[str, int]:
    """Write the campaign's zip to `destination` (replaced only once complete) and journal it; return row counts."""
    tables = campaign_tables(campaign)
    destination = Path(destination)
    handle, partial = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("LISEZMOI.txt", README.format(id=campaign.id, label=campaign.label, today=today))
            archive.writestr("instrument.json", json.dumps(_survey(campaign), ensure_ascii=False, indent=2))
            for name, (header, rows) in tables.items():
                archive.writestr(name, csv_text(header, rows))
        os.replace(partial, destination)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    counts = {name: len(rows) for name, (_, rows) in tables.items()}
    audit.record(actor, "campaign.export_data", f"campagne {campaign.id} exportée ({sum(counts.values())} lignes)")
    return counts


def campaign_tables(campaign: Campaign) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Return each CSV file of the export as (header, rows)."""
    cid = campaign.id
    keys = dict(db.session.execute(select(Question.id, Question.key).filter_by(survey_slug=campaign.survey.slug)).all())
    in_campaign = select(Response.id).where(Response.campaign_id == cid)
    return {
        "campagne.csv": (
            [
                "id",
                "instrument",
                "edition",
                "titre",
                "reseau",
                "annee_scolaire",
                "periode",
                "ouverture",
                "cloture",
                "statut",
                "mode_acces",
                "creee_le",
            ],
            [
                [
                    cid,
                    campaign.survey.slug,
                    campaign.survey.version,
                    campaign.survey.title,
                    campaign.network.name,
                    campaign.school_year,
                    campaign.period,
                    campaign.opens_on,
                    campaign.closes_on,
                    campaign.state().value,
                    campaign.access_mode.value,
                    campaign.created_at,
                ]
            ],
        ),
        "questions.csv": (["question_id", "cle"], [[qid, key] for qid, key in sorted(keys.items())]),
        "etablissements.csv": (
            [
                "etablissement_id",
                "uai",
                "nom",
                "type",
                "commune",
                "code_postal",
                "departement",
                "pole",
                "effectif_declare",
                "codes_crees",
                "codes_utilises",
            ],
            _establishments(cid),
        ),
        "reponses.csv": (
            ["reponse_id", "etablissement_id", "uai", "categorie", "instrument", "edition", "envoyee_le"],
            _rows(
                select(
                    Response.id,
                    Response.establishment_id,
                    Establishment.uai,
                    Response.category,
                    Response.survey_slug,
                    Response.survey_version,
                    Response.submitted_on,
                )
                .join(Establishment)
                .where(Response.campaign_id == cid)
                .order_by(Response.id)
            ),
        ),
        "reponses_valeurs.csv": (
            ["reponse_id", "question_id", "question", "valeur"],
            [
                [rid, qid, keys.get(qid, ""), value]
                for rid, qid, value in db.session.execute(
                    select(Answer.response_id, Answer.question_id, Answer.value)
                    .where(Answer.response_id.in_(in_campaign))
                    .order_by(Answer.response_id, Answer.question_id)
                )
            ],
        ),
        "commentaires.csv": (
            ["reponse_id", "question_id", "question", "commentaire"],
            [
                [rid, qid, keys.get(qid, ""), text]
                for rid, qid, text in db.session.execute(
                    select(AnswerComment.response_id, AnswerComment.question_id, AnswerComment.text)
                    .where(AnswerComment.response_id.in_(in_campaign))
                    .order_by(AnswerComment.response_id, AnswerComment.question_id)
                )
            ],
        ),
        "niveaux_retenus.csv": (
            [
                "id",
                "etablissement_id",
                "uai",
                "question_id",
                "question",
                "niveau",
                "justification",
                "saisi_par",
                "saisi_le",
            ],
            [
                [aid, eid, uai, qid, keys.get(qid, ""), level, justification, email, on]
                for aid, eid, uai, qid, level, justification, email, on in db.session.execute(
                    select(
                        AgreedLevel.id,
                        AgreedLevel.establishment_id,
                        Establishment.uai,
                        AgreedLevel.question_id,
                        AgreedLevel.level,
                        AgreedLevel.justification,
                        User.email,
                        AgreedLevel.recorded_on,
                    )
                    .join(Establishment, Establishment.id == AgreedLevel.establishment_id)
                    .outerjoin(User, User.id == AgreedLevel.recorded_by_id)
                    .where(AgreedLevel.campaign_id == cid)
                    .order_by(AgreedLevel.id)
                )
            ],
        ),
        "brouillons.csv": (
            ["brouillon_id", "etablissement_id", "categorie", "modifie_le", "contenu"],
            [
                [did, eid, category, on, _draft_content(data)]
                for did, eid, category, on, data in db.session.execute(
                    select(Draft.id, Draft.establishment_id, Draft.category, Draft.updated_on, Draft.data)
                    .where(Draft.campaign_id == cid)
                    .order_by(Draft.id)
                )
            ],
        ),
    }


def _establishments(cid: int) -> list[list[Any]]:
    codes = {
        eid: (total, used or 0)
        for eid, total, used in db.session.execute(
            select(AccessCode.establishment_id, func.count(), func.sum(case((AccessCode.used, 1), else_=0)))
            .where(AccessCode.campaign_id == cid)
            .group_by(AccessCode.establishment_id)
        )
    }
    rows = db.session.execute(
        select(
            Establishment.id,
            Establishment.uai,
            Establishment.name,
            kind_of_link,  # the pole and type the campaign's results use (frozen at closing)
            Establishment.commune,
            Establishment.postal_code,
            Establishment.departement,
            Pole.name,
            CampaignEstablishment.staff_size,
        )
        .join(CampaignEstablishment, CampaignEstablishment.establishment_id == Establishment.id)
        .outerjoin(Pole, Pole.id == pole_of_link)
        .where(CampaignEstablishment.campaign_id == cid)
        .order_by(Establishment.uai)
    )
    return [[*row, *codes.get(row[0], (0, 0))] for row in rows]


def _survey(campaign: Campaign) -> dict[str, Any]:
    survey = campaign.survey
    return {
        "slug": survey.slug,
        "version": survey.version,
        "title": survey.title,
        "kind": survey.kind,
        "content_hash": survey.content_hash,
        "loaded_at": survey.loaded_at.isoformat(),
        "content": survey.content,
    }


def _draft_content(data: dict[str, Any] | None) -> str:
    kept = {key: value for key, value in (data or {}).items() if key not in DRAFT_TECHNICAL_KEYS}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True)


def _rows(query: Executable) -> list[list[Any]]:
    return [list(row) for row in db.session.execute(query)]
