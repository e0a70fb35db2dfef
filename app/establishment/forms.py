"""Forms of the establishment dashboard: staff size, the levels agreed by the team, the feuille de route."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.analytics.instrument import Dimension
from app.models import PriorityStatus
from app.services.campaigns.codes import MAX_CODES_ON_A_PAGE
from app.services.dashboards.agreed_levels import JUSTIFICATION_MAX
from app.services.roadmaps.roadmaps import ACTIONS_MAX, INDICATOR_MAX, STATUS_LABELS, WHO_MAX, PriorityInput
from app.services.roadmaps.subjects import (
    Subject,
    UnknownSubject,
    all_subjects,
    generic_target_groups,
    subject_for,
    target_hint,
    target_options,
)
from app.surveys.indicator_types import indicator_type
from app.surveys.schema import Survey

STAFF_MAX = 5000
NO_TARGET = "— sans cible chiffrée —"


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


def staff_size_form(
    campaign_id: int, instrument: str, size: int | None = None, *, posted: bool = False
) -> StaffSizeForm:
    """The staff form of one campaign (instrument), named after it: a page holds one per campaign of the year."""
    form = StaffSizeForm(prefix=f"c{campaign_id}", data={"staff_size": size}, **({} if posted else {"formdata": None}))
    form.staff_size.label.text = f"Effectif déclaré — {instrument}"
    form.staff_size.description = "Le nombre de personnes invitées à répondre à ce questionnaire cette année."
    form.submit.label.text = f"Enregistrer l'effectif ({instrument})"
    return form


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


# --- Feuille de route: a priority, its status, its removal, next year's start (the network blueprint reuses them) ---


class PriorityForm(FlaskForm):
    """One priority of a feuille de route; the subject's choices come from the instruments (set by the view)."""

    subject = SelectField(
        "Sujet (dimension de la grille ou thème de l'autopositionnement)",
        validators=[InputRequired("Choisissez une dimension ou un thème.")],
        validate_choice=False,  # an unknown subject is refused by the service, with its reason
    )
    target = SelectField(
        "Cible",
        description="Le niveau visé à la prochaine campagne (par défaut, le niveau au-dessus du dernier publié).",
        choices=[SelectChoice("", NO_TARGET)] + [SelectChoice(str(v), str(v)) for v in range(1, 6)],
        validators=[Optional()],
        validate_choice=False,
    )
    actions = TextAreaField(
        "Actions",
        validators=[Length(max=ACTIONS_MAX, message=f"Les actions : {ACTIONS_MAX} caractères au plus.")],
    )
    responsables = StringField(
        "Responsables", validators=[Length(max=WHO_MAX, message=f"Les responsables : {WHO_MAX} caractères au plus.")]
    )
    due_on = DateField("Échéance", validators=[Optional()], description="Une date de l'année scolaire choisie.")
    indicator = TextAreaField(
        "Indicateur de réussite",
        description="Comment l'équipe verra que la priorité est atteinte.",
        validators=[Length(max=INDICATOR_MAX, message=f"L'indicateur : {INDICATOR_MAX} caractères au plus.")],
    )
    status = SelectField(
        "Statut",
        choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
        default=PriorityStatus.TO_START.value,
        validators=[InputRequired("Choisissez un statut.")],
    )
    submit = SubmitField("Enregistrer la priorité")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject.choices = [SelectChoice("", "— choisir —")] + [
            SelectChoice(s.value, s.label) for s in all_subjects()
        ]

    def chosen_subject(self) -> Subject | None:
        """Return the subject chosen or prefilled, or None (none yet, or an unknown one the service will refuse)."""
        try:
            return subject_for(str(self.subject.data or "")[:100]) if self.subject.data else None
        except UnknownSubject:
            return None

    target_hint = ""  # what the chosen target means, shown under the field (set by offer_targets)

    def offer_targets(self) -> None:
        """Name each target level (the chosen subject's scale, else both scales) and describe the chosen one."""
        subject = self.chosen_subject()
        if subject is None:
            self.target.choices = [SelectChoice("", NO_TARGET)] + [
                SelectChoice(value, label, optgroup=group)
                for group, levels in generic_target_groups().items()
                for value, label in levels
            ]
            self.target_hint = "Choisissez d'abord un sujet : le niveau visé est décrit ici."
            return
        self.target.choices = [SelectChoice("", NO_TARGET)] + [
            SelectChoice(v, label) for v, label in target_options(subject)
        ]
        raw = str(self.target.data or "")
        self.target_hint = target_hint(subject, int(raw) if raw.isdigit() else None)

    def data_in(self) -> PriorityInput:
        """Return what was typed, for the service to check against its rules."""
        target = self.target.data
        return PriorityInput(
            subject=self.subject.data or "",
            target=int(target) if target and str(target).isdigit() else None,
            actions=self.actions.data or "",
            responsables=self.responsables.data or "",
            due_on=self.due_on.data,
            indicator=self.indicator.data or "",
            status=PriorityStatus(self.status.data),
        )


class PriorityStatusForm(FlaskForm):
    status = SelectField(
        "Statut", choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()], validators=[Optional()]
    )
    submit = SubmitField("Changer le statut")


class ConfirmForm(FlaskForm):
    """A button only (remove a priority, start next year's feuille de route): its CSRF token is the point."""

    submit = SubmitField("Confirmer")


# --- Indicator campaigns: one field per indicator, built from the instrument (its type gives field and checks) ---


class IndicatorsFormBase(FlaskForm):
    submit = SubmitField("Enregistrer les indicateurs")

    indicator_fields: ClassVar[list[tuple[str, str]]] = []  # (indicator id, field name), set by the factory below

    def raw_values(self) -> dict[str, Any]:
        """Return what was typed, by indicator id: the service checks it again against type and bounds."""
        return {key: self[name].data for key, name in self.indicator_fields}


def indicators_form(survey: Survey, current: dict[str, Any]) -> IndicatorsFormBase:
    """Build the form at runtime, one field per indicator, filled with the values already reported."""

    class IndicatorsForm(IndicatorsFormBase):
        pass

    fields = []
    data = {}
    for index, (_, question) in enumerate(survey.questions()):
        name = f"indicateur_{index}"
        kind = indicator_type(question)
        setattr(IndicatorsForm, name, kind.field(survey, question))
        fields.append((question.id, name))
        data[name] = kind.form_value(current.get(question.id))
    IndicatorsForm.indicator_fields = fields
    return IndicatorsForm(data=data)  # a submitted form's own values take precedence
