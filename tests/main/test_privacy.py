"""The privacy page says what the code does, with the configured figures."""

from __future__ import annotations


def test_privacy_page_states_retention_threshold_and_what_is_not_recorded(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_RETENTION_DAYS", 45)
    monkeypatch.setitem(app.config, "BOUSSOLE_MIN_GROUP_SIZE", 7)
    response = client.get("/confidentialite")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "45 jours après la date de clôture" in page
    assert "moins de 7 réponses" in page
    assert "aucune adresse IP" in page
    assert "délégué à la protection des données" in page
