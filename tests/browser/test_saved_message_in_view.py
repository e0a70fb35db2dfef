"""A saved form's confirmation shows where the page lands (`#niveaux`, `#participation`), not off-screen at the top."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.dashboards import small_network

pytestmark = pytest.mark.browser

PASSWORD = "mot-de-passe-de-test-assez-long"
IN_VIEW = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"


def _head_signed_in(new_page, live_server, live_make, width: int):
    world = small_network(live_make)
    a3 = world["est"][2]
    live_make.user("head", a3, email="direction@ac-test.fr", password=PASSWORD)
    live_make.db.session.commit()
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill("direction@ac-test.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#submit").click()
    page.wait_for_url(lambda url: "/connexion" not in url)
    page.goto(live_server.url(f"/etablissement/{a3.uai}?campagne={world['now'].id}"))
    return page


@pytest.mark.parametrize("width", [390, 1366])
def test_the_agreed_levels_confirmation_is_in_view(new_page, live_server, live_make, width):
    page = _head_signed_in(new_page, live_server, live_make, width)
    page.locator("details.agreed-form summary").click()
    page.locator("select[name=level_0]").select_option("3")
    page.locator("details.agreed-form [type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("#niveaux"))
    notice = page.locator("#niveaux [role=status]")
    expect(notice).to_contain_text("Niveaux convenus enregistrés (1 modification(s))")
    assert notice.evaluate(IN_VIEW), f"the confirmation is off-screen at {width} px"
    assert page.locator(".flashes").count() == 1  # said once: the top of the page does not repeat it


@pytest.mark.parametrize("width", [390, 1366])
def test_the_staff_confirmation_and_its_error_stay_beside_the_form(new_page, live_server, live_make, width):
    page = _head_signed_in(new_page, live_server, live_make, width)
    field = page.locator("#participation input[type=number]").first
    field.fill("0")
    field.evaluate("el => el.removeAttribute('min')")  # let the server judge it, as an old browser would
    page.locator("#participation [type=submit]").first.click()
    error = page.locator("#participation [role=alert]")
    expect(error).to_contain_text("L'effectif n'a pas été enregistré")
    assert error.evaluate(IN_VIEW), f"the error is off-screen at {width} px"
    field = page.locator("#participation input[type=number]").first
    field.fill("40")
    page.locator("#participation [type=submit]").first.click()
    page.wait_for_url(lambda url: url.endswith("#participation"))
    notice = page.locator("#participation [role=status]")
    expect(notice).to_contain_text("Effectif enregistré : 40 personnels")
    assert notice.evaluate(IN_VIEW), f"the confirmation is off-screen at {width} px"
