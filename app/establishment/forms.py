"""Forms of the establishment dashboard: staff size, and the levels agreed by the team."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.analytics.instrument import Dimension
from app.services.campaigns.codes import MAX_CODES_ON_A_PAGE
from app.services.dashboards.agreed_levels import JUSTIFICATION_MAX

STAFF_MAX = 5000


class StaffSizeForm(FlaskForm):
    staff_size = IntegerField(
        "Effectif des personnels concernés",
        description="Le nombre de personnes invitées à répondre cette année.",
        validators=[
            InputRequired("Indiquez un nombre."),
            NumberRange(min=1, max=STAFF_MAX, message=f"Indiquez un nombre entre 1 et {STAFF_MAX}."),
        ],
    )
    submit = SubmitField("Enregistrer l'effectif")


class CodesCountForm(FlaskForm):
    count = IntegerField(
        "Nombre de codes",
        default=30,
        validators=[
            InputRequired("Indiquez un nombre."),
            NumberRange(1, MAX_CODES_ON_A_PAGE, f"Entre 1 et {MAX_CODES_ON_A_PAGE} codes à la fois."),
        ],
    )
    submit = SubmitField("Générer les codes")


class AgreedLevelsBase(FlaskForm):
    submit = SubmitField("Enregistrer les niveaux convenus")

    dimension_fields: ClassVar[list[tuple[Dimension, str, str]]] = []  # set by the form factory below

    def levels(self) -> dict[str, tuple[int | None, str]]:
        """Return level (None when left empty) and justification per dimension key."""
        out = {}
        for dimension, level_name, text_name in self.dimension_fields:
            raw = self[level_name].data
            out[dimension.key] = (int(raw) if raw else None, self[text_name].data or "")
        return out


def agreed_levels_form(
    dims: Sequence[Dimension], points: Sequence[tuple[int, str]], current: dict[str, dict[str, Any]]
) -> AgreedLevelsBase:
    """Build the form at runtime: one level choice and one justification per dimension of the grid."""

    class AgreedLevelsForm(AgreedLevelsBase):
        pass

    fields = []
    for index, dim in enumerate(dims):
        level_name, text_name = f"level_{index}", f"justification_{index}"
        choices = [SelectChoice("", "— non convenu —")] + [SelectChoice(str(v), f"{v}. {label}") for v, label in points]
        setattr(
            AgreedLevelsForm,
            level_name,
            SelectField(f"Niveau convenu — {dim.title}", choices=choices, validators=[Optional()]),
        )
        setattr(
            AgreedLevelsForm,
            text_name,
            TextAreaField(
                "Justification",
                validators=[Length(max=JUSTIFICATION_MAX, message=f"{JUSTIFICATION_MAX} caractères au plus.")],
                description="Ce sur quoi l'équipe s'est appuyée (quelques lignes).",
            ),
        )
        fields.append((dim, level_name, text_name))
    AgreedLevelsForm.dimension_fields = fields
    data = {}
    for dim, level_name, text_name in fields:
        if dim.key in current:
            data[level_name] = str(current[dim.key]["level"])
            data[text_name] = current[dim.key]["justification"]
    return AgreedLevelsForm(data=data)  # a submitted form's own values take precedence
