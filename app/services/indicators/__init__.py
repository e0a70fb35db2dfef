"""Indicator campaigns: an establishment's figures per half-year, reported by its head, read by pole and network."""
