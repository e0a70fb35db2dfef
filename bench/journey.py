"""A respondent's journey over HTTP, as a browser without JavaScript would make it."""

from __future__ import annotations

import random
import re

from bench.http import Browser, csrf_token, location_path

SUBMISSION_KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


def prepare(port: int, token: str, sections: list[tuple[str, list[tuple[str, list[int]]]]], seed: int) -> dict:
    """Answer every page up to the review; return what the final submit needs (cookies, token, key)."""
    rng = random.Random(seed)
    browser = Browser("127.0.0.1", port)
    landing = browser.get(f"/q/{token}")
    csrf = csrf_token(landing.text)
    reply = browser.post(f"/q/{token}/commencer", {"csrf_token": csrf})
    category = location_path(reply)
    browser.post(category, {"csrf_token": csrf, "category": "enseignant"})
    for section_id, questions in sections:
        form = {"csrf_token": csrf, "action": "suivant"}
        form.update({f"q-{key}": str(rng.choice(values)) for key, values in questions})
        reply = browser.post(f"/q/{token}/etape/{section_id}", form)
        if reply.status != 303:
            raise RuntimeError(f"section {section_id}: {reply.status}")
    review = browser.get(f"/q/{token}/relecture")
    key = SUBMISSION_KEY.search(review.text)
    browser.close()
    return {"cookies": browser.cookies, "token": token, "csrf": csrf, "key": key.group(1) if key else "", "port": port}


def submit(prepared: dict) -> int:
    """Send the final submit of a prepared journey; return the HTTP status."""
    browser = Browser("127.0.0.1", prepared["port"], cookies=dict(prepared["cookies"]))
    reply = browser.post(
        f"/q/{prepared['token']}/envoyer", {"csrf_token": prepared["csrf"], "submission_key": prepared["key"]}
    )
    browser.close()
    return reply.status


def walk(port: int, token: str, sections: list[tuple[str, list[tuple[str, list[int]]]]], seed: int) -> int:
    """Walk the whole journey as a respondent does, every page GET then POST; return the final submit's status."""
    rng = random.Random(seed)
    browser = Browser("127.0.0.1", port)
    try:
        landing = browser.get(f"/q/{token}")
        csrf = csrf_token(landing.text)
        category = location_path(browser.post(f"/q/{token}/commencer", {"csrf_token": csrf}))
        browser.get(category)
        browser.post(category, {"csrf_token": csrf, "category": "enseignant"})
        for section_id, questions in sections:
            page = f"/q/{token}/etape/{section_id}"
            if browser.get(page).status != 200:
                return 0
            form = {"csrf_token": csrf, "action": "suivant"}
            form.update({f"q-{key}": str(rng.choice(values)) for key, values in questions})
            if browser.post(page, form).status != 303:
                return 0
        key = SUBMISSION_KEY.search(browser.get(f"/q/{token}/relecture").text)
        reply = browser.post(f"/q/{token}/envoyer", {"csrf_token": csrf, "submission_key": key.group(1) if key else ""})
        return reply.status
    except OSError:
        return 0
    finally:
        browser.close()
