"""Lay the package out as it is installed, in build/lint, for mypy and import-linter.

pyproject.toml maps udfs/, addin/, templates/ and workbook/ into the `kundenwert` namespace.
Python follows that mapping through setuptools' editable-install hook, but mypy and
import-linter only read directories, so they get a tree of symlinks made here at lint time
(nothing of it is committed; a Windows checkout never needs it to build or run).
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(target: Path) -> None:
    """Link every package's .py files into target/<package path>."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping: dict[str, str] = settings.get("package-dir", {})
    shutil.rmtree(target, ignore_errors=True)
    for package in [*settings["packages"], "bench", "tests", "tests.pyodide"]:
        source = ROOT / mapping.get(package, package.replace(".", "/"))
        folder = target / package.replace(".", "/")
        folder.mkdir(parents=True, exist_ok=True)
        for module in source.glob("*.py"):
            (folder / module.name).symlink_to(module)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "lint")
