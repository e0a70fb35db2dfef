"""Audit log of administrative actions: who did what, when. Never anything a respondent wrote."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, User

# The journal shows these labels; an unknown action is shown as recorded.
ACTION_LABELS = {
    "network.create": "Réseau créé",
    "network.rename": "Réseau renommé",
    "network.department": "Réseau placé dans un département",
    "pole.create": "Pôle créé",
    "pole.rename": "Pôle renommé",
    "establishment.import": "Import d'établissements",
    "establishment.move": "Établissement changé de pôle",
    "user.create": "Compte créé",
    "user.invite": "Invitation envoyée",
    "user.invitation": "Nouveau lien d'invitation",
    "user.disable": "Compte désactivé",
    "user.enable": "Compte réactivé",
    "user.access": "Rôle ou périmètre modifié",
    "account.password_set": "Mot de passe défini (invitation)",
    "account.password_reset": "Mot de passe réinitialisé",
    "account.password_change": "Mot de passe changé",
    "account.sessions_end": "Autres sessions déconnectées",
    "campaign.create": "Campagne créée",
    "campaign.open": "Campagne ouverte",
    "campaign.close": "Campagne clôturée",
    "campaign.reopen": "Campagne rouverte",
    "campaign.enrol": "Établissement ajouté à une campagne",
    "campaign.withdraw": "Établissement retiré d'une campagne",
    "campaign.codes": "Codes à usage unique générés",
    "campaign.export_links": "Liens téléchargés",
    "campaign.export_codes": "Codes téléchargés",
    "campaign.export_data": "Données de la campagne exportées",
    "data.purge": "Brouillons et codes inutilisés purgés",
    "establishment.agreed_levels": "Niveaux retenus en équipe enregistrés",
    "establishment.staff_size": "Effectif déclaré modifié",
    "comment.hide": "Commentaire masqué",
    "comment.show": "Commentaire de nouveau affiché",
    "roadmap.priority_add": "Priorité de feuille de route ajoutée",
    "roadmap.priority_edit": "Priorité de feuille de route modifiée",
    "roadmap.priority_status": "Statut d'une priorité changé",
    "roadmap.priority_remove": "Priorité de feuille de route retirée",
    "roadmap.next_year": "Feuille de route reprise pour l'année suivante",
    "indicators.report": "Indicateurs d'établissement enregistrés",
    "mail.retry": "Courriel renvoyé",
}


def record(actor: User | None, action: str, detail: str = "") -> AuditEntry:
    """Write one entry; `actor` is None for the command line."""
    entry = AuditEntry(
        user_id=actor.id if actor is not None else None,
        action=action,
        detail=detail if actor is not None else f"{detail} (ligne de commande)".strip(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def journal(page: int, per_page: int = 50) -> Pagination:
    """Return one page of the journal, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def record_by_app(action: str, detail: str) -> AuditEntry:
    """Write one entry for what the application did by itself: a campaign closed on its date, a late arrival."""
    entry = AuditEntry(user_id=None, action=action, detail=f"{detail} (automatique)")
    db.session.add(entry)
    db.session.flush()
    return entry
