"""gunicorn preloads the app (gunicorn.conf.py): importing it must do the heavy work and open no connection."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from sqlalchemy import event
from sqlalchemy.pool import Pool
opened = []
event.listen(Pool, "connect", lambda *args: opened.append(args))
import socket
real_connect = socket.socket.connect
sockets = []
socket.socket.connect = lambda self, address: (sockets.append(address), real_connect(self, address))[1]
import wsgi
print(len(opened), len(sockets), "pandas" in sys.modules, "plotly.io" in sys.modules,
      len(list(wsgi.app.extensions["surveys"])) > 0)
"""


def test_importing_the_app_loads_the_heavy_parts_and_opens_no_connection(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "preload",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite'}",
        "SESSION_REDIS_URL": "redis://127.0.0.1:6379/5",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/5",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["0", "0", "True", "True", "True"], out


FREEZE_PROBE = """
import gc, runpy
config = runpy.run_path("gunicorn.conf.py")
before = gc.get_freeze_count()
config["pre_fork"](None, None)
print(before, gc.get_freeze_count() > before + 10000)
"""


def test_the_master_freezes_what_it_loaded_before_forking(tmp_path):
    """A worker's garbage collector must not walk (and copy) every page it shares with the master."""
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "preload", "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite'}"}
    out = subprocess.run(
        [sys.executable, "-c", "import wsgi\n" + FREEZE_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["0", "True"], out
