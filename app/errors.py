"""Error pages: a clear French page (or JSON under /api) with the right status, never a traceback."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être comprise."),
    401: ("Connexion requise", "Veuillez vous connecter pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas, ou le lien est incorrect."),
    405: ("Méthode non permise", "Cette action n'est pas possible ici."),
    409: ("Conflit", "Cette action entre en conflit avec l'état actuel."),
    410: ("Lien expiré", "Ce lien n'est plus valable."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille permise."),
    422: ("Données invalides", "Les données envoyées ne sont pas valides."),
    429: ("Trop de tentatives", "Trop de tentatives en peu de temps. Réessayez dans quelques minutes."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite. Aucune donnée déjà enregistrée n'est perdue."),
}


def render_error(status: int, message: str | None = None):
    title, default = MESSAGES.get(status, ("Erreur", "Une erreur s'est produite."))
    text = message or default
    if request.path.startswith("/api/"):
        return jsonify({"error": title, "message": text, "status": status}), status
    return render_template("errors/error.html", status=status, title=title, message=text), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, "Le formulaire a expiré ou n'est pas valide. Rechargez la page et réessayez.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        custom = error.description if getattr(error, "boussole_message", False) else None
        return render_error(error.code or 500, custom)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        return render_error(500)


def abort_with(status: int, message: str):
    """Abort with a message meant for the user (shown on the error page)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[status](description=message)
    exc.boussole_message = True
    raise exc
