"""`kundenwert split` and `kundenwert merge`: team workbooks from the master and back."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from python_calamine import CalamineWorkbook

from kundenwert.book.labels import column_label, t, t_all
from kundenwert.book.plan import Sheet, Table, Text, cell_value
from kundenwert.book.result_book import growth_sheet
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.errors import InputFileError, KundenwertError
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.teams.rules import (
    Finding,
    Marker,
    MergeResult,
    Returned,
    Values,
    fingerprint,
    merge,
)
from kundenwert.teams.team_books import LINEAGE_SHEET, read_team_table, write_merged_master
from kundenwert.templates.formulas import live_plan
from kundenwert.xlsx.openpyxl_renderer import write_plan
from kundenwert.xlsx.reader import ReadResult, check_file, error_cells, read_customers

MARKER_SHEET = "_kundenwert"
KEYS = [c.key for c in INPUT_COLUMNS]
#: Where the marker sheet keeps what the split gave the team (header row, then one row each).
GIVEN_ANCHOR = "D1"


def _marker_sheet(marker: Marker, given: list[list[object]]) -> Sheet:
    """The hidden sheet a merge recognises a team workbook by: the marker, and the input
    values the team was given (German headers, read back with the table reader), so the merge
    can tell what the team changed from what the master changed since."""
    rows: list[list[object]] = [
        ["split_id", marker.split_id],
        ["stamm_fingerprint", marker.master_fingerprint],
        ["by", marker.by],
        ["team", marker.team],
        ["kunden", len(given)],
    ]
    return Sheet(
        MARKER_SHEET,
        [
            Table("A1", ["Schlüssel", "Wert"], rows),
            Table(GIVEN_ANCHOR, [column_label(k, "de") for k in KEYS], given),
        ],
        protect=True,
        hidden=True,
    )


def master_values(read: ReadResult) -> Values:
    """The master's customers as the merge compares them: id → column key → plain value."""
    return {
        str(r["kunden_nr"]): {k: cell_value(r.get(k)) for k in KEYS if k in read.frame}
        for r in read.frame.to_dict("records")
    }


def master_config(source: Path) -> Config:
    """The model the master keeps in its Konfiguration sheet; the standard model without one."""
    from kundenwert.xlsx.config_file import read_config

    names = CalamineWorkbook.from_path(str(source)).sheet_names
    if not t_all("sheet.konfiguration") & set(names):
        return Config()
    return read_config(source)  # a broken model stops here with the cell it names


def split(
    master: str | Path, by: str, outdir: str | Path, config: Config | None = None, lang: Lang = "de"
) -> list[Path]:
    """One workbook per region or rep: the team's customers with live formulas, their matrix
    and growth table, and a marker for the merge."""
    source = check_file(Path(master))
    key = {"region": "region", "betreuer": "betreuer"}.get(by.lower())
    if key is None:
        raise KundenwertError(f"--by: Region oder Betreuer erwartet, erhalten '{by}'")
    read = read_customers(source)
    if key not in read.frame:
        raise KundenwertError(f"{source}: keine Spalte '{column_label(key)}' zum Aufteilen")
    # the time first, so a later split sorts after an earlier one
    split_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    marker_base = Marker(split_id, fingerprint(master_values(read)), key, "")
    config = config or master_config(source)
    out = Path(outdir)
    written = []
    frame = read.frame
    for team, part in frame.groupby(frame[key].fillna("(ohne)"), sort=True):
        values = [[cell_value(r.get(k)) for k in KEYS] for r in part.to_dict("records")]
        plan = live_plan([[column_label(k, lang) for k in KEYS], *values], config, lang)
        scored = score_portfolio(part, config)
        marker = Marker(marker_base.split_id, marker_base.master_fingerprint, key, str(team))
        plan.sheets += [growth_sheet(scored, lang), _marker_sheet(marker, values)]
        name = re.sub(r"[^\w.-]+", "_", f"{column_label(key, lang)}_{team}")
        written.append(write_plan(plan, out / f"{name}.xlsx"))
    return written


def _read_returned(
    path: Path, lang: Lang, master: dict[str, dict[str, object]] | None = None
) -> tuple[Returned, list[Finding]]:
    """The workbook as the merge needs it, and what reading it found (invalid cells, rows
    that could not be read)."""
    try:
        source = check_file(path)
        book = CalamineWorkbook.from_path(str(source))
    except (InputFileError, OSError) as e:
        return Returned(path.name, None, {}, f"unlesbar: {e}"), []
    except Exception as e:  # calamine's own errors for broken archives
        return Returned(path.name, None, {}, f"unlesbar: {e}"), []
    if MARKER_SHEET not in book.sheet_names:
        return Returned(path.name, None, {}), []
    cells = cast(
        list[list[object]], book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False)
    )
    info = {str(r[0]): str(r[1]) for r in cells[1:] if len(r) > 1 and r[0]}
    marker = Marker(
        info.get("split_id", ""),
        info.get("stamm_fingerprint", ""),
        info.get("by", ""),
        info.get("team", ""),
    )
    given = _given(cells)
    table = next((n for n in book.sheet_names if n in t_all("sheet.kunden")), None)
    if table is None:
        return Returned(
            path.name,
            marker,
            {},
            f"Blatt '{t('sheet.kunden', lang)}' fehlt (umbenannt?); nichts übernommen",
        ), []
    rows = cast(list[list[object]], book.get_sheet_by_name(table).to_python(skip_empty_area=False))
    for (r, c), literal in error_cells(source, table).items():  # calamine hands them over empty
        if r < len(rows):
            rows[r] += [None] * (c + 1 - len(rows[r]))
            rows[r][c] = literal
    try:
        read = read_team_table(rows, table, path.name, master or {})
    except KundenwertError as e:  # e.g. the customer id column was deleted
        return Returned(
            path.name, marker, {}, f"Kundentabelle unlesbar: {e}; nichts übernommen"
        ), []
    return Returned(path.name, marker, read.rows, given=given), read.findings


def _given(cells: list[list[object]]) -> Values | None:
    """What the split gave the team, from the marker sheet; None if it is not readable."""
    col = ord(GIVEN_ANCHOR[0]) - ord("A")
    table = [row[col:] for row in cells]
    try:
        read = read_customer_table(table, MARKER_SHEET)
    except KundenwertError:
        return None
    return master_values(read)


def broken_formulas(path: Path, lang: Lang = "de") -> list[Finding]:
    """Computed cells of a team workbook that no longer hold their formula (typed over or
    cleared): reported with the value found, so nothing typed there goes unseen."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # unreadable workbooks are reported by _read_returned
        return []
    name = next((n for n in book.sheetnames if n in t_all("sheet.kunden")), None)
    if name is None:
        return []
    findings = []
    rows = book[name].iter_rows(values_only=True)
    header = list(next(rows, ()))
    first = len(INPUT_COLUMNS)
    for values in rows:
        cid = values[0] if values else None
        if cid is None:
            continue
        for j in range(first, min(len(values), len(header))):
            v = values[j]
            if not (isinstance(v, str) and v.startswith("=")):
                findings.append(
                    Finding(
                        path.name,
                        str(cid),
                        str(header[j]),
                        None,
                        v,
                        "Formel überschrieben oder gelöscht: bitte aus der "
                        "Vorlage wiederherstellen; Eingaben wurden geprüft",
                    )
                )
    book.close()
    return findings


def read_lineage(source: Path) -> list[tuple[str, str]]:
    """The (split id, fingerprint) pairs an earlier merge recorded in the master, oldest first."""
    book = CalamineWorkbook.from_path(str(source))
    if LINEAGE_SHEET not in book.sheet_names:
        return []
    cells = book.get_sheet_by_name(LINEAGE_SHEET).to_python(skip_empty_area=False)
    return [(str(r[0]), str(r[1])) for r in cells[1:] if len(r) > 1 and r[0] and r[1]]


def merge_files(
    master: str | Path,
    returned: Sequence[str | Path],
    output: str | Path,
    config: Config | None = None,
    lang: Lang = "de",
) -> tuple[Path, MergeResult]:
    """Merge the returned team workbooks into a new master: a copy of the master in which
    only the team-owned cells taken over change, plus the report sheet (team_books.py).
    `config` is not needed: the master keeps its own model."""
    source = check_file(Path(master))
    target = Path(output)
    if target.resolve() in {Path(p).resolve() for p in returned}:
        raise KundenwertError(f"{target}: die neue Stammmappe darf keine Teammappe überschreiben")
    read = read_customers(source)
    base = master_values(read)
    paths = [Path(p) for p in returned]
    read_back = [_read_returned(p, lang, base) for p in paths]
    workbooks = [w for w, _ in read_back]
    lineage = read_lineage(source)
    result = merge(base, fingerprint(base), workbooks, lineage)
    for path, (wb, notes) in zip(paths, read_back, strict=True):
        if wb.marker is not None and wb.problem is None:
            result.findings.extend(notes)
            result.findings.extend(broken_formulas(path, lang))
    history = [*lineage, *[u for u in result.used if u not in lineage]]
    return write_merged_master(
        source, read, base, result, lambda found: report_sheet(found, lang), target, history, lang
    )


def report_sheet(findings: Sequence[Finding], lang: Lang = "de") -> Sheet:
    """The merge report: every value taken over, every conflict, every refusal."""
    header = [
        t("m.arbeitsmappe", lang),
        column_label("kunden_nr", lang),
        *[t(k, lang) for k in ("m.spalte", "m.wert_stamm", "m.wert_mappe", "m.ergebnis")],
    ]
    rows = [
        [
            f.workbook,
            f.customer,
            _column_name(f.column, lang),
            _cell_text(f.master_value),
            _cell_text(f.team_value),
            f.what,
        ]
        for f in findings
    ]
    title = t("sheet.zusammenfuehrung", lang)
    blocks: list[Table | Text] = [Text("A1", title, bold=True, size=14)]
    blocks.append(Table("A3", header, rows) if rows else Text("A3", t("m.nichts", lang)))
    return Sheet(title, list(blocks), widths={"A": 28, "B": 12, "C": 22, "D": 18, "E": 18, "F": 50})


def _column_name(column: str | None, lang: Lang) -> str | None:
    """A column key in the chosen language; headers found in a workbook stay as they are."""
    if column is None:
        return None
    try:
        return column_label(column, lang)
    except KeyError:
        return column


def _cell_text(v: object) -> object:
    if isinstance(v, dict):
        return "; ".join(f"{k}={w}" for k, w in v.items() if w is not None)
    return v
