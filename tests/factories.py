"""`make_*` factories: the smallest valid objects, with overridable fields."""

from __future__ import annotations

import functools
import itertools
import secrets
from datetime import date
from pathlib import Path

from flask import current_app

from app.models import (
    Academy,
    AccessMode,
    Answer,
    Campaign,
    CampaignEstablishment,
    CampaignStatus,
    Department,
    Establishment,
    Network,
    Pole,
    Response,
    Role,
    SurveyDefinition,
    User,
)
from app.services.accounts.accounts import scope_row
from app.services.surveys import question_ids, sync_surveys
from app.services.territory.uai import make_uai
from app.surveys.loader import LoadedSurvey, load_directory

_counter = itertools.count(1)


def instruments(directory: str | Path) -> list[LoadedSurvey]:
    """The instruments of `directory`, parsed once for each state of its files.

    Parsing the YAML took 0.2 s, and every `make.campaign` needs the instruments: most of a dashboard test's setup.
    A file written, replaced or removed (a test's own folder) changes the stamp, and is read again.
    """
    paths = sorted(Path(directory).glob("*.y*ml"))
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in paths)
    return _parsed(str(directory), stamp)


@functools.lru_cache(maxsize=16)
def _parsed(directory: str, stamp: tuple[tuple[str, int, int], ...]) -> list[LoadedSurvey]:
    return load_directory(directory)


class Factories:
    def __init__(self, db):
        self.db = db

    def _save(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def surveys(self) -> dict[str, SurveyDefinition]:
        """Load the instruments of surveys/ into the database; return the latest edition's row of each, by slug."""
        return {slug: editions[-1] for slug, editions in self.editions().items()}

    def editions(self) -> dict[str, list[SurveyDefinition]]:
        """Load the instruments of surveys/ into the database; return every edition's row by slug, oldest first."""
        from sqlalchemy import select

        sync_surveys(instruments(current_app.config["SURVEYS_DIR"]))
        rows = self.db.session.scalars(select(SurveyDefinition)).all()
        by_slug: dict[str, list[SurveyDefinition]] = {}
        for row in sorted(rows, key=lambda r: tuple(int(part) for part in r.version.split("."))):
            by_slug.setdefault(row.slug, []).append(row)
        return by_slug

    def academy(self, name: str | None = None) -> Academy:
        return self._save(Academy(name=name or f"Académie {next(_counter)}"))

    def network(self, name: str | None = None, academy: Academy | None = None) -> Network:
        return self._save(Network(name=name or f"Réseau {next(_counter)}", academy=academy or self.academy()))

    def department(self, code: str, name: str | None = None, academy: Academy | None = None) -> Department:
        return self._save(Department(code=code, name=name or f"Département {code}", academy=academy or self.academy()))

    def pole(self, name: str | None = None, network: Network | None = None) -> Pole:
        return self._save(Pole(name=name or f"Pôle {next(_counter)}", network=network or self.network()))

    def establishment(self, pole: Pole | None = None, network: Network | None = None, **fields) -> Establishment:
        pole = pole if pole is not None else (self.pole(network=network) if network is None else None)
        number = next(_counter)
        values = dict(
            uai=make_uai(1300000 + number),
            name=f"Collège {number}",
            kind="Collège",
            commune="Aix-en-Provence",
            postal_code="13100",
            departement="013",
        )
        values.update(fields)
        return self._save(Establishment(pole=pole, network=network or (pole.network if pole else None), **values))

    def campaign(
        self,
        slug: str = "territoire-apprenant",
        network: Network | None = None,
        school_year: str = "2025-2026",
        status: CampaignStatus = CampaignStatus.OPEN,
        access_mode: AccessMode = AccessMode.LINK,
        establishments=(),
        version: str | None = None,
        **fields,
    ) -> Campaign:
        """Create a campaign of the latest edition of `slug`, or of the edition `version`."""
        editions = self.editions()[slug]
        survey = next(r for r in editions if r.version == version) if version else editions[-1]
        campaign = self._save(
            Campaign(
                survey=survey,
                network=network or self.network(),
                school_year=school_year,
                status=status,
                access_mode=access_mode,
                **fields,
            )
        )
        for establishment in establishments:
            self.campaign_establishment(campaign, establishment)
        return campaign

    def campaign_establishment(
        self, campaign: Campaign, establishment: Establishment, **fields
    ) -> CampaignEstablishment:
        return self._save(
            CampaignEstablishment(
                campaign=campaign,
                establishment=establishment,
                token=secrets.token_urlsafe(24),
                short_code=f"T{next(_counter):07d}",
                **fields,
            )
        )

    def response(
        self,
        campaign: Campaign,
        establishment: Establishment,
        values: dict[str, int | None],
        category: str = "enseignant",
        submitted_on: date | None = None,
    ) -> Response:
        """Store one response; `values` maps question keys to values."""
        return self.responses(campaign, establishment, [values], category, submitted_on)[0]

    def responses(
        self,
        campaign: Campaign,
        establishment: Establishment,
        many: list[dict[str, int | None]],
        category: str = "enseignant",
        submitted_on: date | None = None,
    ) -> list[Response]:
        """Store one response for each mapping of `many`, in one flush (a flush a response was most of a world's
        making)."""
        ids = question_ids(campaign.survey.slug)
        made = []
        for values in many:
            response = Response(
                campaign=campaign,
                establishment=establishment,
                category=category,
                survey_slug=campaign.survey.slug,
                survey_version=campaign.survey.version,
                submitted_on=submitted_on or date(2025, 11, 1),
                submission_key=secrets.token_hex(16),
            )
            response.answers = [Answer(question_id=ids[key], value=value) for key, value in values.items()]
            made.append(response)
        self.db.session.add_all(made)
        self.db.session.flush()
        return made

    def user(
        self,
        role: str | Role = "admin",
        scope=None,
        email: str | None = None,
        password: str | None = None,
        active: bool = True,
    ) -> User:
        from app.services.accounts.passwords import hash_password

        user = User(
            email=email or f"user{next(_counter)}@ac-test.fr",
            role=Role(role),
            active=active,
            password_hash=hash_password(password) if password else None,
        )
        targets = scope if isinstance(scope, (list, tuple)) else ([scope] if scope is not None else [])
        for target in targets:
            user.scopes.append(scope_row(target))
        return self._save(user)
