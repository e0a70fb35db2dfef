"""Forms of the network blueprint: hide a comment or show it again; the feuilles de route use the establishment's."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.establishment.forms import ConfirmForm, PriorityForm, PriorityStatusForm
from app.services.comments.moderation import REASON_MAX_LENGTH

__all__ = ["ConfirmForm", "HideCommentForm", "PriorityForm", "PriorityStatusForm", "ShowCommentForm"]


class HideCommentForm(FlaskForm):
    token = HiddenField(validators=[DataRequired("Ce commentaire n'est pas désigné."), Length(max=64)])
    back = HiddenField()
    reason = TextAreaField(
        "Motif",
        description="Par exemple : « nomme une personne ». Le motif est visible de la coordination et inscrit "
        "au journal.",
        validators=[
            DataRequired("Indiquez le motif, en quelques mots."),
            Length(max=REASON_MAX_LENGTH, message=f"Le motif tient en {REASON_MAX_LENGTH} caractères au plus."),
        ],
    )
    submit = SubmitField("Masquer ce commentaire")


class ShowCommentForm(FlaskForm):
    token = HiddenField(validators=[DataRequired("Ce commentaire n'est pas désigné."), Length(max=64)])
    back = HiddenField()
    submit = SubmitField("Afficher de nouveau")
