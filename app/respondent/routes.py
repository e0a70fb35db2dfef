"""Routes of the respondent blueprint."""
from flask import redirect, url_for

from app.respondent import bp


@bp.post("/code")
def enter_code():
    """Open the questionnaire matching a typed access code."""
    return redirect(url_for("main.home"))
