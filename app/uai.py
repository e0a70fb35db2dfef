"""The UAI, a French establishment's national identifier: 7 digits and a check letter."""
import re

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_PATTERN = re.compile(r"^\d{7}[A-Z]$")


def check_letter(digits: str) -> str:
    """Return the check letter of seven digits (their value modulo 23, in a 23-letter alphabet)."""
    return CHECK_LETTERS[int(digits) % 23]


def normalize_uai(value: str) -> str:
    return (value or "").strip().upper()


def is_valid_uai(value: str) -> bool:
    """Say whether a UAI is well formed and its check letter right."""
    uai = normalize_uai(value)
    return bool(_PATTERN.match(uai)) and check_letter(uai[:7]) == uai[7]


def make_uai(number: int) -> str:
    """Build a valid UAI from a number (used by demo data and tests)."""
    digits = f"{number % 10_000_000:07d}"
    return digits + check_letter(digits)
