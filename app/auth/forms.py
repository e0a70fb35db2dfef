"""Forms of the account pages."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.services.accounts.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

REQUIRED = "Ce champ est obligatoire."


class LoginForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired(REQUIRED), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Se connecter")


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    length = Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=f"Le mot de passe doit compter entre {MIN_PASSWORD_LENGTH} et {MAX_PASSWORD_LENGTH} caractères.",
    )
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[DataRequired(REQUIRED), length],
        description=f"Au moins {MIN_PASSWORD_LENGTH} caractères ; une phrase facile à retenir convient bien.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Confirmez le mot de passe",
        validators=[DataRequired(REQUIRED), EqualTo("password", "Les deux mots de passe diffèrent.")],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class SetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField("Enregistrer le mot de passe")


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Mot de passe actuel", validators=[DataRequired(REQUIRED)], render_kw={"autocomplete": "current-password"}
    )
    password, confirm = _new_password_fields()
    submit = SubmitField("Changer le mot de passe")


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField("Recevoir un lien")


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST."""


class EndOtherSessionsForm(FlaskForm):
    """Only the CSRF token and its button."""

    submit = SubmitField("Déconnecter mes autres sessions")
