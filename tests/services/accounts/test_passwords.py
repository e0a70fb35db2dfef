"""Passwords are hashed with argon2id at the library's recommended cost (the tests themselves use a cheap one)."""

import subprocess
import sys

from app.services.accounts.passwords import check_password, hash_password

CODE = "from app.services.accounts.passwords import hash_password; print(hash_password('une phrase de passe'))"


def test_production_hashes_use_argon2id_at_the_recommended_cost():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), result.stdout


def test_a_hash_checks_its_own_password_only():
    hashed = hash_password("une phrase de passe")
    assert check_password(hashed, "une phrase de passe")
    assert not check_password(hashed, "une autre phrase")
    assert not check_password(None, "une phrase de passe")
    assert not check_password("pas un hash", "une phrase de passe")
