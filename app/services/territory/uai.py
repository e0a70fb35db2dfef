"""The UAI, a French establishment's national identifier: 7 digits and a check letter."""

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# [0-9], not \d: \d also takes other scripts' digits (Arabic-Indic, full-width…), which int() would then accept.
_PATTERN = re.compile(r"[0-9]{7}[A-Z]")


def check_letter(digits: str) -> str:
    """Return the check letter of seven digits (their value modulo 23, in a 23-letter alphabet)."""
    return CHECK_LETTERS[int(digits) % 23]


def normalize_uai(value: str) -> str:
    return (value or "").strip().upper()


def is_well_formed_uai(value: str) -> bool:
    """Say whether a UAI is seven digits and a letter, whatever the letter."""
    return bool(_PATTERN.fullmatch(normalize_uai(value)))


def is_valid_uai(value: str) -> bool:
    """Say whether a UAI is well formed and its check letter right."""
    uai = normalize_uai(value)
    return is_well_formed_uai(uai) and check_letter(uai[:7]) == uai[7]


def make_uai(number: int) -> str:
    """Build a valid UAI from a number (used by demo data and tests)."""
    digits = f"{number % 10_000_000:07d}"
    return digits + check_letter(digits)
