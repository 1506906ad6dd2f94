"""Read the model from a workbook's `Konfiguration` sheet."""

from __future__ import annotations

from pathlib import Path

from kundenwert.book.config_sheet import config_from_rows
from kundenwert.book.labels import LANGS, t
from kundenwert.errors import FileMessageError
from kundenwert.method.config import Config


def read_config(path: str | Path) -> Config:
    """The model held in the workbook's configuration sheet (German or English name)."""
    from python_calamine import CalamineWorkbook

    from kundenwert.xlsx.reader import check_file

    source = check_file(Path(path))
    book = CalamineWorkbook.from_path(str(source))
    names = [t("sheet.konfiguration", lang) for lang in LANGS]
    sheet = next((n for n in book.sheet_names if n in names), None)
    if sheet is None:
        raise FileMessageError(
            "err.kein_ergebnis.konfiguration",
            path=str(source),
            sheet_key="sheet.konfiguration",
            names=", ".join(book.sheet_names),
        )
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return config_from_rows(rows, sheet)
