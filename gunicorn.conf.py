"""Gunicorn in production: `gunicorn -c gunicorn.conf.py wsgi:app` behind a reverse proxy with TLS.

Every value can come from the environment. The access log holds no client address, no query string, no referer
and no user agent; the path of respondent links is masked by app/logging_setup.py (see docs/privacy.md).
"""

import gc
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app.logging_setup import install_log_scrubber

# Scrub records in the master too; the workers it forks inherit it.
install_log_scrubber()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # only the reverse proxy talks to gunicorn
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * multiprocessing.cpu_count() + 1, 8))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never takes the service down during a campaign.
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from the reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Load the app once in the master (pandas, plotly, the instruments' registry), then fork: a worker answers its first
# request without that work, and the workers share those pages of memory. Nothing in create_app() opens a database
# or Redis connection (tests/deployment/test_preload.py checks it); `post_fork` drops any pooled one all the same.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Time, method, path without query (%(U)s), protocol, status, size, duration. Never %(h)s, %(r)s, %(q)s, %(a)s, %(f)s.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def pre_fork(server, worker):
    """Move what the master loaded out of the garbage collector's reach before forking (`gc.freeze`).

    A worker's first collections otherwise walk every object it inherited, writing to each one's page: the copies
    of ~150 MB of shared pages made a fresh worker's first dashboard take 170-300 ms instead of 40 (SQLite, académie
    scale, bench/run.py), and undid the memory the workers share.
    """
    gc.freeze()


def post_fork(server, worker):
    """Give each worker a pool of its own (a connection inherited from the master must never be shared), then
    build two dashboards before answering anyone, keeping nothing of them (app/web/warm_dashboards.py)."""
    from app.extensions import db
    from app.web.warm_dashboards import warm_dashboards
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)  # close=False: the master's sockets stay the master's
    if os.environ.get("GUNICORN_WARM_UP", "1") != "0":
        warm_dashboards(app)
