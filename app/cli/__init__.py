"""Command-line groups: `flask --app wsgi <group> <command>`."""
from flask import Flask


def register(app: Flask) -> None:
    from app.cli.surveys import surveys_cli

    for group in (surveys_cli,):
        app.cli.add_command(group)
    _register_optional(app)


def _register_optional(app: Flask) -> None:
    """Register the groups that exist; each lives in its own module."""
    import importlib

    for module, name in (("establishments", "establishments_cli"), ("demo", "demo_cli"),
                         ("campaigns", "campaigns_cli"), ("users", "users_cli"), ("backup", "backup_cli"),
                         ("maintenance", "maintenance_cli")):
        try:
            mod = importlib.import_module(f"app.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.cli.{module}":
                raise
            continue
        commands = getattr(mod, name)
        for command in commands if isinstance(commands, (list, tuple)) else (commands,):
            app.cli.add_command(command)
