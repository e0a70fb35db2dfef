"""The demo's accounts: one per role, all with the published demo password."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from app.demo.model import Site
from app.demo.options import DemoReport
from app.extensions import db
from app.models import Academy, Department, Establishment, Network, Role, User, UserScope
from app.services.accounts.passwords import hash_password

# The published password of the demo accounts (README), never of a real one (SECURITY-CHECKS.md).
DEMO_PASSWORD = "boussole-demo"  # nosec B105  # noqa: S105
DEMO_DOMAIN = "demo.boussole.fr"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def build_accounts(network: Network, head_site: Site, report: DemoReport) -> User | None:
    """Create one account per role, all with the demo password; existing addresses are left alone."""
    aix = next(p for p in network.poles if p.name == "Aix")
    head_establishment = db.session.get_one(Establishment, head_site.id)
    accounts = [
        ("admin", "Administration (démo)", Role.ADMIN, None, "toute l'académie"),
        (
            "coordination",
            f"Coordination du réseau {network.name}",
            Role.COORDINATOR,
            UserScope(network_id=network.id),
            f"réseau {network.name}",
        ),
        (
            "ia-ipr",
            "IA-IPR référent du réseau",
            Role.INSPECTOR,
            UserScope(network_id=network.id),
            f"réseau {network.name} (lecture)",
        ),
        ("pilote.aix", "Pilote du pôle Aix", Role.PILOT, UserScope(pole_id=aix.id), "pôle Aix"),
        (
            f"direction.{_slug(head_establishment.name)}",
            f"Direction — {head_establishment.name}",
            Role.HEAD,
            UserScope(establishment_id=head_establishment.id),
            head_establishment.label,
        ),
    ]
    head_user = None
    for local, name, role, scope, seen in accounts:
        email = f"{local}@{DEMO_DOMAIN}"
        user = db.session.scalar(select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
            if scope is not None:
                user.scopes.append(scope)
            db.session.add(user)
            report.accounts.append((email, seen))
        if role == Role.HEAD:
            head_user = user
    db.session.flush()
    return head_user


def build_steering_accounts(academy: Academy, department: Department, report: DemoReport) -> None:
    """The académie's steering cell and the DASEN of the Bouches-du-Rhône: read only, whole networks."""
    accounts = [
        ("academie", "Cellule académique (démo)", Role.ACADEMY, UserScope(academy_id=academy.id), "académie (lecture)"),
        (
            f"dasen{department.code}",
            f"DASEN — {department.name}",
            Role.DEPARTMENT,
            UserScope(department_id=department.id),
            f"département {department.label} (lecture)",
        ),
    ]
    for local, name, role, scope, seen in accounts:
        email = f"{local}@{DEMO_DOMAIN}"
        if db.session.scalar(select(User.id).filter_by(email=email)) is None:
            user = User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
            user.scopes.append(scope)
            db.session.add(user)
            report.accounts.append((email, seen))
    db.session.flush()
