"""Accounts, their links and passwords, who may see what, and the audit journal."""
