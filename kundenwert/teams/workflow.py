"""`kundenwert split` and `kundenwert merge`: team workbooks from the master and back."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import cast

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from kundenwert.book.geometry import col_letter
from kundenwert.book.labels import (
    LANGS,
    column_label,
    error_text,
    expected_text,
    message,
    t,
    t_all,
)
from kundenwert.book.plan import Plan, Sheet, Table, Text, cell_value
from kundenwert.book.result_sheets import growth_sheet
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.errors import InputFileError, KundenwertError, MessageError, Problem
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.portfolio import ScoreResult, derive_factors, score_portfolio
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
from kundenwert.templates.live_layout import HELPER_SHEET, Others, failed_contacts
from kundenwert.templates.master import guide_sheet
from kundenwert.xlsx.atomic import remove_stale
from kundenwert.xlsx.openpyxl_renderer import write_plan
from kundenwert.xlsx.reader import ReadResult, check_file, error_cells, read_customers

MARKER_SHEET = "_kundenwert"
KEYS = [c.key for c in INPUT_COLUMNS]
#: Where the marker sheet keeps what the split gave the team (header row, then one row each).
GIVEN_ANCHOR = "D1"
#: Growth-table text keys, in the order of the growth sheet's text columns.
TEXT_KEYS = ("ziele", "massnahmen", "kontakte", "paket", "rolle", "invest")
#: Column (0-based) of the marker sheet where the growth texts the split gave start: segment
#: key, then one column per text key.
TEXTS_COLUMN = ord(GIVEN_ANCHOR[0]) - ord("A") + len(INPUT_COLUMNS) + 1


def _marker_sheet(
    marker: Marker, given: list[list[object]], texts: dict[str, dict[str, object]]
) -> Sheet:
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
            Table(
                f"{col_letter(TEXTS_COLUMN + 1)}1",
                ["segment", *TEXT_KEYS],
                [[seg, *[v.get(k) for k in TEXT_KEYS]] for seg, v in texts.items()],
            ),
        ],
        protect=True,
        hidden=True,
    )


def growth_texts(read: ReadResult, config: Config, lang: Lang) -> dict[str, dict[str, object]]:
    """The growth-table texts of a workbook as read (its own edits), defaults where it has
    none: what a team is given and what its texts are compared with."""
    from kundenwert.method.growth_table import edited_texts
    from kundenwert.method.growth_texts import GROWTH_TEXTS

    texts = {k: dict(v) for k, v in GROWTH_TEXTS["en" if lang == "en" else "de"].items()}
    for seg, values in edited_texts(read.growth_cells or [], config).items():
        texts[seg] = dict(values)
    return {seg: {k: v.get(k) for k in TEXT_KEYS} for seg, v in texts.items()}


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


def _number(v: object) -> float | None:
    """A frame value as a plain number; None for missing and non-numeric values."""
    x = cell_value(v)
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def _others(data: pd.DataFrame, scored: pd.DataFrame, mask: pd.Series, config: Config) -> Others:
    """The customers outside the team (`mask` False) as the whole portfolio scored them."""
    rest = data.loc[~mask]
    columns = dict.fromkeys(f.column for f in config.factors)
    values: dict[str, list[float | None]] = {
        c: [_number(v) for v in rest[c]] if c in rest else [None] * len(rest) for c in columns
    }
    ist = [_number(scored["ist_score"].get(i)) for i in rest.index]
    pot = [_number(scored["potenzial_score"].get(i)) for i in rest.index]
    revenue = [_number(v) for v in rest["umsatz"]] if "umsatz" in rest else [None] * len(rest)
    # the ABC basis as the template computes it: every customer with revenue ≥ 0, scored or not
    basis = [u if u is not None and u >= 0 else None for u in revenue]
    return Others(values, ist, pot, basis)


def _team_instructions(total: int, own: int, by: str, team: str, lang: Lang) -> Sheet:
    """What a team workbook is, whose it is, and what its numbers are relative to."""
    stand = (
        f"{dt.datetime.now():%d.%m.%Y %H:%M}"
        if lang != "en"
        else f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    lines = [
        t("team.eingabe", lang),
        t("team.bezug", lang).format(n=total, m=own, stand=stand),
        t("team.wachstum", lang),
        t("team.rueckgabe", lang),
    ]
    # wrapped within the page, with the legend of the yellow input cells below
    sheet = guide_sheet(t("team.titel", lang), lines, lang)
    # whose workbook it is, below the legend: the team's name in a cell of its own, as the
    # master holds it
    row = len(lines) + 5
    sheet.blocks += [
        Text(f"A{row}", t("team.fuer", lang).format(by=by)),
        Text(f"A{row + 1}", team, bold=True),
    ]
    return sheet


#: Longest file name stem a split writes, in UTF-8 bytes: file systems allow 255 bytes for a
#: name, and the suffix against collisions and ".xlsx" need room too.
MAX_STEM_BYTES = 200
_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def team_of(value: object) -> str | None:
    """The team a split-key cell names; None for an empty or white-space-only cell (those
    customers form their own team, never lumped with a real one named "(ohne)")."""
    v = cell_value(value)
    if v is None:
        return None
    text = str(v)
    return text if text.strip() else None


def shown_team(team: str | None, by: str, lang: Lang) -> str:
    """A team as the console and the workbook name it: control characters as \\xNN; the
    customers without a team as "(ohne Region)", apart from a region named "(ohne)"."""
    if team is None:
        return t("team.ohne_wert", lang).format(by=by)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", team)


def team_file_names(teams: Sequence[str | None], prefix: str, lang: Lang) -> dict[str | None, str]:
    """One file name per team, all distinct even on disks that ignore case (Windows, macOS):
    characters a file name cannot hold become "_", a long name is shortened, and a name that
    is already taken gets a number ("_2", "_3", …). Named teams in sorted order first, the
    customers without a team last, so a rerun gives every team the same file."""
    named = sorted((x for x in set(teams) if x is not None), key=lambda x: (x.casefold(), x))
    order: list[str | None] = [*named, *([None] if None in teams else [])]
    taken: set[str] = set()
    out: dict[str | None, str] = {}
    for team in order:
        stem = _UNSAFE_IN_NAME.sub(
            "_", f"{prefix}_{t('team.ohne', lang) if team is None else team}"
        )
        stem = stem.encode()[:MAX_STEM_BYTES].decode(errors="ignore")
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}_{n}"
        taken.add(name.casefold())
        out[team] = f"{name}.xlsx"
    return out


class Written(list[Path]):
    """The team workbooks a split wrote, in order, with the team each one belongs to."""

    def __init__(self, teams: dict[Path, str]) -> None:
        super().__init__(teams)
        self.teams = teams  # file → its team as shown (shown_team)


def split(
    master: str | Path,
    by: str,
    outdir: str | Path,
    config: Config | None = None,
    lang: Lang = "de",
    overwrite: bool = False,
) -> Written:
    """One workbook per region or rep: the team's customers with live formulas that score
    against the whole portfolio, their matrix and growth table, instructions, and a marker for
    the merge. Every team gets a file of its own (team_file_names) and every customer lands
    in exactly one; the files are written into a staging folder first and moved into `outdir`
    together, so a split that fails leaves no partial set. Existing team workbooks are never
    overwritten unless `overwrite` (they may hold returned work): the split stops before
    writing anything and names them."""
    source = check_file(Path(master))
    key = {"region": "region", "betreuer": "betreuer"}.get(by.lower())
    if key is None:
        raise MessageError("err.by", by=by)
    read = read_customers(source)
    if key not in read.frame:
        raise MessageError("err.keine_teilspalte", path=str(source), column_cols=(key,))
    # the time first, so a later split sorts after an earlier one
    split_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    marker_base = Marker(split_id, fingerprint(master_values(read)), key, "")
    config = config or master_config(source)
    out = Path(outdir)
    frame = read.frame
    teams = pd.Series([team_of(v) for v in frame[key]], index=frame.index, dtype=object)
    names = {
        team: out / name
        for team, name in team_file_names(list(teams), column_label(key, lang), lang).items()
    }
    existing = [p for p in names.values() if p.exists()]
    if existing and not overwrite:
        raise MessageError(
            "err.teammappen_da",
            path=str(out),
            n=len(existing),
            names=", ".join(p.name for p in existing),
        )
    # scored once, over the whole portfolio: every team workbook carries the rest of it
    full = score_portfolio(frame, config, contacts=read.contacts)  # classes as `score` gives
    data = derive_factors(frame, config)
    texts = growth_texts(read, config, lang)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out)  # what a killed split left
    with staging_folder(out, "split") as staging:
        for team, path in names.items():
            mask = teams.isna() if team is None else teams == team
            plan = _team_plan(frame, mask, team, full, data, config, texts, lang, marker_base)
            write_plan(plan, staging / path.name)
        for path in names.values():  # all written: now they replace what was there
            os.replace(staging / path.name, path)
    by = column_label(key, lang)
    return Written({path: shown_team(team, by, lang) for team, path in names.items()})


def _team_plan(
    frame: pd.DataFrame,
    mask: pd.Series,
    team: str | None,
    full: ScoreResult,
    data: pd.DataFrame,
    config: Config,
    texts: dict[str, dict[str, object]],
    lang: Lang,
    marker_base: Marker,
) -> Plan:
    """One team's workbook (the customers where `mask` holds)."""
    part = frame.loc[mask]
    values = [[cell_value(r.get(k)) for k in KEYS] for r in part.to_dict("records")]
    others = _others(data, full.scored, mask, config)
    own = replace(full, scored=full.scored.loc[full.scored.index.isin(part.index)])
    plan = live_plan(
        [[column_label(k, lang) for k in KEYS], *values],
        config,
        lang,
        others=others,
        contacts=failed_contacts(own.scored),
    )
    marker = Marker(
        marker_base.split_id, marker_base.master_fingerprint, marker_base.by, team or ""
    )
    # the helper sheet now holds the whole portfolio's values: hidden, as the marker
    plan.sheets = [
        replace(sh, hidden=True) if sh.name == HELPER_SHEET else sh for sh in plan.sheets
    ]
    by = column_label(marker_base.by, lang)
    plan.sheets.insert(
        0, _team_instructions(len(frame), len(part), by, shown_team(team, by, lang), lang)
    )
    plan.sheets += [growth_sheet(own, lang, texts), _marker_sheet(marker, values, texts)]
    return plan


@contextmanager
def staging_folder(folder: Path, what: str) -> Iterator[Path]:
    """A fresh folder inside `folder` (same disk, so a rename into `folder` is atomic) for
    files that must appear all at once or not at all; removed with whatever is left in it."""
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix=f".kundenwert-{what}-", dir=folder))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _read_returned(
    path: Path, lang: Lang, master: dict[str, dict[str, object]] | None = None
) -> tuple[Returned, list[Finding]]:
    """The workbook as the merge needs it, and what reading it found (invalid cells, rows
    that could not be read). A workbook that cannot be read (not a workbook, too large,
    broken XML in a sheet) is named as unreadable; the others are merged all the same."""
    import zipfile
    import zlib

    try:
        return _read_team_book(path, lang, master)
    except (
        InputFileError,
        CalamineError,
        OSError,
        ValueError,
        SyntaxError,  # ElementTree's ParseError
        zipfile.BadZipFile,
        zlib.error,
        KeyError,  # a part the package names is missing
        UnicodeDecodeError,
    ) as e:  # KundenwertError is a ValueError: a table or patch error of this file too
        return Returned(path.name, None, {}, "o.unlesbar", problem_args=(("error", e),)), []


def _read_team_book(
    path: Path, lang: Lang, master: dict[str, dict[str, object]] | None = None
) -> tuple[Returned, list[Finding]]:
    """_read_returned, for a workbook that can be read."""
    source = check_file(path)
    book = CalamineWorkbook.from_path(str(source))
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
    given_texts = _given_texts(cells)
    notes: list[Finding] = []
    table = next((n for n in book.sheet_names if n in t_all("sheet.kunden")), None)
    if table is None:
        table = _customer_sheet_by_content(book, given)
        if table is None:
            return Returned(
                path.name,
                marker,
                {},
                "o.unlesbar.blatt",
                problem_args=(("sheet_key", "sheet.kunden"),),
            ), []
        notes.append(
            Finding(
                path.name,
                None,
                None,
                t("sheet.kunden", lang),
                table,
                "o.umbenannt",
                args=(("sheet", table),),
            )
        )
    rows = cast(list[list[object]], book.get_sheet_by_name(table).to_python(skip_empty_area=False))
    for (r, c), literal in error_cells(source, table).items():  # calamine hands them over empty
        if r < len(rows):
            rows[r] += [None] * (c + 1 - len(rows[r]))
            rows[r][c] = literal
    try:
        read = read_team_table(rows, table, path.name, master or {})
    except KundenwertError as e:  # e.g. the customer id column was deleted
        return Returned(
            path.name, marker, {}, "o.unlesbar.tabelle", problem_args=(("error", e),)
        ), []
    notes += _formula_inputs(source, table, rows, read.rows, master or {})
    return Returned(
        path.name,
        marker,
        read.rows,
        given=given,
        texts=_team_texts(book),
        given_texts=given_texts,
        sheet=table,
    ), [*notes, *read.findings]


def _formula_inputs(
    source: Path,
    sheet: str,
    rows: list[list[object]],
    values: Values,
    master: dict[str, dict[str, object]],
) -> list[Finding]:
    """Formulas a team put into its input cells: one without a stored value (calamine reads
    it as an empty cell) is never taken for a blank, its cell is left out of `values` so the
    master's value stays; one with a stored value is read as that value. Both are listed."""
    from kundenwert.cells.customer_table import find_header, map_columns
    from kundenwert.cells.values import parse_id
    from kundenwert.teams.rules import TEAM_OWNED
    from kundenwert.xlsx.part_patch import Package, formula_cells

    package = Package(source)
    formulas = formula_cells(package.text(package.sheet_part(sheet)))
    if not formulas:
        return []
    head, _ = find_header(rows)
    columns, _, _ = map_columns(list(rows[head]), sheet, head + 1)
    keys = {j: k for k, j in columns.items() if k in TEAM_OWNED}
    out = []
    for (r, c), (formula, stored) in sorted(formulas.items()):
        key = keys.get(c)
        if key is None or r <= head or r >= len(rows):
            continue
        cid = parse_id(rows[r][columns["kunden_nr"]])
        if cid is None or cid not in values:
            continue
        if not stored:
            values[cid].pop(key, None)
        found = rows[r][c] if stored else None
        what = "o.formel_wert" if stored else "o.formel_ohne_wert"
        out.append(
            Finding(
                source.name,
                cid,
                key,
                master.get(cid, {}).get(key),
                found,
                what,
                args=(("formula", formula),),
            )
        )
    return out


def _customer_sheet_by_content(book: CalamineWorkbook, given: Values | None) -> str | None:
    """The sheet a rep renamed: the one whose header names the customer id and most known
    columns, and whose ids include customers the split gave this workbook."""
    from kundenwert.cells.customer_table import find_header

    best: tuple[int, str] | None = None
    for name in book.sheet_names:
        if name in (MARKER_SHEET, HELPER_SHEET):
            continue
        cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        row, known = find_header(cells)
        if row < 0 or known < len(INPUT_COLUMNS) // 2:
            continue
        ids = {str(r[0]) for r in cells[row + 1 :] if r and r[0] not in (None, "")}
        if given is not None and not ids & set(given):
            continue
        if best is None or known > best[0]:
            best = (known, name)
    return best[1] if best else None


def _team_texts(book: CalamineWorkbook) -> dict[str, dict[str, object]] | None:
    """The growth-table texts as the team left them; None without a growth sheet."""
    from kundenwert.method.growth_table import edited_texts

    name = next((n for n in book.sheet_names if n in t_all("sheet.wachstum")), None)
    if name is None:
        return None
    cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return edited_texts(cells, Config())


def _given_texts(cells: list[list[object]]) -> dict[str, dict[str, object]] | None:
    """The growth texts the split gave the team, from the marker sheet; None if absent."""
    if not cells or len(cells[0]) <= TEXTS_COLUMN or cells[0][TEXTS_COLUMN] != "segment":
        return None
    out: dict[str, dict[str, object]] = {}
    for row in cells[1:]:
        values = list(row[TEXTS_COLUMN : TEXTS_COLUMN + 1 + len(TEXT_KEYS)])
        values += [None] * (1 + len(TEXT_KEYS) - len(values))
        if values[0]:
            out[str(values[0])] = {
                k: (None if v == "" else v) for k, v in zip(TEXT_KEYS, values[1:], strict=True)
            }
    return out


def _given(cells: list[list[object]]) -> Values | None:
    """What the split gave the team, from the marker sheet; None if it is not readable."""
    col = ord(GIVEN_ANCHOR[0]) - ord("A")
    table = [row[col:] for row in cells]
    try:
        read = read_customer_table(table, MARKER_SHEET)
    except KundenwertError:
        return None
    return master_values(read)


def broken_formulas(
    path: Path, lang: Lang = "de", sheet: str | None = None, known: set[str] | None = None
) -> list[Finding]:
    """Computed cells of a team workbook that no longer hold their formula (typed over or
    cleared): reported with the value found, so nothing typed there goes unseen. Rows of
    customers not in `known` are left out: a new customer is reported once, as new."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # unreadable workbooks are reported by _read_returned
        return []
    name = sheet or next((n for n in book.sheetnames if n in t_all("sheet.kunden")), None)
    if name is None or name not in book.sheetnames:
        return []
    findings = []
    rows = book[name].iter_rows(values_only=True)
    header = list(next(rows, ()))
    first = len(INPUT_COLUMNS)
    for values in rows:
        cid = values[0] if values else None
        if cid is None or (known is not None and str(cid) not in known):
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
                        "o.formel",
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


#: Label keys of the result sheets a merge re-scores (or marks out of date).
RESULT_SHEETS = (
    "sheet.bewertung",
    "sheet.matrix",
    "sheet.wachstum",
    "sheet.auskunft",
    "sheet.pruef",
)


def _result_sheets(source: Path) -> tuple[Lang, list[str]]:
    """The language of the master's result sheets and their names (none: no result sheets)."""
    names = CalamineWorkbook.from_path(str(source)).sheet_names
    for lang in LANGS:
        found = [t(k, lang) for k in RESULT_SHEETS if t(k, lang) in names]
        if t("sheet.bewertung", lang) in found:
            return lang, found
    return "de", []


def _growth_cells(
    source: Path, texts: dict[tuple[str, str], object], config: Config
) -> tuple[str | None, dict[tuple[int, int], object]]:
    """Where the master's growth table keeps each text, as cells to set: (sheet, cells)."""
    book = CalamineWorkbook.from_path(str(source))
    name = next((n for n in book.sheet_names if n in t_all("sheet.wachstum")), None)
    if name is None:
        return None, {}
    cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    by_label = {v: k for x in ("de", "en") for k, v in config.segment_labels(x).items()}
    heads = {t(f"g.{k}", x): k for x in ("de", "en") for k in TEXT_KEYS}
    columns: dict[str, int] = {}
    rows: dict[str, int] = {}
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            if isinstance(v, str) and v in heads and heads[v] not in columns:
                columns[heads[v]] = j
        if row and isinstance(row[0], str) and row[0] in by_label:
            rows.setdefault(str(by_label[row[0]]), i)
    out = {
        (rows[seg] + 1, columns[key] + 1): value
        for (seg, key), value in texts.items()
        if seg in rows and key in columns
    }
    return name, out


def merge_files(
    master: str | Path,
    returned: Sequence[str | Path],
    output: str | Path,
    config: Config | None = None,
    lang: Lang = "de",
    rescore: bool = True,
) -> tuple[Path, MergeResult]:
    """Merge the returned team workbooks into a new master: the master file in which only the
    team-owned cells and growth-table texts taken over change, plus the report sheet
    (team_books.py). Then the master's result sheets (Bewertung, Matrix, Wachstumstabelle,
    Kundenauskunft, Prüfprotokoll), if it has them, are computed again from the merged
    values as `kundenwert score` would, or, without `rescore`, marked out of date.
    `config` is not needed: the master keeps its own model."""
    from kundenwert.teams.rules import merge_texts

    source = check_file(Path(master))
    target = Path(output)
    if target.resolve() in {Path(p).resolve() for p in returned}:
        raise MessageError("err.stamm_ueber_team", path=str(target))
    if target.resolve() == source.resolve():
        raise MessageError("err.gleicher_stamm")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent)  # what a killed merge left
    read = read_customers(source)
    base = master_values(read)
    model = master_config(source)
    paths = [Path(p) for p in returned]
    read_back = [_read_returned(p, lang, base) for p in paths]
    workbooks = [w for w, _ in read_back]
    lineage = read_lineage(source)
    result = merge(base, fingerprint(base), workbooks, lineage)
    whole = {f.workbook for f in result.findings if f.whole}
    for path, (wb, notes) in zip(paths, read_back, strict=True):
        if wb.marker is not None and wb.problem is None:
            result.findings.extend(notes)
            if wb.name not in whole:
                # rows of customers it was not given are refused whole (rules.merge)
                known = set(base) & set(wb.given) if wb.given is not None else set(base)
                result.findings.extend(broken_formulas(path, lang, wb.sheet, known))
    # growth-table texts, by the same three-way rule
    offered = [
        (wb.name, wb.texts, wb.given_texts)
        for wb in workbooks
        if wb.texts is not None and wb.marker is not None and wb.name not in whole
    ]
    taken, text_findings = merge_texts(growth_texts(read, model, lang), offered)
    sheet, cells = _growth_cells(source, taken, model)
    labels: dict[str, str] = {str(k): v for k, v in model.segment_labels(lang).items()}
    for f in text_findings:
        what = f.what
        if what == "o.uebernommen" and sheet is None:
            what = "o.ohne_wachstumstabelle"
        result.findings.append(
            replace(
                f,
                customer=f"{t('sheet.wachstum', lang)}: {labels.get(str(f.customer), f.customer)}",
                column=t(f"g.{f.column}", lang),
                what=what,
            )
        )
    result_lang, stale = _result_sheets(source)
    if stale:
        key = "m.neu_bewertet" if rescore else "m.veraltet"
        result.findings.append(
            Finding(target.name, None, None, None, None, key, args=(("sheets", ", ".join(stale)),))
        )
    history = [*lineage, *[u for u in result.used if u not in lineage]]
    # both steps (the patched cells, then the result sheets) go into one file in a staging
    # folder beside the target, which then replaces the target in one rename: a merge killed
    # at any point leaves the previous file at `target`, never a half-new one
    with staging_folder(target.parent, "merge") as work:
        path, merged = write_merged_master(
            source,
            read,
            base,
            result,
            lambda found: report_sheet(found, lang),
            work / target.name,
            history,
            lang,
            {sheet: cells} if sheet and cells else None,
        )
        if stale:
            if rescore:
                _rescore(path, result_lang, stale)
            else:
                _mark_stale(path, stale, result_lang)
        os.replace(path, target)
    return target, merged


def _rescore(path: Path, lang: Lang, sheets: Sequence[str]) -> None:
    """Compute the result sheets of `path` again from its customer table, as `kundenwert score`
    with the workbook's own model does, and swap them in part by part."""
    import tempfile

    from kundenwert.book.result_book import scored_plan
    from kundenwert.xlsx.part_patch import Package
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan as write_fast

    read = read_customers(path)
    _, plan = scored_plan(read, master_config(path), lang)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write_fast(plan, Path(tmp) / "neu.xlsx")
        book = Package(path)
        book.swap_sheets(Package(fresh), sheets)
        book.save(path)


def _mark_stale(path: Path, sheets: Sequence[str], lang: Lang) -> None:
    from kundenwert.xlsx.part_patch import Package

    book = Package(path)
    for name in sheets:
        book.mark_stale(name, t("m.veraltet_zelle", lang))
    book.save(path)


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
            _cell_text(f.master_value, lang),
            _cell_text(f.team_value, lang),
            outcome_text(f, lang),
        ]
        for f in findings
    ]
    title = t("sheet.zusammenfuehrung", lang)
    warning = not_merged_line(findings, lang)
    blocks: list[Table | Text] = (
        [Text("A1", warning, bold=True), Text("A2", title, bold=True, size=14)]
        if warning
        else [Text("A1", title, bold=True, size=14)]
    )
    blocks.append(Table("A3", header, rows) if rows else Text("A3", t("m.nichts", lang)))
    return Sheet(title, list(blocks), widths={"A": 28, "B": 12, "C": 22, "D": 18, "E": 18, "F": 50})


def not_merged_line(findings: Sequence[Finding], lang: Lang = "de") -> str | None:
    """The line that leads the report and the console when a workbook could not be merged at
    all; None when every workbook was merged."""
    whole = [f for f in findings if f.whole]
    if not whole:
        return None
    names = "; ".join(f"{f.workbook} ({outcome_text(f, lang).split(';')[0]})" for f in whole)
    return t("m.nicht_uebernommen", lang).format(n=len(whole), names=names)


def outcome_text(f: Finding, lang: Lang = "de") -> str:
    """A merge report outcome in the chosen language: its keyed message, with an error or a
    check-sheet problem among the arguments rendered in that language too."""
    values: dict[str, object] = {}
    for name, value in f.args:
        if isinstance(value, Exception):
            value = error_text(value, lang)
        elif isinstance(value, Problem):
            value = expected_text(value, lang)
        elif name == "sheet_key":
            name, value = "sheet", t(str(value), lang)
        elif name == "why":
            value = t(str(value), lang)
        values[name] = value
    return message(f.what, values, lang)


def _column_name(column: str | None, lang: Lang) -> str | None:
    """A column key in the chosen language; headers found in a workbook stay as they are."""
    if column is None:
        return None
    try:
        return column_label(column, lang)
    except KeyError:
        return column


def _cell_text(v: object, lang: Lang = "de") -> object:
    """A value as the user sees it; a row's cells as "Header: value; …"."""
    if isinstance(v, dict):
        return "; ".join(f"{_column_name(k, lang)}: {w}" for k, w in v.items() if w is not None)
    return v
