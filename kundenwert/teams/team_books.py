"""The file side of `kundenwert merge` where values could get lost, kept in one place.

- Team-owned cells of a returned workbook are read as typed: a value that is no valid rating,
  share or amount is reported and never becomes a blank that would wipe the master's value
  (the table reader's friendlier readings, such as a whole share column taken as percent
  points, are right for ERP exports but would rewrite every value of a team's column).
- Rows of a returned workbook the reader cannot use (no id, the same id twice) are reported
  with their values.
- The new master is a copy of the master workbook in which only the cells taken over change:
  other sheets, other columns, rows the reader could not use, raw values it would have read as
  missing (negative revenue, "k.A."), formulas, checks, formats and charts all stay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import load_workbook

from kundenwert.book.labels import column_label
from kundenwert.book.plan import Sheet, Table, cell_value
from kundenwert.cells.columns import BY_KEY, INPUT_COLUMNS, RATING_MAX, RATING_MIN, Column
from kundenwert.cells.customer_table import (
    EXPECTED,
    NON_NEGATIVE,
    ReadResult,
    map_columns,
    read_customer_table,
)
from kundenwert.cells.values import CellError, is_blank, is_excel_error, parse_id, parse_number
from kundenwert.errors import KundenwertError
from kundenwert.language import Lang
from kundenwert.teams.rules import TEAM_OWNED, Finding, MergeResult, Values, same
from kundenwert.xlsx.buttons import read_buttons
from kundenwert.xlsx.openpyxl_renderer import add_sheet, save_atomic

KEYS = [c.key for c in INPUT_COLUMNS]
#: Hidden sheet of a merged master: the splits it took values from, so team workbooks of those
#: splits can still come back later (oldest first).
LINEAGE_SHEET = "_kundenwert_stamm"


def team_value(col: Column, raw: object) -> tuple[float | None, str | None]:
    """The number a team typed into a team-owned cell, or why it cannot be taken over."""
    if is_blank(raw):
        return None, None
    if is_excel_error(raw):
        return None, f"{EXPECTED[col.kind]} (Excel-Fehlerwert)"
    try:
        number, _ = parse_number(raw)
    except CellError:
        return None, EXPECTED[col.kind]
    if col.kind == "share" and not 0 <= number <= 1:
        return None, EXPECTED["share"]
    if col.kind == "rating" and not RATING_MIN <= number <= RATING_MAX:
        return None, EXPECTED["rating"]
    if col.key in NON_NEGATIVE and number < 0:
        return None, "Betrag ≥ 0"
    return number, None


@dataclass
class TeamTable:
    """A returned workbook's customer rows and what could not be read from it."""

    rows: Values
    findings: list[Finding] = field(default_factory=list)


def read_team_table(
    cells: Sequence[Sequence[object]],
    sheet: str,
    workbook: str,
    master: Mapping[str, Mapping[str, object]],
) -> TeamTable:
    """Customer rows of a returned team workbook (`cells` from A1). Protected columns as the
    table reader reads them (so they compare with the master read the same way); team-owned
    columns as typed. Invalid cells and unreadable rows become findings; `master` gives the
    value that stays."""
    read = read_customer_table(cells, sheet)
    header = list(cells[read.header_row - 1])
    columns, _, _ = map_columns(header, sheet, read.header_row)
    out = TeamTable({})
    for record in read.frame.to_dict("records"):
        cid = str(record["kunden_nr"])
        raw_row = cells[int(record["excel_row"]) - 1]
        values = {k: cell_value(record.get(k)) for k in KEYS if k in columns}
        for key in TEAM_OWNED:
            if key not in columns:
                continue
            j = columns[key]
            raw = raw_row[j] if j < len(raw_row) else None
            number, why = team_value(BY_KEY[key], raw)
            if why is None:
                values[key] = number
                continue
            del values[key]
            out.findings.append(
                Finding(
                    workbook,
                    cid,
                    key,
                    master.get(cid, {}).get(key),
                    raw,
                    f"ungültig: erwartet {why}; Stammwert bleibt",
                )
            )
        out.rows[cid] = values
    for problem in read.problems:
        if problem.action != "row_skipped" or problem.row is None:
            continue
        raw_row = cells[problem.row - 1]
        shown = {
            str(header[j]): raw_row[j]
            for j in sorted(columns.values())
            if j < len(raw_row) and not is_blank(raw_row[j])
        }
        out.findings.append(
            Finding(
                workbook,
                problem.customer_id or parse_id(raw_row[columns["kunden_nr"]]),
                None,
                None,
                shown,
                f"Zeile {problem.row} nicht gelesen: erwartet {problem.expected}; "
                "nichts übernommen",
            )
        )
    return out


def write_merged_master(
    source: Path,
    read: ReadResult,
    base: Mapping[str, Mapping[str, object]],
    result: MergeResult,
    report: Callable[[Sequence[Finding]], Sheet],
    output: Path,
    lineage: Sequence[tuple[str, str]] = (),
    lang: Lang = "de",
) -> tuple[Path, MergeResult]:
    """Write the new master: a copy of `source` where only the team-owned cells whose value
    `result` changed against `base` (the master as read) are set, plus the report sheet that
    `report` makes of the findings.

    A team-owned column the master lacks is added after its last column. Where the master
    cell held something the reader could not use ("k.A.", 7 for a rating), the report shows
    that raw value as the master value, so it is not lost either.
    """
    if output.resolve() == source.resolve():
        raise KundenwertError(
            "Stammmappe und neue Stammmappe sind dieselbe Datei; der Stamm wird nie "
            "überschrieben. Bitte eine andere Ausgabedatei angeben (-o)."
        )
    buttons = read_buttons(source)  # openpyxl would drop them
    try:
        book = load_workbook(source)  # formulas stay formulas; checks, formats, charts stay
    except Exception as e:  # openpyxl raises many types for workbooks it cannot take apart
        raise KundenwertError(f"{source}: die Stammmappe kann nicht geöffnet werden ({e})") from e
    ws = book[read.sheet]
    header = list(read.raw[0])
    columns, _, _ = map_columns(header, read.sheet, read.header_row)
    where = {
        str(cid): int(row)
        for cid, row in zip(read.frame["kunden_nr"], read.frame["excel_row"], strict=True)
    }
    next_col = len(header) + 1
    raw_before: dict[tuple[str, str], object] = {}
    for cid, values in result.rows.items():
        for key in TEAM_OWNED:
            new = values.get(key)
            if same(new, base.get(cid, {}).get(key)):
                continue
            if key not in columns:
                ws.cell(read.header_row, next_col).value = column_label(key, lang)
                columns[key] = next_col - 1
                next_col += 1
            cell = ws.cell(where[cid], columns[key] + 1)
            if not same(cell.value, base.get(cid, {}).get(key)):
                raw_before[(cid, key)] = cell.value
            cell.value = new  # type: ignore[assignment]  # numbers and None only
    findings = [
        replace(f, master_value=raw_before[(f.customer, f.column)])
        if f.customer is not None and f.column is not None and (f.customer, f.column) in raw_before
        else f
        for f in result.findings
    ]
    merged = MergeResult(result.rows, findings, result.used)
    if lineage:
        if LINEAGE_SHEET in book.sheetnames:
            del book[LINEAGE_SHEET]  # rewritten below with every entry it held
        add_sheet(
            book,
            Sheet(
                LINEAGE_SHEET,
                [Table("A1", ["split_id", "stamm_fingerprint"], [list(x) for x in lineage])],
                protect=True,
                hidden=True,
            ),
        )
    sheet = report(findings)
    if sheet.name in book.sheetnames:
        # an earlier merge's report stays, numbered; the newest always has the plain name
        n = 1
        while f"{sheet.name} {n}" in book.sheetnames:
            n += 1
        book[sheet.name].title = f"{sheet.name} {n}"
    add_sheet(book, sheet)
    return save_atomic(book, output, buttons), merged
