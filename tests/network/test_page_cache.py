"""A closed campaign's network dashboard is rendered once per reader's scope and filters, and again when it changed."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.models import CampaignStatus, RenderedFragment
from app.services.dashboards import network as network_dashboard
from app.services.dashboards import network_cache
from app.web import fragment_cache
from tests.dashboards import answer, small_network


@pytest.fixture
def fills(monkeypatch):
    """Count the costly builds of the network dashboard."""
    calls = []
    original = network_dashboard.fill
    monkeypatch.setattr(
        network_dashboard, "fill", lambda session, dash: calls.append(dash.filters) or original(session, dash)
    )
    return calls


def test_closed_campaigns_are_rendered_once(client, make, login, fills):
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    first, again = client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)
    assert len(fills) == 1
    assert first == again and "Collège Grand" in again
    client.get(url + "?tri=name")  # another order: another page
    assert len(fills) == 2


def test_a_late_response_or_a_renamed_pole_shows_at_once(client, make, login, fills, db):
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    client.get(url)
    answer(make, world["now"], world["est"][0], [5])  # a late import into the closed campaign
    client.get(url)
    world["poles"][1].name = "Pertuis-Durance"
    db.session.commit()
    assert "Pertuis-Durance" in client.get(url).get_data(as_text=True)
    assert len(fills) == 3


def test_open_campaigns_are_never_cached(client, make, login, fills):
    world = small_network(make)
    current = make.campaign(
        network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN, establishments=list(world["est"])
    )
    answer(make, current, world["est"][2], [3] * 6)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}?campagne={current.id}"
    client.get(url), client.get(url)
    assert len(fills) == 2


def test_a_pole_pilot_never_gets_the_page_cached_for_the_whole_network(client, make, login, fills):
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    assert "Collège Pertuis" in client.get(url).get_data(as_text=True)
    login("pilot", world["poles"][0])
    html = client.get(url).get_data(as_text=True)
    assert "Collège Grand" in html and "Collège Pertuis" not in html
    assert len(fills) == 2


def test_a_page_whose_data_changed_while_it_was_built_is_not_kept(client, make, login, monkeypatch):
    world = small_network(make)
    login("coordinator", world["network"])
    state, builds = {"moved": False}, []
    original_key, original_fill = network_cache.content_key, network_dashboard.fill

    def fill(session, dash):  # an establishment moves while the first page is being built
        builds.append(1)
        state["moved"] = len(builds) == 1
        return original_fill(session, dash)

    monkeypatch.setattr(network_dashboard, "fill", fill)
    monkeypatch.setattr(network_cache, "content_key", lambda s, d: (*original_key(s, d), state["moved"]))
    url = f"/reseau/{world['network'].id}"
    client.get(url)
    state["moved"] = False  # and moves back: the key is the first one again
    client.get(url)
    assert len(builds) == 2  # the first page, built across the change, was not kept under that key


def test_invented_orders_and_types_are_answered_but_never_kept(client, make, login, fills):
    """Otherwise any reader could fill a worker's cache with pages nobody will ask for again."""
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    for query in ("?tri=n%27importe-quoi", "?tri=n%27importe-quoi", "?type=Inconnu", "?type=Inconnu"):
        assert client.get(url + query).status_code == 200
    assert len(fills) == 4
    client.get(url + "?tri=collectif__change"), client.get(url + "?tri=collectif__change&type=Collège")
    client.get(url + "?tri=collectif__change"), client.get(url + "?tri=collectif__change&type=Collège")
    assert len(fills) == 6  # real orders and types are kept


def test_another_worker_or_a_restart_reads_what_one_rendered(client, make, login, fills, db):
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    first = client.get(url).get_data(as_text=True)
    fragment_cache.clear()  # another worker, another machine, or this one restarted: its memory is empty
    again = client.get(url).get_data(as_text=True)
    assert len(fills) == 1 and again == first
    assert db.session.scalar(select(func.count()).select_from(RenderedFragment)) == 1


def test_an_upgrade_renders_again_what_the_old_code_stored(client, make, login, fills, monkeypatch):
    world = small_network(make)
    login("coordinator", world["network"])
    url = f"/reseau/{world['network'].id}"
    client.get(url)
    fragment_cache.clear()  # the new code starts on the same database
    monkeypatch.setattr(fragment_cache, "code_version", lambda: "a new template")
    client.get(url)
    assert len(fills) == 2


def test_fragments_unused_for_a_month_are_forgotten(db):
    now = utcnow()
    db.session.add_all(
        [
            RenderedFragment(key="a" * 64, html="old", extra=[], created_at=now - timedelta(days=31)),
            RenderedFragment(key="b" * 64, html="recent", extra=[], created_at=now - timedelta(days=2)),
        ]
    )
    db.session.commit()
    assert fragment_cache.forget_unused(now) == 1
    assert db.session.scalars(select(RenderedFragment.html)).all() == ["recent"]


KEY_SCRIPT = """
import sys
from app import create_app
from app.extensions import db
from app.models import Network
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.network_cache import content_key
from app.web.fragment_cache import _name

app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "x", "RATELIMIT_ENABLED": False})
with app.app_context():
    network = db.session.get(Network, int(sys.argv[2]))
    poles = sorted(p.id for p in network.poles)
    dash = network_dashboard.prepare(db.session, network, True, poles, network_dashboard.Filters(), 5)
    print(_name(content_key(db.session, dash)))
    db.session.remove()
    db.engine.dispose()
"""


def test_every_process_names_a_page_alike(make, db, app):
    """Another worker, or the same after a restart, finds what one stored: the key's name owes nothing to hash()."""
    world = small_network(make)
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    names = {
        subprocess.run(
            [sys.executable, "-c", KEY_SCRIPT, url, str(world["network"].id)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(names) == 1 and len(names.pop()) == 64
