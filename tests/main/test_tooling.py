"""pre-commit runs what `make check` runs, with the project's own tools: no hook downloads anything."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_pre_commit_runs_ruff_and_mypy_from_the_project_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # a remote repository would be fetched
    hooks = config["repos"][0]["hooks"]
    assert {hook["language"] for hook in hooks} == {"system"}  # pre-commit builds no environment of its own
    assert [hook["entry"] for hook in hooks] == [
        ".venv/bin/ruff check",
        ".venv/bin/ruff format --check",
        ".venv/bin/mypy",
    ]
    assert not any(hook.get("pass_filenames", True) for hook in hooks)  # the whole tree, as `make check` and CI
