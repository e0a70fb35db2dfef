"""Routes of the auth blueprint."""
from flask import render_template

from app.auth import bp


@bp.get("/connexion")
def login():
    """Show the login form."""
    return render_template("errors/error.html", status=501, title="Bientôt", message="La connexion arrive bientôt.")
