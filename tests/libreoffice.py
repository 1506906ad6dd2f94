"""Headless LibreOffice as an independent spreadsheet engine: recalculate, render to PNG, read
the VBA of a macro-enabled file.

Used by the tests, the demo documentation and the benchmarks. Every call starts its own
`soffice` with a fresh temporary profile, so parallel calls (pytest-xdist, two benchmarks) do
not collide: LibreOffice allows one running instance per profile.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

TIMEOUT_S = 300


class LibreOfficeTimeout(RuntimeError):
    """LibreOffice gave no result within the time allowed (it was stopped)."""


def soffice_available() -> bool:
    """True when `soffice` and `pdftoppm` are on the PATH (both are needed for the pictures)."""
    return shutil.which("soffice") is not None and shutil.which("pdftoppm") is not None


def _run(
    args: Sequence[str], what: str, check: bool = True, timeout: float = TIMEOUT_S
) -> tuple[str, str]:
    """Run a command in its own process group; its standard output and error. RuntimeError
    with its output after `timeout` seconds or (when `check`) on a non-zero exit code.

    On a timeout the whole group is killed: `soffice` is a wrapper that starts `soffice.bin`,
    which would otherwise outlive it.
    """
    proc = subprocess.Popen(
        list(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise LibreOfficeTimeout(f"{what}: no result after {timeout:g} s\n{out}{err}") from None
    if check and proc.returncode != 0:
        raise RuntimeError(f"{what}: exit code {proc.returncode}\n{out}{err}")
    return out, err


def convert(
    src: Path, outdir: Path, target: str, timeout: float = TIMEOUT_S, infilter: str = ""
) -> Path:
    """`src` converted by LibreOffice to `target` (a file extension) in `outdir`, read with
    the import filter `infilter` when given; stopped with RuntimeError after `timeout` s."""
    src, outdir = Path(src).resolve(), Path(outdir).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    out = outdir / f"{src.stem}.{target}"
    if out == src:  # the input is never overwritten
        raise ValueError(f"{src}: converting in place would replace it; choose another outdir")
    outdir.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # a file left from an earlier run must not pass for the result
    with tempfile.TemporaryDirectory(prefix="kundenwert-lo-") as work:
        # LibreOffice reads a private copy and writes into the temporary folder: a lock file
        # (.~lock.<name>#) that a stopped run left beside the input or the output would make
        # it refuse to save, and a run stopped now leaves neither a lock nor half a file there
        copy, made = Path(work) / "in" / src.name, Path(work) / "out" / out.name
        copy.parent.mkdir()
        shutil.copyfile(src, copy)
        out_text, err_text = _run(
            [
                "soffice",
                f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}",
                "--headless",
                "--calc",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                target,
                "--outdir",
                str(made.parent),
                str(copy),
            ],
            f"LibreOffice, {src.name} → {target}",
            check=False,  # its exit code says little; the file it writes is what counts
            timeout=timeout,
        )
        if not made.is_file():
            raise RuntimeError(f"LibreOffice made no {target} of {src}:\n{out_text}{err_text}")
        shutil.move(made, out)
    return out


def recalculate(src: Path, outdir: Path, timeout: float = TIMEOUT_S) -> Path:
    """Open `src` in LibreOffice, which computes every formula stored without a cached value,
    and save it as .xlsx in `outdir`; returns the new file's path.

    Read the values back with `openpyxl.load_workbook(path, data_only=True)`; LibreOffice writes
    15 significant digits, so compare with a relative tolerance. Raises RuntimeError with
    LibreOffice's output when no file appears (or after `timeout` seconds, 300 by default).
    """
    return convert(src, outdir, "xlsx", timeout)


def vba_modules(src: Path, outdir: Path) -> dict[str, str]:
    """The VBA modules LibreOffice imports from the macro-enabled workbook or add-in `src`, by
    "library/module", with their source text: LibreOffice's own reader of the VBA format.

    An .xlam is not recognised by its extension, so the .xlsm import filter is named.
    """
    ods = convert(src, outdir, "ods", infilter="Calc MS Excel 2007 VBA XML")
    ns = "{http://openoffice.org/2000/script}"
    modules = {}
    with zipfile.ZipFile(ods) as z:
        for name in z.namelist():
            parts = name.split("/")
            if len(parts) == 3 and parts[0] == "Basic" and not parts[2].startswith("script-"):
                root = ElementTree.fromstring(z.read(name))
                modules[f"{parts[1]}/{root.get(ns + 'name')}"] = root.text or ""
    return modules


def render_pdf(src: Path, outdir: Path) -> Path:
    """Every sheet of `src` as pages of a PDF in `outdir`, charts included; returns its path."""
    return convert(src, outdir, "pdf")


def render_png(src: Path, outdir: Path, dpi: int = 80) -> list[Path]:
    """Every page of the workbook `src` as a PNG in `outdir` (via PDF and `pdftoppm`), in page
    order: `<stem>-1.png`, `<stem>-2.png`, … (pdftoppm pads the numbers to equal width)."""
    pdf = render_pdf(src, outdir)
    stem = pdf.stem
    page_name = re.compile(rf"^{re.escape(stem)}-(\d+)\.png$")
    for old in pdf.parent.iterdir():  # pages of an earlier, longer rendering
        if page_name.match(old.name):
            old.unlink()
    _run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(pdf.parent / stem)],
        f"pdftoppm, {pdf.name}",
    )
    pages = [(int(m.group(1)), p) for p in pdf.parent.iterdir() if (m := page_name.match(p.name))]
    if not pages:
        raise RuntimeError(f"pdftoppm made no page of {pdf}")
    return [p for _, p in sorted(pages)]


def page_with_text(pdf: Path, text: str) -> int | None:
    """1-based number of the first PDF page containing `text` (pdftotext), or None."""
    text_out, _ = _run(["pdftotext", "-layout", str(pdf), "-"], f"pdftotext, {pdf.name}")
    for number, page in enumerate(text_out.split("\f"), start=1):
        if text in page:
            return number
    return None


def render_page(pdf: Path, page: int, out_png: Path, dpi: int = 80) -> Path:
    """One page (1-based) of a PDF as the PNG file `out_png`; returns its path."""
    stem = out_png.with_suffix("")
    _run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        f"pdftoppm, {pdf.name} page {page}",
    )
    return stem.with_suffix(".png")


def colour_share(
    png: Path,
    rgb: tuple[int, int, int],
    tolerance: int = 30,
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
) -> float:
    """Share (0–1) of the pixels whose every channel lies within `tolerance` of `rgb`, counted
    inside `box` given as fractions of the picture (left, top, right, bottom)."""
    from PIL import Image  # a dev dependency: only tests and docs draw pictures

    with Image.open(png) as im:
        w, h = im.size
        area = (int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h))
        pixels = np.asarray(im.convert("RGB").crop(area), dtype=np.int16).reshape(-1, 3)
    near = (np.abs(pixels - np.array(rgb, dtype=np.int16)) <= tolerance).all(axis=1)
    return float(near.mean()) if near.size else 0.0
