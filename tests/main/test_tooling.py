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


def _make_check_commands() -> list[str]:
    """Return the commands of the Makefile's `check` recipe, with $(BIN) spelled as the hooks spell it."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lines = makefile.splitlines()
    assert "VENV ?= .venv" in lines and "BIN := $(VENV)/bin" in lines  # $(BIN) is .venv/bin, as in the hooks
    start = next(index for index, line in enumerate(lines) if line.startswith("check:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().replace("$(BIN)/", ".venv/bin/"))
    return recipe


def test_pre_commit_hooks_run_the_commands_of_make_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    commands = [" ".join([hook["entry"], *hook.get("args", [])]) for hook in hooks]
    assert commands == _make_check_commands()
    assert len(commands) == 3
