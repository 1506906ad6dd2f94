"""The package builds from a checkout without symlinks, and the sdist holds the repository."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tracked() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (e.g. run from the sdist)")
    out = tmp_path_factory.mktemp("dist")
    # a clone as Windows makes it: links would arrive as small text files
    clone = out / "clone"
    subprocess.run(
        ["git", "clone", "-q", "-c", "core.symlinks=false", str(ROOT), str(clone)], check=True
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "-q", "-o", str(out), str(clone)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


def test_no_symlinks_are_committed() -> None:
    links = [line.split("\t")[1] for line in _tracked() if line.startswith("120000")]
    assert links == []


def test_wheel_maps_the_top_level_folders_into_the_package(dists: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(dists[0]).namelist())
    for module in (
        "udfs/functions.py",
        "addin/scripts.py",
        "addin/lite/main.py",
        "addin/desktop/KundenwertRibbon.bas",
        "templates/master.py",
        "workbook/sample.py",
    ):
        assert f"kundenwert/{module}" in names
    # the LibreOffice test helper and the tests stay out of what users install
    assert not [n for n in names if n.startswith("tests/") or "libreoffice" in n]


def test_sdist_holds_every_tracked_file(dists: tuple[Path, Path]) -> None:
    with tarfile.open(dists[1]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    tracked = {line.split("\t")[1] for line in _tracked()}
    missing = sorted(p for p in tracked if p not in names and not p.startswith(".gitignore"))
    assert missing == []
