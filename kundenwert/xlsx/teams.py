"""`kundenwert split` and `kundenwert merge`: team workbooks from the master and back."""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from python_calamine import CalamineWorkbook

from kundenwert.columns import INPUT_COLUMNS
from kundenwert.config import Config
from kundenwert.labels import column_label, t
from kundenwert.merge import Finding, Marker, MergeResult, Returned, merge
from kundenwert.plan import Sheet, Table, Text
from kundenwert.portfolio import score_portfolio
from kundenwert.problems import InputFileError, KundenwertError
from kundenwert.result_book import growth_sheet
from kundenwert.table import read_table
from kundenwert.templates.formulas import live_plan
from kundenwert.xlsx.reader import check_file, read_customers
from kundenwert.xlsx.writer import write_plan

MARKER_SHEET = "_kundenwert"
KEYS = [c.key for c in INPUT_COLUMNS]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain(v: object) -> object:
    """A cell value without NaN/NaT and numpy types."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "to_pydatetime"):
        return None if str(v) == "NaT" else v.to_pydatetime()
    if hasattr(v, "item"):
        return v.item()
    return v


def _marker_sheet(marker: Marker, ids: Sequence[str]) -> Sheet:
    rows: list[list[object]] = [
        ["split_id", marker.split_id],
        ["master_sha256", marker.master_sha256],
        ["by", marker.by],
        ["team", marker.team],
        ["kunden", len(ids)],
    ]
    rows += [["kunde", cid] for cid in ids]
    return Sheet(
        MARKER_SHEET, [Table("A1", ["Schlüssel", "Wert"], rows)], protect=True, hidden=True
    )


def split(
    master: str | Path, by: str, outdir: str | Path, config: Config | None = None, lang: str = "de"
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
    marker_base = Marker(uuid.uuid4().hex[:12], _sha256(source), key, "")
    config = config or Config()
    out = Path(outdir)
    written = []
    frame = read.frame
    for team, part in frame.groupby(frame[key].fillna("(ohne)"), sort=True):
        rows: list[list[object]] = [[column_label(k, lang) for k in KEYS]]
        rows += [[_plain(r.get(k)) for k in KEYS] for r in part.to_dict("records")]
        plan = live_plan(rows, config, lang)
        scored = score_portfolio(part, config)
        marker = Marker(marker_base.split_id, marker_base.master_sha256, key, str(team))
        plan.sheets += [
            growth_sheet(scored, lang),
            _marker_sheet(marker, part["kunden_nr"].tolist()),
        ]
        name = re.sub(r"[^\w.-]+", "_", f"{column_label(key, lang)}_{team}")
        written.append(write_plan(plan, out / f"{name}.xlsx"))
    return written


def _read_returned(path: Path, lang: str) -> Returned:
    try:
        source = check_file(path)
        book = CalamineWorkbook.from_path(str(source))
    except (InputFileError, OSError) as e:
        return Returned(path.name, None, {}, f"unlesbar: {e}")
    except Exception as e:  # calamine's own errors for broken archives
        return Returned(path.name, None, {}, f"unlesbar: {e}")
    if MARKER_SHEET not in book.sheet_names:
        return Returned(path.name, None, {})
    cells = book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False)
    info = {str(r[0]): str(r[1]) for r in cells[1:] if len(r) > 1 and r[0] != "kunde"}
    marker = Marker(
        info.get("split_id", ""),
        info.get("master_sha256", ""),
        info.get("by", ""),
        info.get("team", ""),
    )
    table = next(
        (n for n in book.sheet_names if n in {t("sheet.kunden", x) for x in ("de", "en")}), None
    )
    if table is None:
        return Returned(
            path.name,
            marker,
            {},
            f"Blatt '{t('sheet.kunden', lang)}' fehlt (umbenannt?); nichts übernommen",
        )
    rows = cast(list[list[object]], book.get_sheet_by_name(table).to_python(skip_empty_area=False))
    frame = read_table(rows, table).frame
    keyed = {
        str(r["kunden_nr"]): {k: _plain(r.get(k)) for k in KEYS if k in frame}
        for r in frame.to_dict("records")
    }
    return Returned(path.name, marker, keyed)


def broken_formulas(path: Path, lang: str = "de") -> list[Finding]:
    """Computed cells of a team workbook that no longer hold their formula (typed over or
    cleared): reported with the value found, so nothing typed there goes unseen."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # unreadable workbooks are reported by _read_returned
        return []
    name = next(
        (n for n in book.sheetnames if n in {t("sheet.kunden", x) for x in ("de", "en")}), None
    )
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


def _expected(paths: Sequence[Path]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in paths:
        try:
            book = CalamineWorkbook.from_path(str(path))
            cells = book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False)
        except Exception:  # not ours or unreadable: reported by _read_returned
            continue
        info = {str(r[0]): r[1] for r in cells[1:] if len(r) > 1}
        out[str(info.get("team"))] = [str(r[1]) for r in cells[1:] if r[0] == "kunde"]
    return out


def merge_files(
    master: str | Path,
    returned: Sequence[str | Path],
    output: str | Path,
    config: Config | None = None,
    lang: str = "de",
) -> tuple[Path, MergeResult]:
    """Merge the returned team workbooks into a new master (live template + report)."""
    source = check_file(Path(master))
    read = read_customers(source)
    base = {
        str(r["kunden_nr"]): {k: _plain(r.get(k)) for k in KEYS if k in read.frame}
        for r in read.frame.to_dict("records")
    }
    paths = [Path(p) for p in returned]
    workbooks = [_read_returned(p, lang) for p in paths]
    sha = _sha256(source)
    ids = Counter(
        w.marker.split_id for w in workbooks if w.marker and w.marker.master_sha256 == sha
    )
    split_id = ids.most_common(1)[0][0] if ids else ""
    result = merge(base, sha, split_id, workbooks, _expected(paths))
    for path, wb in zip(paths, workbooks, strict=True):
        if wb.marker is not None and wb.problem is None:
            result.findings.extend(broken_formulas(path, lang))
    rows: list[list[object]] = [[column_label(k, lang) for k in KEYS]]
    rows += [[values.get(k) for k in KEYS] for values in result.rows.values()]
    plan = live_plan(rows, config or Config(), lang)
    plan.sheets.append(report_sheet(result.findings, lang))
    return write_plan(plan, output), result


def report_sheet(findings: Sequence[Finding], lang: str = "de") -> Sheet:
    """The merge report: every value taken over, every conflict, every refusal."""
    header = (
        ["Arbeitsmappe", "Kunden-Nr", "Spalte", "Wert im Stamm", "Wert der Mappe", "Ergebnis"]
        if lang != "en"
        else ["Workbook", "Customer ID", "Column", "Master value", "Workbook value", "Outcome"]
    )
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
    title = "Zusammenführung" if lang != "en" else "Merge report"
    blocks: list[Table | Text] = [Text("A1", title, bold=True, size=14)]
    if rows:
        blocks.append(Table("A3", header, rows))
    else:
        blocks.append(
            Text(
                "A3",
                "Keine Änderungen und keine Konflikte."
                if lang != "en"
                else "No changes and no conflicts.",
            )
        )
    return Sheet(title, list(blocks), widths={"A": 28, "B": 12, "C": 22, "D": 18, "E": 18, "F": 50})


def _column_name(column: str | None, lang: str) -> str | None:
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
