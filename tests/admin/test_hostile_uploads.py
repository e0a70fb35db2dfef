"""The directory upload (/admin/etablissements/import) fed hostile files: the form comes back with a French message
and a 422, a file past the size limit gets the French 413 page (read by the browser, not a reset connection), names
are shown escaped and exported neutralised, and what was already stored is left exactly as it was."""

from __future__ import annotations

import csv
import html
import http.client
import io
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AccessMode, Establishment
from app.services.territory.uai import make_uai
from bench.server import deployed_gunicorn
from tests.hostile_files import FORMULAS, REFUSED, SCRIPT, csv_bytes, rename, spreadsheet_csv


def _stored() -> list[tuple]:
    """Every stored establishment, every column."""
    db.session.rollback()
    db.session.expire_all()
    table = Establishment.__table__
    return [tuple(row) for row in db.session.execute(select(table).order_by(table.c.id))]


@pytest.fixture
def signed_in(login):
    """Sign in, and commit: a refused import rolls the session back, which must not take the account with it."""

    def _signed_in(role: str = "admin", scope=None):
        user = login(role, scope)
        db.session.commit()
        return user

    return _signed_in


def _upload(client, data: bytes, filename: str = "annuaire.csv", **fields):
    return client.post(
        "/admin/etablissements/import",
        data={"file": (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data",
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def _file_errors(response) -> list[str]:
    """The messages shown under the file field."""
    page = response.get_data(as_text=True)
    return [html.unescape(m) for m in re.findall(r'<p class="field-error" id="file-error">(.*?)</p>', page, re.S)]


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_file_comes_back_with_its_reason_and_changes_nothing(client, signed_in, world, name):
    build, message = REFUSED[name]
    signed_in()
    before = _stored()
    response = _upload(client, build(world.establishment.uai), network=world.network.id)
    assert response.status_code == 422
    assert any(message in error for error in _file_errors(response)), _file_errors(response)
    assert "Importer" in _text(response)  # the form itself, ready for another file
    assert _stored() == before


@pytest.mark.parametrize(
    "data",
    [
        {},  # no file at all
        {"file": "Identifiant_de_l_etablissement;Nom_etablissement\n"},  # text where a file is expected
        {"file": (io.BytesIO(b""), "")},  # the browser's empty file input
    ],
)
def test_a_missing_file_is_asked_for(client, signed_in, world, data):
    signed_in()
    before = _stored()
    response = client.post("/admin/etablissements/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert _file_errors(response) == ["Choisissez un fichier."]
    assert _stored() == before


def test_garbage_in_the_other_fields_is_refused_in_french(client, signed_in, world):
    signed_in("coordinator", world.network)
    before = _stored()
    response = _upload(client, csv_bytes(rename(world.establishment.uai)), network="9" * 30, pole="<b>x</b>")
    assert response.status_code == 422
    assert _text(response).count("Choix non valide") == 2
    assert "<b>x</b>" not in response.get_data(as_text=True)
    assert _stored() == before


def test_bad_rows_are_listed_and_the_stored_ones_untouched(client, signed_in, world):
    signed_in()
    before = _stored()
    response = _upload(
        client,
        csv_bytes(
            f"{make_uai(7001)};Collège Nouveau;Collège;Aix",
            f"{make_uai(7001)};Collège Nouveau bis;Collège;Aix",
            f"{world.establishment.uai};{'N' * 201};Lycée;Nice",
            f"{make_uai(7002)};{SCRIPT};{'T' * 61};Aix",
            f"{SCRIPT};Collège;Collège;Aix",
            header="Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune;Reseau",
        )
        .replace(b";Aix\n", b";Aix;\n")
        .replace(b";Nice\n", b";Nice;\n"),
        network=world.network.id,
    )
    assert response.status_code == 200
    page = _text(response)
    for reason in (
        "UAI en double dans le fichier (déjà ligne 2)",
        "nom trop long (200 caractères au plus)",
        "valeur trop longue dans la colonne type_etablissement (60 caractères au plus)",
        "UAI invalide : 7 chiffres et une lettre attendus",
    ):
        assert reason in page, reason
    assert SCRIPT not in response.get_data(as_text=True)  # the bad UAI, shown escaped
    after = _stored()
    assert after[: len(before)] == before
    assert [row[1] for row in after[len(before) :]] == [make_uai(7001)]


def test_an_unknown_network_named_with_html_is_reported_escaped(client, signed_in, world):
    signed_in()
    data = (f"Identifiant_de_l_etablissement;Nom_etablissement;Reseau\n{make_uai(7003)};Collège;{SCRIPT}\n").encode()
    response = _upload(client, data, filename=f"../../etc/passwd{SCRIPT}.csv")
    assert response.status_code == 200
    assert f"réseau inconnu « {SCRIPT} »" in _text(response)
    assert SCRIPT not in response.get_data(as_text=True)


def test_html_names_are_stored_as_text_and_shown_escaped(client, signed_in, world):
    signed_in()
    response = _upload(
        client,
        spreadsheet_csv([[make_uai(7004), SCRIPT, "Collège", "Aix"]]),
        network=world.network.id,
        pole=world.pole.id,
    )
    assert response.status_code == 200
    stored = db.session.scalar(select(Establishment).filter_by(uai=make_uai(7004)))
    assert stored.name == SCRIPT
    for path in (
        "/admin/etablissements",
        f"/admin/etablissements?q={make_uai(7004)}",
        f"/admin/etablissements/{stored.id}",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(" in page, path
        assert "<script>alert(" not in page, path


def test_formula_names_are_stored_as_text_and_neutralised_in_every_csv(client, signed_in, make, world):
    signed_in()
    rows = [[make_uai(7100 + n), name, "Collège", "Aix"] for n, name in enumerate(FORMULAS)]
    response = _upload(client, spreadsheet_csv(rows), network=world.network.id, pole=world.pole.id)
    assert response.status_code == 200
    uais = [row[0] for row in rows]
    stored = {e.uai: e for e in db.session.scalars(select(Establishment).where(Establishment.uai.in_(uais)))}
    assert [stored[row[0]].name for row in rows] == FORMULAS  # exactly as typed, as text
    campaign = make.campaign(network=world.network, establishments=list(stored.values()), access_mode=AccessMode.CODES)
    db.session.commit()
    client.post(f"/admin/campagnes/{campaign.id}/codes", data={"establishment": stored[rows[0][0]].id, "count": 1})
    for path in (
        f"/admin/campagnes/{campaign.id}/liens.csv",
        f"/admin/campagnes/{campaign.id}/codes.csv",
        f"/reseau/{world.network.id}/export/etablissements.csv?campagne={campaign.id}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        cells = {
            cell
            for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
            for cell in row
        }
        shown = [name for name in FORMULAS if "'" + name in cells]
        assert shown, path  # the file lists them…
        assert not cells & set(FORMULAS), path  # …each behind an apostrophe: a spreadsheet shows it, runs nothing


def test_an_upload_past_the_limit_gets_the_french_413_page_through_gunicorn(app, database_url, world, tmp_path):
    """Served for real: the app must read what the browser is still sending, or the browser sees a reset."""
    before = _stored()
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "WEB_CONCURRENCY": "1"}
    with deployed_gunicorn(env, tmp_path / "gunicorn.log") as port:
        boundary = "boussole"
        rows = "".join(f"{make_uai(300_000 + n)};Collège {n};Collège;Aix\n" for n in range(150_000))
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="annuaire.csv"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + csv_bytes(rename(world.establishment.uai))
            + rows.encode()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        assert len(body) > app.config["MAX_CONTENT_LENGTH"]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            "/admin/etablissements/import",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        response = connection.getresponse()  # a reset connection raises here
        page = html.unescape(response.read().decode())
        connection.close()
    assert response.status == 413
    assert "Fichier trop volumineux" in page and "5 Mo au plus pour un fichier" in page and 'lang="fr"' in page
    assert _stored() == before
