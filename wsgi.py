"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from app import create_app
from app.web.warm_up import warm_up

app = create_app()
warm_up(app)  # in gunicorn's master, before it forks its workers (preload_app, gunicorn.conf.py)
