"""Read a result workbook of `kundenwert score` back: its scored table, input and model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd
from python_calamine import CalamineWorkbook

from kundenwert.book.config_sheet import config_from_rows, run_date_from_rows
from kundenwert.book.labels import column_label, t
from kundenwert.cells.customer_table import ReadResult, read_customer_table
from kundenwert.cells.values import parse_id
from kundenwert.errors import FileMessageError
from kundenwert.language import LANGS
from kundenwert.method.comparison import DETAILS, KEYS, PHASE_ORDER
from kundenwert.method.config import Config
from kundenwert.xlsx.reader import check_file


@dataclass
class Run:
    """One scoring run as stored in its result workbook."""

    path: Path
    scored: pd.DataFrame  # KEYS (segment as its key), and the DETAILS the sheet has
    config: Config
    customers: ReadResult
    run_date: dt.date | None = None  # the reference date it was scored with, when recorded


def _sheet(book: CalamineWorkbook, key: str, path: Path) -> tuple[str, list[list[object]]]:
    for lang in LANGS:
        name = t(key, lang)
        if name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            return name, cast(list[list[object]], rows)
    raise FileMessageError(
        "err.kein_ergebnis", path=str(path), sheet_key=key, names=", ".join(book.sheet_names)
    )


def read_run(path: str | Path) -> Run:
    """The scored table, the model and the input rows of a result workbook."""
    source = check_file(Path(path))
    book = CalamineWorkbook.from_path(str(source))
    _, config_rows = _sheet(book, "sheet.konfiguration", source)
    config = config_from_rows(config_rows)
    name, rows = _sheet(book, "sheet.bewertung", source)
    header = [str(h) for h in rows[0]]
    index: dict[str, int] = {}
    for key in (*KEYS, *DETAILS):
        labels = {column_label(key, lang) for lang in LANGS}
        found = [j for j, h in enumerate(header) if h in labels]
        if found:
            index[key] = found[0]
        elif key in KEYS:  # the details only make the comparison easier to read
            raise FileMessageError(
                "err.spalte_fehlt", path=str(source), sheet=name, column_cols=(key,)
            )
    body = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    frame = pd.DataFrame({k: [r[j] for r in body] for k, j in index.items()})
    frame["kunden_nr"] = [parse_id(v) for v in frame["kunden_nr"]]
    to_key = {label: key for lang in LANGS for key, label in config.segment_labels(lang).items()}
    frame["segment"] = frame["segment"].map(to_key)
    if "phase" in frame:
        phases = {t(f"phase.{k}", lang): k for k in PHASE_ORDER for lang in LANGS}
        frame["phase"] = frame["phase"].map(phases)
    for col in ("ist_score", "potenzial_score", "umsatz"):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    kunden_name, kunden_rows = _sheet(book, "sheet.kunden", source)
    customers = read_customer_table(kunden_rows, kunden_name, column_map=config.column_map)
    return Run(source, frame, config, customers, run_date_from_rows(config_rows))
