"""Command-line groups: `flask --app wsgi <group> <command>`."""

from flask import Flask


def register(app: Flask) -> None:
    from app.cli.backup import backup_cli
    from app.cli.campaigns import campaigns_cli
    from app.cli.demo import demo_cli
    from app.cli.establishments import establishments_cli
    from app.cli.mail import mail_cli
    from app.cli.maintenance import maintenance_cli
    from app.cli.surveys import surveys_cli
    from app.cli.users import users_cli

    for commands in (
        surveys_cli,
        establishments_cli,
        demo_cli,
        campaigns_cli,
        users_cli,
        backup_cli,
        maintenance_cli,
        mail_cli,
    ):
        for command in commands if isinstance(commands, (list, tuple)) else (commands,):
            app.cli.add_command(command)
