"""Forms of the administration; choices are filled by the views from what the user manages."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.models import AccessMode, CampaignScope
from app.services.campaigns.campaigns import PERIODS
from app.services.campaigns.codes import MAX_CODES_ON_A_PAGE
from app.services.campaigns.scope import SCOPE_LABELS
from app.web.converters import parse_id

REQUIRED = "Ce champ est obligatoire."


def _optional_int(value):
    """Coerce a submitted id; anything that is not one is an invalid choice (or no filter), never a database error."""
    if value in (None, "", "None"):
        return None
    number = parse_id(value)
    if number is None:
        raise ValueError("identifiant invalide")
    return number


class NetworkForm(FlaskForm):
    name = StringField("Nom du réseau", validators=[DataRequired(REQUIRED), Length(max=120)])
    academy = StringField(
        "Académie",
        validators=[DataRequired(REQUIRED), Length(max=120)],
        description="Une académie qui n'existe pas encore est créée.",
    )
    submit = SubmitField("Créer le réseau")


class RenameForm(FlaskForm):
    name = StringField("Nouveau nom", validators=[DataRequired(REQUIRED), Length(max=120)])
    submit = SubmitField("Renommer")


class DepartmentForm(FlaskForm):
    code = StringField(
        "Code du département",
        validators=[Optional(), Length(max=3)],
        description="Par exemple 13 ou 84 ; vide : le réseau n'est rattaché à aucun département.",
    )
    name = StringField("Nom du département (s'il est nouveau)", validators=[Optional(), Length(max=120)])
    submit = SubmitField("Enregistrer le département")


class PoleForm(FlaskForm):
    name = StringField("Nom du pôle", validators=[DataRequired(REQUIRED), Length(max=120)])
    submit = SubmitField("Ajouter le pôle")


class EstablishmentFilterForm(FlaskForm):
    """Read from the query string: no CSRF for a search."""

    class Meta:
        csrf = False

    q = StringField("Nom, UAI ou commune", validators=[Optional(), Length(max=100)])
    network = SelectField("Réseau", coerce=str, validate_choice=False)
    pole = SelectField("Pôle", coerce=_optional_int, validate_choice=False)


class ImportForm(FlaskForm):
    file = FileField(
        "Fichier CSV de l'annuaire de l'éducation",
        validators=[FileRequired("Choisissez un fichier.")],
        description="Export « Annuaire de l'éducation » : séparateur point-virgule, UTF-8, 5 Mo au plus.",
    )
    network = SelectField("Réseau des établissements", coerce=_optional_int)
    pole = SelectField("Pôle (facultatif)", coerce=_optional_int)
    submit = SubmitField("Importer")


class MoveForm(FlaskForm):
    pole = SelectField("Pôle", coerce=_optional_int)
    submit = SubmitField("Changer de pôle")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccessForm(FlaskForm):
    """A role and its scope: fill only the part the role takes (app/services/accounts/roles.py)."""

    role = SelectField("Rôle", validators=[DataRequired(REQUIRED)])
    networks = MultiCheckboxField(
        "Réseaux", coerce=int, description="Pour un coordonnateur ou un inspecteur : un ou plusieurs réseaux."
    )
    pole = SelectField("Pôle", coerce=_optional_int, description="Pour un pilote de pôle : son pôle.")
    academy = SelectField("Académie", coerce=_optional_int, description="Pour la cellule académique : son académie.")
    department = SelectField(
        "Département", coerce=_optional_int, description="Pour un DASEN ou un coordonnateur départemental."
    )
    uais = StringField(
        "UAI des établissements",
        validators=[Optional(), Length(max=500)],
        description="Pour un chef d'établissement : un ou plusieurs UAI, séparés par des espaces.",
    )
    submit = SubmitField("Enregistrer le rôle et le périmètre")


class InviteForm(AccessForm):
    email = EmailField("Adresse électronique", validators=[DataRequired(REQUIRED), Length(max=254)])
    name = StringField("Nom (facultatif)", validators=[Optional(), Length(max=120)])
    submit = SubmitField("Créer le compte et le lien d'invitation")


class CampaignForm(FlaskForm):
    survey = SelectField(
        "Instrument",
        coerce=int,
        validators=[DataRequired(REQUIRED)],
        description="La dernière édition de chaque instrument est proposée en premier.",
    )
    network = SelectField("Réseau", coerce=int, validators=[DataRequired(REQUIRED)])
    school_year = StringField(
        "Année scolaire",
        validators=[DataRequired(REQUIRED), Length(max=9)],
        description="Sous la forme AAAA-AAAA, par exemple 2025-2026.",
    )
    period = SelectField(
        "Période (facultatif)",
        default="",
        description="Une campagne d'indicateurs (pôles de stages) porte sur S1, fin janvier, ou S2, fin juin.",
        choices=[SelectChoice("", "Toute l'année")] + [SelectChoice(p) for p in PERIODS],
    )
    opens_on = DateField(
        "Ouverture (facultatif)",
        validators=[Optional()],
        description="Ouverte avant cette date, la campagne est « programmée » et s'ouvre ce jour-là.",
    )
    closes_on = DateField(
        "Clôture (facultatif)",
        validators=[Optional()],
        description="Dernier jour des réponses : le lendemain, la campagne est clôturée et ses résultats publiés.",
    )
    scope = RadioField(
        "Établissements concernés",
        default=CampaignScope.NETWORK.value,
        choices=[SelectChoice(kind.value, label) for kind, label in SCOPE_LABELS.items()],
        description=(
            "Tout le réseau, ou seulement certains de ses pôles, ou une liste d'établissements. Un établissement "
            "qui entre dans le réseau ou dans un pôle choisi pendant la campagne la rejoint aussitôt."
        ),
    )
    poles = MultiCheckboxField("Pôles choisis", coerce=int, description="Pour « des pôles choisis » : un ou plusieurs.")
    uais = TextAreaField(
        "UAI des établissements choisis",
        validators=[Optional(), Length(max=5000)],
        description="Pour « des établissements choisis » : leurs UAI, séparés par des espaces ou retours à la ligne.",
    )
    access_mode = RadioField(
        "Accès des répondants",
        default=AccessMode.LINK.value,
        description=(
            "Lien commun : le plus simple ; un envoi est limité par lien et par appareil, mais une personne "
            "déterminée, avec plusieurs appareils, peut encore ajouter des réponses. Codes individuels : chaque "
            "code n'ouvre qu'un questionnaire, le lien seul et le code d'établissement ne suffisent plus ; le chef "
            "d'établissement ou la coordination imprime les codes et en remet un par personne. Choisissez les "
            "codes quand des résultats de petits établissements doivent résister à des réponses ajoutées."
        ),
        choices=[
            SelectChoice(AccessMode.LINK.value, "Un lien (et un code) commun par établissement"),
            SelectChoice(
                AccessMode.CODES.value,
                "Des codes individuels à usage unique, distribués par l'établissement (une personne, une réponse)",
            ),
        ],
    )
    submit = SubmitField("Créer la campagne")


class CodesForm(FlaskForm):
    establishment = SelectField("Établissement", coerce=int)
    count = IntegerField(
        "Nombre de codes",
        default=30,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, MAX_CODES_ON_A_PAGE, f"Entre 1 et {MAX_CODES_ON_A_PAGE} codes à la fois."),
        ],
    )
    submit = SubmitField("Générer les codes")


class EnrolForm(FlaskForm):
    establishment = SelectField("Établissement du réseau", coerce=int)
    submit = SubmitField("Ajouter à la campagne")


class ActionForm(FlaskForm):
    """Only the CSRF token: a button that changes something."""
