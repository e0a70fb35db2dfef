"""What a phone sees of the dashboards: Lighthouse (mobile preset) performance and accessibility, and axe-core.

Both tools come from bench/package.json (`npm ci --prefix bench`, i.e. `make bench-frontend-deps`) and drive
Debian's chromium; a reader's session cookie is passed to each so that it sees the page a signed-in reader sees.

    python bench/frontend.py http://127.0.0.1:5077 session=… /reseau/1 /etablissement/0130242T
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
AXE = BENCH / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
PERFORMANCE, ACCESSIBILITY = 0.90, 1.0


def lighthouse_scores(url: str, cookies: dict[str, str]) -> dict[str, float | None]:
    """Return the mobile performance and accessibility scores of one page (0 to 1), and its blocking time in ms."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as out:
        report = Path(out) / "report.json"
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        command = [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance,accessibility",
            "--form-factor=mobile",  # the default preset, said aloud: a mid-range phone on a slow 4G link
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--quiet",
        ]
        env = dict(os.environ, CHROME_PATH=CHROMIUM)
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    if urlsplit(data.get("finalDisplayedUrl", url)).path != urlsplit(url).path:
        raise RuntimeError(f"{url}: Lighthouse landed on {data.get('finalDisplayedUrl')} (not signed in?)")
    categories, audits = data["categories"], data["audits"]
    return {
        "performance": categories["performance"]["score"],
        "accessibility": categories["accessibility"]["score"],
        "tbt": audits["total-blocking-time"].get("numericValue"),
        "lcp": audits["largest-contentful-paint"].get("numericValue"),
        "failed": [  # type: ignore[dict-item]
            key
            for ref in categories["accessibility"]["auditRefs"]
            if (audit := audits[key := ref["id"]]).get("score") is not None and audit["score"] < 1
        ],
    }


def axe_violations(base_url: str, cookies: dict[str, str], path: str, width: int = 390) -> list[dict]:
    """Return axe-core's violations on one page, read at a phone's width after scrolling every chart into view."""
    from playwright.sync_api import sync_playwright

    host = urlsplit(base_url).hostname
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        # axe-core goes in as an inline script, which the app's CSP rightly refuses
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
        context.add_cookies([{"name": k, "value": v, "domain": host, "path": "/"} for k, v in cookies.items()])
        page = context.new_page()
        page.goto(base_url + path)
        scroll_through(page)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run()")
        browser.close()
    return list(result["violations"])


def scroll_through(page) -> None:
    """Scroll to the bottom by screenfuls, so that every lazily drawn chart is drawn, then wait for plotly."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y); await new Promise(r => setTimeout(r, 150));
          }
        }"""
    )
    if page.locator("[data-chart]").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(c => "
            "c.querySelector('.plotly, .chart-image') || c.classList.contains('chart-failed'))",
            timeout=20_000,
        )


def frontend_rows(
    base_url: str, cookies: dict[str, str], paths: list[tuple[str, str]]
) -> list[tuple[str, str, str, bool]]:
    """Rows (figure, measured, target, met) for each (name, path): Lighthouse mobile scores, then axe-core's count."""
    if not LIGHTHOUSE.exists() or not AXE.exists():
        return [("front-end (Lighthouse, axe-core)", "not measured: run make bench-frontend-deps", "", False)]
    rows = []
    for name, path in paths:
        scores = lighthouse_scores(base_url + path, cookies)
        performance, accessibility = scores["performance"] or 0, scores["accessibility"] or 0
        rows.append(
            (
                f"{name}: Lighthouse mobile performance",
                f"{performance:.2f} (TBT {scores['tbt']:.0f} ms, LCP {scores['lcp'] / 1000:.1f} s)",
                f"≥ {PERFORMANCE:.2f}",
                performance >= PERFORMANCE,
            )
        )
        failed = f" ({', '.join(scores['failed'])})" if scores["failed"] else ""
        rows.append(
            (
                f"{name}: Lighthouse mobile accessibility",
                f"{accessibility:.2f}{failed}",
                f"{ACCESSIBILITY:.1f}",
                accessibility >= ACCESSIBILITY,
            )
        )
        violations = axe_violations(base_url, cookies, path)
        ids = f" ({', '.join(v['id'] for v in violations)})" if violations else ""
        rows.append((f"{name}: axe-core violations", f"{len(violations)}{ids}", "0", not violations))
    return rows


def main(argv: list[str]) -> int:
    base_url, cookie, *paths = argv
    name, _, value = cookie.partition("=")
    rows = frontend_rows(base_url.rstrip("/"), {name: value}, [(path, path) for path in paths])
    for row in rows:
        print(" | ".join(str(cell) for cell in row), flush=True)
    return 0 if all(row[-1] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
