"""The layers of docs/architecture.md hold, and the check that enforces them catches a
wrong-way import, even one hidden inside a function."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's import contracts over the ``opsroom`` package found in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src/opsroom", tmp_path / "opsroom",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "wrong"), [
    ("incidents/actions.py", "opsroom.dispatch.actions"),  # incidents calls into dispatch
    ("core/models.py", "opsroom.sync.capture"),  # core knows an app
    ("sync/actions.py", "opsroom.incidents.models"),  # sync names a domain
    ("audit/actions.py", "opsroom.accounts.models"),  # audit sits below accounts
])
def test_a_wrong_way_import_inside_a_function_breaks_the_contract(
    tree: Path, module: str, wrong: str
) -> None:
    path = tree / "opsroom" / module
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\n\ndef _wrong_way() -> None:\n    import {wrong}  # noqa\n",
                    encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    importer = "opsroom." + module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {wrong}" in result.stdout, result.stdout
