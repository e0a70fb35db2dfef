"""Boussole: a territoire apprenant measures its own maturity and follows it year after year."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app.config import Config, check_secret_key, check_sign_in
from app.logging_setup import configure_logging


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; tests pass `test_config` to override settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    check_secret_key(app.config, app.debug)
    check_sign_in(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    configure_logging(app)

    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    register_template_helpers(app)
    register_static_files(app)

    from app.surveys.registry import init_registry

    init_registry(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (models must be imported for migrations and create_all)
    from app.auth.provider import init_provider
    from app.db_setup import adapt_engine_options, configure_engine
    from app.extensions import babel, compress, csrf, db, limiter, login_manager, mail, migrate
    from app.web.campaign_clock import init_campaign_clock
    from app.web.mail_after_response import init_mail_after_response
    from app.web.security import init_security
    from app.web.sessions import init_sessions
    from app.web.stored_results import init_stored_results
    from app.web.wtforms_i18n import init_wtforms_i18n

    compress.init_app(app)  # views opt in (`@compress.compressed()`): app/config.py says which and why
    adapt_engine_options(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    init_sessions(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "fr")
    init_wtforms_i18n(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    init_security(app)
    init_provider(app)
    init_campaign_clock(app)
    mail.init_app(app)
    init_mail_after_response(app)
    init_stored_results(app)

    with app.app_context():
        configure_engine(db.engine)


def register_converters(app: Flask) -> None:
    from app.web.converters import register

    register(app)


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.establishment import bp as establishment_bp
    from app.main import bp as main_bp
    from app.network import bp as network_bp
    from app.respondent import bp as respondent_bp
    from app.steering import bp as steering_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(respondent_bp, url_prefix="/q")
    app.register_blueprint(auth_bp, url_prefix="/compte")
    app.register_blueprint(establishment_bp, url_prefix="/etablissement")
    app.register_blueprint(network_bp, url_prefix="/reseau")
    app.register_blueprint(steering_bp, url_prefix="/academie")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    from app.web.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.web import templating

    templating.register(app)


def register_static_files(app: Flask) -> None:
    from app.web.assets import init_static_files

    init_static_files(app)
