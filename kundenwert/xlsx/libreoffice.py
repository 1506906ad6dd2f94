"""Headless LibreOffice as an independent spreadsheet engine: recalculate, render to PNG."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

TIMEOUT_S = 300


def soffice_available() -> bool:
    """True when `soffice` and `pdftoppm` are on the PATH."""
    return shutil.which("soffice") is not None and shutil.which("pdftoppm") is not None


def _convert(src: Path, outdir: Path, target: str) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    # A fresh profile per call: one soffice per profile, so parallel runs stay apart.
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--calc",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    out = outdir / f"{src.stem}.{target.split(':')[0]}"
    if not out.exists():
        raise RuntimeError(f"LibreOffice made no {target} of {src}: {run.stdout} {run.stderr}")
    return out


def recalculate(src: Path, outdir: Path) -> Path:
    """Open `src` in LibreOffice (which computes formulas without cached values) and save it as
    .xlsx in `outdir`; read the values back with openpyxl's data_only=True."""
    return _convert(src, outdir, "xlsx")


def render_pdf(src: Path, outdir: Path) -> Path:
    """Every sheet of `src` as pages of a PDF, charts included."""
    return _convert(src, outdir, "pdf")


def render_png(src: Path, outdir: Path, dpi: int = 80) -> list[Path]:
    """Every page of the workbook as a PNG, in page order."""
    pdf = render_pdf(src, outdir)
    prefix = outdir / src.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=TIMEOUT_S
    )
    pages = list(outdir.glob(f"{src.stem}-*.png"))
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def page_with_text(pdf: Path, text: str) -> int | None:
    """1-based number of the first PDF page containing `text` (pdftotext), or None."""
    run = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_S,
    )
    for number, page in enumerate(run.stdout.split("\f"), start=1):
        if text in page:
            return number
    return None


def render_page(pdf: Path, page: int, out_png: Path, dpi: int = 80) -> Path:
    """One page of a PDF as a PNG file."""
    stem = out_png.with_suffix("")
    subprocess.run(
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
        check=True,
        timeout=TIMEOUT_S,
    )
    return stem.with_suffix(".png")


def colour_share(
    png: Path,
    rgb: tuple[int, int, int],
    tolerance: int = 30,
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
) -> float:
    """Share of the pixels within `tolerance` (per channel) of `rgb`, inside `box` given as
    fractions of the picture (left, top, right, bottom)."""
    from PIL import Image

    with Image.open(png) as im:
        w, h = im.size
        area = (int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h))
        pixels = np.asarray(im.convert("RGB").crop(area), dtype=np.int16).reshape(-1, 3)
    near = (np.abs(pixels - np.array(rgb, dtype=np.int16)) <= tolerance).all(axis=1)
    return float(near.mean()) if near.size else 0.0
