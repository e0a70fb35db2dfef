"""Campaigns: create and run them, hand out links and codes, export and forget their data."""
