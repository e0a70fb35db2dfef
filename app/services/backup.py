"""Back up and restore the whole database: SQLite through its online backup API, PostgreSQL through pg_dump."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3

# Only pg_dump/pg_restore, found by absolute path and run without a shell (SECURITY-CHECKS.md).
import subprocess  # nosec B404
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, text
from sqlalchemy.engine import Connection, Engine

# A Boussole backup holds Alembic's bookkeeping and at least these tables; anything else is refused.
REQUIRED_TABLES = frozenset({"alembic_version", "campaign", "establishment", "response", "answer"})


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in French, and nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup file holds."""

    dialect: str
    revision: str


def backup_database(engine: Engine, destination: Path) -> BackupInfo:
    """Write a consistent copy of the live database to `destination`, replacing it only once complete."""
    destination = Path(destination)
    if not destination.parent.is_dir():
        raise BackupError(f"Le dossier {destination.parent} n'existe pas.")
    if engine.dialect.name == "sqlite":
        return _sqlite_backup(_sqlite_path(engine), destination)
    if engine.dialect.name == "postgresql":
        return _pg_backup(engine, destination)
    raise BackupError(f"Sauvegarde non prise en charge pour la base « {engine.dialect.name} ».")


def check_backup(engine: Engine, source: Path) -> BackupInfo:
    """Check that `source` is a readable Boussole backup for this kind of database, without changing anything."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} : fichier introuvable.")
    if engine.dialect.name == "sqlite":
        return _sqlite_check(source)
    if engine.dialect.name == "postgresql":
        return _pg_check(source)
    raise BackupError(f"Restauration non prise en charge pour la base « {engine.dialect.name} ».")


def restore_database(engine: Engine, source: Path) -> BackupInfo:
    """Replace the whole database with the backup `source`, in one transaction: all of it or nothing."""
    info = check_backup(engine, source)
    engine.dispose()  # pooled connections would keep locks and stale schema caches
    if engine.dialect.name == "sqlite":
        _sqlite_restore(Path(source), _sqlite_path(engine))
    else:
        _pg_restore(engine, Path(source))
    engine.dispose()
    return info


# --- SQLite -------------------------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupError("La base SQLite est en mémoire : il n'y a rien à sauvegarder ni à restaurer.")
    return Path(database).resolve()


def _sqlite_backup(database: Path, destination: Path) -> BackupInfo:
    if destination.resolve() == database:
        raise BackupError("La sauvegarde ne peut pas remplacer la base elle-même : choisissez un autre fichier.")
    if not database.is_file():
        raise BackupError(f"Base SQLite introuvable : {database}.")
    handle, partial = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent)
    os.close(handle)
    try:
        source = sqlite3.connect(database, timeout=30)
        target = sqlite3.connect(partial)
        try:
            # Readers never block writers in WAL mode: the app keeps serving during the copy.
            source.backup(target)
            # A backup is one self-contained file, without -wal/-shm companions.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        info = _sqlite_check(Path(partial), allow_unversioned=True)
        os.replace(partial, destination)
    except sqlite3.Error as exc:
        raise BackupError(f"Sauvegarde SQLite impossible : {exc}.") from exc
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return info


def _sqlite_check(source: Path, allow_unversioned: bool = False) -> BackupInfo:
    try:
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = ""
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else ""
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source} n'est pas une base SQLite lisible ({exc}).") from exc
    if not verdict or verdict[0] != "ok":
        raise BackupError(f"{source} est une base SQLite endommagée ({verdict[0] if verdict else 'illisible'}).")
    missing = REQUIRED_TABLES - tables - ({"alembic_version"} if allow_unversioned else set())
    if missing:
        raise BackupError(
            f"{source} n'est pas une sauvegarde de Boussole : il lui manque les tables {', '.join(sorted(missing))}."
        )
    return BackupInfo("sqlite", revision)


def _sqlite_restore(source: Path, database: Path) -> None:
    if source.resolve() == database:
        raise BackupError("Ce fichier est la base elle-même, pas une sauvegarde.")
    try:
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(database, timeout=30)
        try:
            # The backup API copies every page in one write transaction: readers see the old or the new base.
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Restauration SQLite impossible, la base n'a pas été modifiée : {exc}.") from exc


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def libpq_connection(url: URL) -> tuple[str, dict[str, str]]:
    """Turn the SQLAlchemy URL into a libpq URL without password, and an environment carrying it."""
    plain = URL.create(
        "postgresql", username=url.username, host=url.host, port=url.port, database=url.database, query=url.query
    )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} est introuvable : installez le paquet postgresql-client (de la même version "
            "majeure que le serveur, ou plus récente) ou ajoutez son dossier au PATH."
        )
    return path


def _tool_major(path: str) -> int:
    result = _run([path, "--version"], dict(os.environ))
    match = re.search(r"\)\s*(\d+)", result.stdout) or re.search(r"(\d+)", result.stdout)
    if result.returncode != 0 or not match:
        raise BackupError(f"Impossible de lire la version de {path} : {result.stdout or result.stderr}".strip())
    return int(match.group(1))


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Arguments are a list (no shell) starting with an absolute path; the password travels in PGPASSWORD,
    # never on the command line (SECURITY-CHECKS.md).
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603  # noqa: S603


def _pg_backup(engine: Engine, destination: Path) -> BackupInfo:
    pg_dump = _tool("pg_dump")
    with engine.connect() as connection:
        server_major = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        revision = _pg_revision(connection)
    client_major = _tool_major(pg_dump)
    if client_major < server_major:
        raise BackupError(
            f"pg_dump {client_major} ne sait pas sauvegarder un serveur PostgreSQL {server_major} : "
            f"installez postgresql-client-{server_major}."
        )
    dsn, env = libpq_connection(engine.url)
    handle, partial = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent)
    os.close(handle)
    try:
        result = _run([pg_dump, "--format=custom", "--no-password", f"--file={partial}", f"--dbname={dsn}"], env)
        if result.returncode != 0:
            raise BackupError(f"pg_dump a échoué : {result.stderr.strip()}")
        os.replace(partial, destination)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return BackupInfo("postgresql", revision)


def _pg_revision(connection: Connection) -> str:
    if not connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one():
        return ""
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def _pg_check(source: Path) -> BackupInfo:
    pg_restore = _tool("pg_restore")
    result = _run([pg_restore, "--list", str(source)], dict(os.environ))
    if result.returncode != 0:
        raise BackupError(
            f"{source} n'est pas une sauvegarde PostgreSQL lisible (pg_dump --format=custom) : {result.stderr.strip()}"
        )
    tables = set(re.findall(r"\bTABLE \S+ (\w+)\b", result.stdout))
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(
            f"{source} n'est pas une sauvegarde de Boussole : il lui manque les tables {', '.join(sorted(missing))}."
        )
    # The revision is the one data line of alembic_version's COPY block.
    data = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(source)], dict(os.environ))
    match = re.search(r"^COPY \S*alembic_version .*?;\n(\w+)", data.stdout, re.MULTILINE)
    return BackupInfo("postgresql", match.group(1) if match else "")


def _pg_restore(engine: Engine, source: Path) -> None:
    dsn, env = libpq_connection(engine.url)
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={dsn}",
        str(source),
    ]
    result = _run(command, env)
    if result.returncode != 0:
        raise BackupError(f"pg_restore a échoué, la base n'a pas été modifiée : {result.stderr.strip()}")
