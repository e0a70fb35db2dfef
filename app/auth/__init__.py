"""Accounts: login, logout, invitation and password reset."""

from app.auth.routes import bp

__all__ = ["bp"]
