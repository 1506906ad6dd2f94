"""Ready to publish: the wheel and sdist pass PyPI's own checks (twine), carry the README as
their long description, and name the version that `kundenwert --version` prints."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import kundenwert
from tests.pyodide import runtime

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("publish")
    source = runtime.source_copy(out / "source")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "-q", "-o", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


def test_twine_check_passes(dists: tuple[Path, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_metadata_long_description_and_one_version(dists: tuple[Path, Path]) -> None:
    wheel, sdist = dists
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")))
    meta = email.parser.BytesParser().parsebytes(raw)
    assert meta["Name"] == "kundenwert"
    assert meta["Description-Content-Type"] == "text/markdown"
    body = meta.get_payload(decode=True).decode()
    assert body.strip() == (ROOT / "README.md").read_text().strip()
    classifiers = meta.get_all("Classifier") or []
    assert "Environment :: WebAssembly :: Emscripten" in classifiers
    assert "License-Expression" in meta or "License" in meta
    # one version: the wheel's, the sdist's name and what the command prints
    cli = Path(sys.executable).with_name("kundenwert")
    printed = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True)
    assert printed.stdout.split() == ["kundenwert", meta["Version"]]
    assert meta["Version"] == kundenwert.__version__
    assert wheel.name.startswith(f"kundenwert-{meta['Version']}-")
    assert sdist.name == f"kundenwert-{meta['Version']}.tar.gz"
    with tarfile.open(sdist) as t:
        assert f"kundenwert-{meta['Version']}/addin/lite/requirements.txt" in t.getnames()
