"""Accounts: login (by password or single sign-on), logout, invitation and password reset."""

from app.auth import sso  # noqa: F401  (its routes join the blueprint)
from app.auth.routes import bp

__all__ = ["bp"]
