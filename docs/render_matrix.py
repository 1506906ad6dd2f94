"""Render the demo workbook's matrix to docs/matrix.png for the README (needs LibreOffice)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kundenwert.book.labels import t
from tests import libreoffice as lo


def render_matrix_picture(book: Path, target: Path, lang: str = "de") -> Path:
    """The page showing the matrix chart, as a PNG cropped to its upper part."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        pdf = lo.render_pdf(book, Path(tmp))
        page = lo.page_with_text(pdf, t("matrix.title", lang).split(":")[0])
        if page is None:
            raise RuntimeError(f"{book}: no page shows the matrix")
        png = lo.render_page(pdf, page, Path(tmp) / "matrix.png", dpi=110)
        with Image.open(png) as im:
            w, h = im.size
            target.parent.mkdir(parents=True, exist_ok=True)
            im.crop((int(0.05 * w), int(0.08 * h), int(0.97 * w), int(0.52 * h))).save(target)
    return target


if __name__ == "__main__":
    book = Path(sys.argv[1] if len(sys.argv) > 1 else "workbook/Kundenportfolio.xlsx")
    print(
        render_matrix_picture(book, Path(sys.argv[2] if len(sys.argv) > 2 else "docs/matrix.png"))
    )
