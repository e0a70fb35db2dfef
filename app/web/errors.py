"""Error pages: a clear French page (or JSON under /api) with the right status, never a traceback."""

from __future__ import annotations

from typing import IO, NoReturn

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge
from werkzeug.wsgi import LimitedStream

MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être comprise."),
    401: ("Connexion requise", "Veuillez vous connecter pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas, ou le lien est incorrect."),
    405: ("Méthode non permise", "Cette action n'est pas possible ici."),
    409: ("Conflit", "Cette action entre en conflit avec l'état actuel."),
    410: ("Lien expiré", "Ce lien n'est plus valable."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille permise."),
    415: ("Format non pris en charge", "Le contenu envoyé n'est pas dans un format accepté ici."),
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
        response = make_response(render_error(error.code or 500, custom))
        # Keep what the exception says besides its page: `Allow` on a 405 (RFC 9110), `Retry-After`…
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        _drain_request_body()
        file_limit = current_app.config["MAX_CONTENT_LENGTH"]
        form_limit = current_app.config.get("MAX_FORM_MEMORY_SIZE") or file_limit
        return render_error(
            413,
            f"L'envoi dépasse la taille permise ({file_limit / 2**20:g} Mo au plus pour un "
            f"fichier, {form_limit // 1000} ko pour les champs d'un formulaire) : rien n'a été "
            "enregistré. Un fichier plus gros peut être découpé en plusieurs parties.",
        )

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        return render_error(500)


# Past this, a client still sending is cut off rather than read (the reverse proxy should have stopped it before).
DRAIN_LIMIT = 64 * 2**20


def _drain_request_body() -> None:
    """Read and drop what the client is still sending: closing on an unread body resets the connection, and the
    browser then shows a network error instead of the 413 page (Werkzeug's `Request.stream` documents it)."""
    length = request.content_length
    if length is None or length > DRAIN_LIMIT:
        return  # no length to stop at (a chunked body), or too much to read: the connection is cut
    try:
        stream: IO[bytes] | LimitedStream = request.stream  # where form parsing stopped, bounded by Content-Length
    except RequestEntityTooLarge:  # refused on its Content-Length alone: nothing was read
        stream = LimitedStream(request.environ["wsgi.input"], length)
    try:
        while stream.read(2**16):
            pass
    except (OSError, HTTPException):  # the client gave up: nothing to answer anyway
        pass


def abort_with(status: int, message: str) -> NoReturn:
    """Abort with a message meant for the user (shown on the error page)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[status](description=message)
    exc.boussole_message = True  # type: ignore[attr-defined]  # our mark on Werkzeug's exception, read by getattr
    raise exc
