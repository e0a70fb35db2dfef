"""Demo generation belongs to `flask demo` and bench/: the app serving requests never imports it."""

import subprocess
import sys


def test_creating_the_app_does_not_import_the_demo_package():
    code = (
        "import sys; from app import create_app; "
        "create_app({'TESTING': True, 'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'}); "
        "print(sorted(m for m in sys.modules if m == 'app.demo' or m.startswith('app.demo.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stdout
