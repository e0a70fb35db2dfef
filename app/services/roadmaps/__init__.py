"""Feuilles de route: priorities per school year of an establishment, a pole or a network, and their outcome."""
