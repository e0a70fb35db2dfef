"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import sys

from app import create_app
from app.config import ConfigError
from app.web.warm_up import warm_up

try:
    app = create_app()
except ConfigError as error:  # a wrong setting: say which, in French, without a Python traceback
    sys.exit(f"Boussole ne démarre pas : {error}")
warm_up(app)  # in gunicorn's master, before it forks its workers (preload_app, gunicorn.conf.py)
