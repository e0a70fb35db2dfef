"""Time the annual review of a network as a PDF (WeasyPrint), on the demo data: cold, then with campaigns cached.

    python bench/review.py [--repeat 3]

Builds the demo in a temporary SQLite file, then asks for `/reseau/<id>/bilan.pdf` as the demo's coordinator, for
the whole network and for each pole, and prints each time. No target: a figure to watch (docs/dashboards.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.dataset import _flask  # noqa: E402

COORDINATOR = "coordination@demo.boussole.fr"


def _pages(body: bytes) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    out = subprocess.run(["pdfinfo", "-"], input=body, capture_output=True, check=False).stdout.decode()
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'review.sqlite'}"
        for command in (["db", "upgrade"], ["surveys", "load"], ["demo"]):
            _flask(url, *command)
        os.environ.update(DATABASE_URL=url, SECRET_KEY=os.environ.get("SECRET_KEY", "bench"))
        from sqlalchemy import select

        from app import create_app
        from app.extensions import db
        from app.models import Network, User

        app = create_app()
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == COORDINATOR))
            network = db.session.scalar(select(Network).order_by(Network.id))
            assert user is not None and network is not None
            client = app.test_client()
            with app.test_request_context(environ_base=client.environ_base):
                identifier = app.login_manager._session_identifier_generator()
            with client.session_transaction() as session:
                session.update(_user_id=user.get_id(), _fresh=True, _id=identifier)
            targets = [("réseau", "")] + [(f"pôle {p.name}", f"?pole={p.id}") for p in network.poles]
            for name, query in targets:
                times, pages = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    response = client.get(f"/reseau/{network.id}/bilan.pdf{query}")
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200, response.status_code
                    pages = _pages(response.get_data())
                print(
                    f"bilan annuel, {name}: first {times[0]:.2f} s, median {statistics.median(times):.2f} s "
                    f"({len(response.get_data()) // 1024} Kio, {pages} pages)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
