"""The file side of `kundenwert merge` where values could get lost, kept in one place.

- Team-owned cells of a returned workbook are read as typed: a value that is no valid rating,
  share or amount is reported and never becomes a blank that would wipe the master's value
  (the table reader's friendlier readings, such as a whole share column taken as percent
  points, are right for ERP exports but would rewrite every value of a team's column).
- Rows of a returned workbook the reader cannot use (no id, the same id twice) are reported
  with their values.
- The new master is the master file in which only the cells taken over change, patched part
  by part: other sheets, other columns, rows the reader could not use, raw values it would have
  read as missing (negative revenue, "k.A."), formulas, checks, formats, charts, shapes,
  images, comments, pivot tables and macros all stay, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kundenwert.book.labels import column_label
from kundenwert.book.plan import Sheet, Table, Text, cell_value
from kundenwert.cells.columns import BY_KEY, INPUT_COLUMNS, RATING_MAX, RATING_MIN, Column
from kundenwert.cells.customer_table import (
    NON_NEGATIVE,
    ReadResult,
    map_columns,
    read_customer_table,
)
from kundenwert.cells.values import CellError, is_blank, is_excel_error, parse_id, parse_number
from kundenwert.errors import MessageError
from kundenwert.language import Lang
from kundenwert.teams.rules import TEAM_OWNED, Finding, MergeResult, Values, same

KEYS = [c.key for c in INPUT_COLUMNS]
#: Hidden sheet of a merged master: the splits it took values from, so team workbooks of those
#: splits can still come back later (oldest first).
LINEAGE_SHEET = "_kundenwert_stamm"


def team_value(col: Column, raw: object) -> tuple[float | None, str | None]:
    """The number a team typed into a team-owned cell, or why it cannot be taken over (the
    label key of what was expected, "exp.*")."""
    if is_blank(raw):
        return None, None
    if is_excel_error(raw):
        return None, f"exp.{col.kind}.fehlerwert"
    try:
        number, _ = parse_number(raw)
    except CellError:
        return None, f"exp.{col.kind}"
    if col.kind == "share" and not 0 <= number <= 1:
        return None, "exp.share"
    if col.kind == "rating" and not RATING_MIN <= number <= RATING_MAX:
        return None, "exp.rating"
    if col.key in NON_NEGATIVE and number < 0:
        return None, "exp.betrag"
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
                    "o.ungueltig",
                    args=(("why", why),),
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
                "o.zeile",
                args=(("row", problem.row), ("problem", problem)),
            )
        )
    return out


def plain_rows(sheet: Sheet) -> list[list[object]]:
    """A planned sheet's texts and tables as a grid of plain values from A1."""
    from kundenwert.xlsx.part_patch import _column_number

    grid: dict[tuple[int, int], object] = {}
    for block in sheet.blocks:
        anchor = getattr(block, "anchor", "A1")
        row0 = int(anchor.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        col0 = _column_number(anchor)
        if isinstance(block, Table):
            for i, values in enumerate([block.header, *block.rows]):
                for j, v in enumerate(values):
                    grid[(row0 + i, col0 + j)] = v
        elif isinstance(block, Text):
            grid[(row0, col0)] = block.text
    if not grid:
        return []
    rows = max(r for r, _ in grid)
    cols = max(c for _, c in grid)
    return [[grid.get((r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def _widths(sheet: Sheet) -> dict[int, float]:
    from kundenwert.xlsx.part_patch import _column_number

    return {_column_number(letter): w for letter, w in sheet.widths.items()}


def write_merged_master(
    source: Path,
    read: ReadResult,
    base: Mapping[str, Mapping[str, object]],
    result: MergeResult,
    report: Callable[[Sequence[Finding]], Sheet],
    output: Path,
    lineage: Sequence[tuple[str, str]] = (),
    lang: Lang = "de",
    extra_cells: Mapping[str, Mapping[tuple[int, int], object]] | None = None,
) -> tuple[Path, MergeResult]:
    """Write the new master: `source` with only the team-owned cells whose value `result`
    changed against `base` (the master as read) set, plus the report sheet that `report` makes
    of the findings and the hidden lineage record. The file is patched part by part
    (kundenwert.xlsx.part_patch): every other part stays byte for byte, so shapes, images,
    comments, pivot tables, defined names and macros the controller keeps are never lost.
    `extra_cells` are further cells to set, by sheet (growth-table texts taken over).

    A team-owned column the master lacks is added after its last column. Where the master
    cell held something the reader could not use ("k.A.", 7 for a rating), the report shows
    that raw value as the master value, so it is not lost either.
    """
    from kundenwert.xlsx.part_patch import NewSheet, Package

    if output.resolve() == source.resolve():
        raise MessageError("err.gleicher_stamm")
    book = Package(source)
    header = list(read.raw[0])
    columns, _, _ = map_columns(header, read.sheet, read.header_row)
    where = {
        str(cid): int(row)
        for cid, row in zip(read.frame["kunden_nr"], read.frame["excel_row"], strict=True)
    }
    next_col = len(header) + 1
    raw_before: dict[tuple[str, str], object] = {}
    cells: dict[tuple[int, int], object] = {}
    for cid, values in result.rows.items():
        for key in TEAM_OWNED:
            new = values.get(key)
            if same(new, base.get(cid, {}).get(key)):
                continue
            if key not in columns:
                cells[(read.header_row, next_col)] = column_label(key, lang)
                columns[key] = next_col - 1
                next_col += 1
            row = where[cid]
            raw_row = (
                read.raw[row - read.header_row] if row - read.header_row < len(read.raw) else []
            )
            j = columns[key]
            raw = raw_row[j] if j < len(raw_row) else None
            if not same(raw, base.get(cid, {}).get(key)):
                raw_before[(cid, key)] = raw
            cells[(row, j + 1)] = new
    book.set_cells(read.sheet, cells)  # type: ignore[arg-type]  # numbers, texts and None
    for sheet_name, more in (extra_cells or {}).items():
        book.set_cells(sheet_name, more)  # type: ignore[arg-type]
    findings = [
        replace(f, master_value=raw_before[(f.customer, f.column)])
        if f.customer is not None and f.column is not None and (f.customer, f.column) in raw_before
        else f
        for f in result.findings
    ]
    # zip entries the new master does not carry over (named outside the package, or twice)
    findings += [
        Finding(source.name, None, None, None, name, "o.eintrag_entfernt") for name in book.dropped
    ]
    merged = MergeResult(result.rows, findings, result.used)
    names = [n for n, _, _ in book.sheets()]
    if lineage:
        record = NewSheet(
            LINEAGE_SHEET,
            [["split_id", "stamm_fingerprint"], *[list(x) for x in lineage]],
            hidden=True,
            protect=True,
        )
        if LINEAGE_SHEET in names:
            book.replace_sheet_values(LINEAGE_SHEET, record)
        else:
            book.add_sheet(record)
    sheet = report(findings)
    if sheet.name in names:
        # an earlier merge's report stays, numbered; the newest always has the plain name
        n = 1
        while f"{sheet.name} {n}" in names:
            n += 1
        book.rename_sheet(sheet.name, f"{sheet.name} {n}")
    book.add_sheet(NewSheet(sheet.name, plain_rows(sheet), _widths(sheet)))  # type: ignore[arg-type]
    return book.save(output), merged
