"""The plotly.js the dashboards serve is the one the Python plotly package writes its figures for.

plotly.py serializes figures (`fig.to_json()`) for one plotly.js version; the app serves its own build of plotly.js
(assets/, committed to app/static/vendor/). When they drift, rebuild the bundle as assets/README.md says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "app" / "static" / "vendor" / "plotly-boussole.min.js"
ASSETS = ROOT / "assets"
# plotly.js's src/version.js once minified: `xy.version="3.7.0"` in its own strict module (d3 v3, bundled too,
# writes `version:"3.8.2"` as an object key, which this leaves out).
VERSION_MODULE = re.compile(r'"use strict";\s*\w+\.version\s*=\s*"(\d+\.\d+\.\d+)"')


def bundle_version() -> str:
    """Read the plotly.js version built into the served bundle."""
    found: set[str] = set(VERSION_MODULE.findall(BUNDLE.read_text(encoding="utf-8")))
    assert len(found) == 1, f"one plotly.js version expected in {BUNDLE.name}, found {sorted(found)}"
    return found.pop()


def test_the_served_bundle_is_the_plotly_js_the_python_package_targets():
    assert bundle_version() == get_plotlyjs_version(), "rebuild the bundle: see assets/README.md"


def test_the_bundle_build_pins_the_same_plotly_js():
    package = json.loads((ASSETS / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ASSETS / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["plotly.js"] == bundle_version()
    assert lock["packages"]["node_modules/plotly.js"]["version"] == bundle_version()
