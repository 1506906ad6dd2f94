"""Change a user's workbook at the level of its zip parts: set single cells, add sheets, swap
sheets for freshly rendered ones, and leave every other part byte for byte as it was.

openpyxl rewrites a whole workbook when it saves and drops what it does not model (shapes, form
controls, some drawing details, VBA unless asked); a merged master must keep all of that. So
only the parts that must change are rewritten, and those as text edits, not as a parse and a
re-serialisation (which would rename namespace prefixes and break `mc:Ignorable`):
- a sheet whose cells change: only the `<c>` elements concerned (and rows they need);
- the workbook part (new sheets, `fullCalcOnLoad` so Excel recomputes formulas that read
  the changed cells), its relationships and the content types, when sheets are added;
- styles, only when sheets rendered elsewhere are swapped in (their formats are appended, so
  every existing style index keeps its meaning).
Strings are written as inline strings so the shared-string table stays untouched.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from kundenwert.book.geometry import col_letter
from kundenwert.errors import FileMessageError, MessageError
from kundenwert.xlsx.atomic import atomic_path
from kundenwert.xlsx.cell_xml import ooxml_text

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = f"{REL_NS}/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
Cell = float | int | str | None


class PatchError(MessageError):
    """The workbook's XML is not laid out as this module can patch safely (a keyed message)."""


def _column_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):  # type: ignore[union-attr]
        n = n * 26 + ord(ch) - 64
    return n


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return m.group(1) if m else None


def _value_xml(ref: str, value: Cell, style: str | None) -> str:
    """One `<c>` element holding `value` (None: an empty cell that keeps its style)."""
    s = f' s="{style}"' if style is not None else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        x = float(value)
        if x != x or x in (float("inf"), float("-inf")):
            return f'<c r="{ref}"{s} t="e"><v>#NUM!</v></c>'  # as Excel stores it
        text = repr(x)
        return f'<c r="{ref}"{s}><v>{text[:-2] if text.endswith(".0") else text}</v></c>'
    text = escape(ooxml_text(str(value)))  # control characters escaped, as Excel writes them
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


#: A cell with content (not `<c …/>`): its column letters, row number and content.
_FORMULA_CELL = re.compile(
    r'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]+)(\d+)"[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>', re.S
)
_FORMULA = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)


def formula_cells(sheet_xml: str) -> dict[tuple[int, int], tuple[str, bool]]:
    """The formula cells of a worksheet part: (row, column), both 0-based → (formula text,
    whether a value of it is stored). calamine hands a formula without a stored value over
    as an empty cell, which a merge must never take for a blank."""
    out: dict[tuple[int, int], tuple[str, bool]] = {}
    for m in _FORMULA_CELL.finditer(sheet_xml):
        f = _FORMULA.search(m.group(3))
        if f is None:
            continue
        v = _VALUE.search(m.group(3))
        stored = v is not None and v.group(1) != ""
        row, col = int(m.group(2)) - 1, _column_number(m.group(1)) - 1
        out[(row, col)] = ("=" + _unescape(f.group(1) or ""), stored)
    return out


_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
_CELL = re.compile(r"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)


def set_cells(sheet_xml: str, cells: Mapping[tuple[int, int], Cell]) -> str:
    """`sheet_xml` with the cells (row, column), 1-based, set to the values given; every other
    character stays. A cell keeps its style; a missing cell or row is inserted in order."""
    if not cells:
        return sheet_xml
    if re.search(r"<\w+:sheetData\b", sheet_xml):
        raise PatchError("err.patch.praefix")
    by_row: dict[int, dict[int, Cell]] = {}
    for (r, c), v in cells.items():
        by_row.setdefault(r, {})[c] = v
    m = re.search(r"<sheetData\s*/>|<sheetData\b[^>]*>(.*?)</sheetData>", sheet_xml, re.S)
    if m is None:
        raise PatchError("err.patch.sheetdata")
    if m.group(0).endswith("/>"):
        body, prefix, suffix = "", sheet_xml[: m.start()] + "<sheetData>", "</sheetData>"
        tail = sheet_xml[m.end() :]
    else:
        body, prefix, suffix = m.group(1), sheet_xml[: m.start(1)], ""
        tail = sheet_xml[m.end(1) :]
    rows = [(int(_attr(x.group(0).split(">", 1)[0], "r") or 0), x) for x in _ROW.finditer(body)]
    if any(r == 0 for r, _ in rows):
        raise PatchError("err.patch.zeile_ohne_nummer")
    out, pos = [], 0
    pending = sorted(by_row)
    for number, row in rows:
        while pending and pending[0] < number:
            out.append(body[pos : row.start()])
            pos = row.start()
            out.append(_new_row(pending.pop(0), by_row))
        if pending and pending[0] == number:
            out.append(body[pos : row.start()])
            out.append(_patch_row(row.group(0), number, by_row[pending.pop(0)]))
            pos = row.end()
    out.append(body[pos:])
    out += [_new_row(r, by_row) for r in pending]
    return prefix + "".join(out) + suffix + tail


def _new_row(number: int, by_row: Mapping[int, Mapping[int, Cell]]) -> str:
    cells = by_row[number]
    return (
        f'<row r="{number}">'
        + "".join(_value_xml(f"{col_letter(c)}{number}", cells[c], None) for c in sorted(cells))
        + "</row>"
    )


def _patch_row(row: str, number: int, cells: Mapping[int, Cell]) -> str:
    if row.endswith("/>"):
        head, inner, close = row[:-2] + ">", "", "</row>"
    else:
        head_end = row.index(">") + 1
        close_at = row.rindex("</")
        head, inner, close = row[:head_end], row[head_end:close_at], row[close_at:]
    head = re.sub(r'\sspans="[^"]*"', "", head)  # a hint only; wrong once a cell is added
    out, pos = [], 0
    pending = sorted(cells)
    for cell in _CELL.finditer(inner):
        tag = cell.group(0).split(">", 1)[0]
        ref = _attr(tag, "r")
        if ref is None:
            raise PatchError("err.patch.zelle_ohne_adresse", row=number)
        col = _column_number(ref)
        while pending and pending[0] < col:
            out.append(inner[pos : cell.start()])
            pos = cell.start()
            c = pending.pop(0)
            out.append(_value_xml(f"{col_letter(c)}{number}", cells[c], None))
        if pending and pending[0] == col:
            if re.search(r'<(?:\w+:)?f\b[^>]*\bt="shared"[^>]*\bref=', cell.group(0)):
                raise PatchError("err.patch.geteilte_formel", ref=ref)
            out.append(inner[pos : cell.start()])
            out.append(_value_xml(ref, cells[pending.pop(0)], _attr(tag, "s")))
            pos = cell.end()
    out.append(inner[pos:])
    out += [_value_xml(f"{col_letter(c)}{number}", cells[c], None) for c in pending]
    return head + "".join(out) + close


@dataclass
class NewSheet:
    """A sheet to add: plain values from A1 (no styles: styles.xml stays as it is), column
    widths, hidden or visible, protected or not."""

    name: str
    rows: Sequence[Sequence[Cell]]
    widths: Mapping[int, float] | None = None
    hidden: bool = False
    protect: bool = False


def sheet_xml(sheet: NewSheet) -> str:
    """The worksheet part of a `NewSheet`."""
    cols = ""
    if sheet.widths:
        cols = (
            "<cols>"
            + "".join(
                f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                for c, w in sorted(sheet.widths.items())
            )
            + "</cols>"
        )
    rows = []
    for i, values in enumerate(sheet.rows, start=1):
        cells = "".join(
            _value_xml(f"{col_letter(j)}{i}", v, None)
            for j, v in enumerate(values, start=1)
            if v is not None and v != ""
        )
        if cells:
            rows.append(f'<row r="{i}">{cells}</row>')
    protect = '<sheetProtection sheet="1" objects="1" scenarios="1"/>' if sheet.protect else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{cols}<sheetData>'
        + "".join(rows)
        + f"</sheetData>{protect}</worksheet>"
    )


def _safe_entries(infos: list[zipfile.ZipInfo]) -> tuple[list[zipfile.ZipInfo], list[str]]:
    """The entries a new file may carry over, and the names of those it must not: a name
    outside the package (absolute, a drive, "..": a zip tool unpacking the file would write
    there) or a second entry of the same name (readers disagree about which one counts)."""
    keep: list[zipfile.ZipInfo] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for info in infos:
        name = info.filename.replace("\\", "/")
        outside = name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in name.split("/")
        if outside or info.filename in seen:
            dropped.append(info.filename)
            continue
        seen.add(info.filename)
        keep.append(info)
    return keep, dropped


class Package:
    """An .xlsx/.xlsm opened as its parts; `save` writes the parts, changed or not, into a new
    file (unchanged ones exactly as read, with their original entry settings)."""

    def __init__(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as z:
                self.infos, self.dropped = _safe_entries(z.infolist())
                self.parts: dict[str, bytes] = {i.filename: z.read(i) for i in self.infos}
        except (zipfile.BadZipFile, OSError, KeyError) as e:
            raise FileMessageError("err.mappe_unlesbar", path=str(path), reason=str(e)) from e
        self.changed: set[str] = set()
        self.workbook = self._main_part()

    # parts --------------------------------------------------------------------------------
    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        if self.parts.get(name) != data:
            self.parts[name] = data
            self.changed.add(name)

    def delete(self, name: str) -> None:
        if self.parts.pop(name, None) is not None:
            self.changed.add(name)

    def _main_part(self) -> str:
        rels = self.text("_rels/.rels")
        m = re.search(r'<Relationship\b[^>]*officeDocument"[^>]*>', rels)
        target = _attr(m.group(0), "Target") if m else None
        if target is None:
            raise PatchError("err.patch.hauptteil")
        return target.lstrip("/")

    @staticmethod
    def rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{name}.rels")

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The relationships of `part`: Id, Type, Target (resolved to a part name), Mode."""
        name = self.rels_name(part)
        if name not in self.parts:
            return []
        out = []
        for m in re.finditer(r"<Relationship\b[^>]*/?>", self.text(name)):
            tag = m.group(0)
            rel = {k: _attr(tag, k) or "" for k in ("Id", "Type", "Target", "TargetMode")}
            if rel["TargetMode"] != "External":
                base = posixpath.dirname(part)
                target = rel["Target"]
                rel["Part"] = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(base, target))
                )
            out.append(rel)
        return out

    # sheets -------------------------------------------------------------------------------
    def sheets(self) -> list[tuple[str, str, str]]:
        """(name, relationship id, part) of every sheet, in workbook order."""
        wb = self.text(self.workbook)
        parts = {r["Id"]: r.get("Part", "") for r in self.relationships(self.workbook)}
        out = []
        for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", wb):
            tag = m.group(0)
            rid = re.search(r'\s\w+:id="([^"]*)"', tag)
            name = _attr(tag, "name")
            if rid and name is not None:
                out.append((_unescape(name), rid.group(1), parts.get(rid.group(1), "")))
        return out

    def sheet_part(self, name: str) -> str:
        for sheet, _, part in self.sheets():
            if sheet == name:
                return part
        raise PatchError("err.patch.blatt_fehlt", sheet=name)

    def set_cells(self, sheet: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        """Set cells of `sheet` (see `set_cells` above); Excel recomputes formulas on load."""
        if not cells:
            return
        part = self.sheet_part(sheet)
        self.put(part, set_cells(self.text(part), cells))
        self.recalculate_on_load()
        self.drop_calc_chain()

    def drop_calc_chain(self) -> None:
        """Remove the calculation chain, a cache of where formulas are: once a formula cell
        is overwritten or a sheet swapped it would name cells without formulas, which Excel
        treats as damage and "repairs"; without it Excel builds a new one silently."""
        for rel in self.relationships(self.workbook):
            if rel["Type"].endswith("/calcChain") and "Part" in rel:
                self.delete(rel["Part"])
                self._remove_content_type(rel["Part"])
                rels = self.rels_name(self.workbook)
                text = re.sub(
                    rf'<Relationship\b[^>]*\sId="{re.escape(rel["Id"])}"[^>]*/>',
                    "",
                    self.text(rels),
                )
                self.put(rels, text)

    def recalculate_on_load(self) -> None:
        """Ask Excel to recompute every formula when it opens the file: cached results of
        formulas that read a changed cell would be stale otherwise."""
        wb = self.text(self.workbook)
        m = re.search(r"<calcPr\b[^>]*?/?>", wb)
        if m is None:
            wb = re.sub(
                r"(</(?:definedNames|sheets)>)(?!.*</(?:definedNames|sheets)>)",
                r'\1<calcPr fullCalcOnLoad="1"/>',
                wb,
                count=1,
                flags=re.S,
            )
        elif 'fullCalcOnLoad="1"' not in m.group(0):
            tag = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", m.group(0))
            tag = re.sub(r"\s*(/?>)$", r' fullCalcOnLoad="1"\1', tag)
            wb = wb[: m.start()] + tag + wb[m.end() :]
        self.put(self.workbook, wb)

    def rename_sheet(self, old: str, new: str) -> None:
        """Rename a sheet in the workbook part (only its name attribute)."""
        wb = self.text(self.workbook)
        pattern = rf"(<(?:\w+:)?sheet\b[^>]*\sname=){re.escape(quoteattr(old))}"
        wb, n = re.subn(pattern, lambda m: m.group(1) + quoteattr(new), wb, count=1)
        if n != 1:
            raise PatchError("err.patch.blatt_fehlt", sheet=old)
        self.put(self.workbook, wb)

    def _free(self, pattern: str) -> str:
        n = 1
        while pattern.format(n) in self.parts:
            n += 1
        return pattern.format(n)

    def _add_relationship(self, part: str, kind: str, target_part: str) -> str:
        name = self.rels_name(part)
        text = self.parts.get(name, b"").decode("utf-8") or (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}"></Relationships>'
        )
        used = {r["Id"] for r in self.relationships(part)}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rid = f"rId{n}"
        target = posixpath.relpath(target_part, posixpath.dirname(part))
        rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
        self.put(name, re.sub(r"</Relationships>\s*$", rel + "</Relationships>", text))
        return rid

    def _add_content_type(self, part: str, content_type: str) -> None:
        types = self.text("[Content_Types].xml")
        entry = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        self.put("[Content_Types].xml", types.replace("</Types>", entry + "</Types>"))

    def _remove_content_type(self, part: str) -> None:
        types = self.text("[Content_Types].xml")
        types = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', "", types)
        self.put("[Content_Types].xml", types)

    def add_sheet(self, sheet: NewSheet) -> None:
        """A new last sheet holding plain values."""
        part = self._free("xl/worksheets/sheet{}.xml")
        self.put(part, sheet_xml(sheet))
        self._add_content_type(part, WORKSHEET_CT)
        rid = self._add_relationship(self.workbook, WORKSHEET_TYPE, part)
        wb = self.text(self.workbook)
        ids = [int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*\ssheetId="(\d+)"', wb)]
        state = ' state="hidden"' if sheet.hidden else ""
        # the prefix declared on the element itself: some writers declare it per sheet only
        tag = (
            f'<sheet xmlns:r="{REL_NS}" name={quoteattr(sheet.name)} '
            f'sheetId="{max(ids, default=0) + 1}"{state} r:id="{rid}"/>'
        )
        wb, n = re.subn(r"</sheets>", tag + "</sheets>", wb, count=1)
        if n != 1:
            raise PatchError("err.patch.sheets")
        self.put(self.workbook, wb)

    def mark_stale(self, name: str, text: str) -> None:
        """Mark a sheet visibly as out of date: a red tab and `text` in row 1, two columns
        right of everything it holds."""
        part = self.sheet_part(name)
        xml = self.text(part)
        refs = re.findall(r'<c\b[^>]*?\sr="([A-Z]+)\d+"', xml)
        last = max((_column_number(r) for r in refs), default=0)
        xml = set_cells(xml, {(1, last + 2): text})
        colour = '<tabColor rgb="FFC00000"/>'
        if re.search(r"<sheetPr\b[^>]*/>", xml):
            xml = re.sub(r"<sheetPr\b([^>]*)/>", rf"<sheetPr\1>{colour}</sheetPr>", xml, count=1)
        elif "<sheetPr" in xml:
            xml = re.sub(r"<tabColor\b[^>]*/>", "", xml, count=1)
            xml = re.sub(r"(<sheetPr\b[^>]*>)", rf"\1{colour}", xml, count=1)
        else:
            xml = re.sub(r"(<worksheet\b[^>]*>)", rf"\1<sheetPr>{colour}</sheetPr>", xml, count=1)
        self.put(part, xml)

    def replace_sheet_values(self, name: str, sheet: NewSheet) -> None:
        """Give an existing sheet (one of ours, e.g. the lineage record) new plain content."""
        self.put(self.sheet_part(name), sheet_xml(sheet))

    # swapping in sheets rendered elsewhere -----------------------------------------------
    def swap_sheets(self, donor: Package, names: Iterable[str]) -> list[str]:
        """Replace each named sheet that both workbooks have by the donor's sheet: its cells,
        drawings, charts and tables. The donor's formats are appended to this workbook's
        styles (existing style indices keep their meaning) and its shared strings become
        inline strings. Returns the names swapped."""
        mine = {n: p for n, _, p in self.sheets()}
        theirs = {n: p for n, _, p in donor.sheets()}
        todo = [n for n in names if n in mine and n in theirs]
        if not todo:
            return []
        styles = _StyleMerge(self, donor)
        strings = donor.shared_strings()
        for name in todo:
            part = mine[name]
            for rel in self.relationships(part):
                if "Part" in rel:
                    self._drop_tree(rel["Part"])
            self.delete(self.rels_name(part))
            text = styles.remap(_inline_strings(donor.text(theirs[name]), strings))
            # the donor's relationships (drawing, table) are copied under fresh names
            for rel in donor.relationships(theirs[name]):
                if "Part" not in rel:
                    continue
                new = self._copy_tree(donor, rel["Part"])
                new_id = self._add_relationship(part, rel["Type"], new)
                text = re.sub(rf'(\s\w+:id="){re.escape(rel["Id"])}"', rf'\1@@{new_id}"', text)
            self.put(part, text.replace('"@@', '"'))
        styles.write()
        self.drop_calc_chain()
        return todo

    def shared_strings(self) -> list[str]:
        """The inner XML of every shared string (`<t>` or rich runs), by index."""
        for rel in self.relationships(self.workbook):
            if rel["Type"].endswith("/sharedStrings") and rel.get("Part") in self.parts:
                text = self.text(rel["Part"])
                return [
                    m.group(1) or "" for m in re.finditer(r"<si>(.*?)</si>|<si\s*/>", text, re.S)
                ]
        return []

    def _drop_tree(self, part: str) -> None:
        """Remove a part and the parts only it refers to (a drawing's charts)."""
        for rel in self.relationships(part):
            if "Part" in rel and rel["Part"] in self.parts and "/charts/" in rel["Part"]:
                self._drop_tree(rel["Part"])
        self.delete(self.rels_name(part))
        self.delete(part)
        self._remove_content_type(part)

    def _copy_tree(self, donor: Package, part: str) -> str:
        folder, name = posixpath.split(part)
        stem, ext = posixpath.splitext(re.sub(r"\d+(?=\.\w+$)", "", name))
        new = self._free(posixpath.join(folder, f"{stem}{{}}{ext}"))
        data = donor.parts[part]
        if "/tables/" in part:
            data = self._unique_table(data.decode("utf-8")).encode("utf-8")
        self.put(new, data)
        self._add_content_type(new, donor.content_type(part))
        for rel in donor.relationships(part):
            if "Part" in rel:
                self._add_relationship(new, rel["Type"], self._copy_tree(donor, rel["Part"]))
        # relationship ids of the copy follow the donor's order, so rename them alike
        if donor.rels_name(part) in donor.parts:
            old_ids = [r["Id"] for r in donor.relationships(part) if "Part" in r]
            new_ids = [r["Id"] for r in self.relationships(new)]
            text = self.text(new)
            for a, b in zip(old_ids, new_ids, strict=True):
                text = re.sub(rf'(\s\w+:(?:id|embed)="){re.escape(a)}"', rf'\1@@{b}"', text)
            self.put(new, text.replace('"@@', '"'))
        return new

    def _unique_table(self, table: str) -> str:
        """A table part whose id and name no other table of this workbook has."""
        ids, names = set(), set()
        for part, data in self.parts.items():
            if "/tables/" in part and part.endswith(".xml"):
                head = data.decode("utf-8", "replace")[:2000]
                ids.add(_attr(head, "id"))
                names.add(_attr(head, "name"))
        n = 1
        while str(n) in ids:
            n += 1
        table = re.sub(r'(<table\b[^>]*?\sid=")\d+"', rf'\g<1>{n}"', table, count=1)
        name = _attr(table, "name") or "Tabelle"
        if name in names:
            k = 2
            while f"{name}{k}" in names:
                k += 1
            table = table.replace(f'name="{name}"', f'name="{name}{k}"', 1)
            table = table.replace(f'displayName="{name}"', f'displayName="{name}{k}"', 1)
        return table

    def content_type(self, part: str) -> str:
        types = self.text("[Content_Types].xml")
        m = re.search(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', types)
        if m:
            return _attr(m.group(0), "ContentType") or ""
        ext = posixpath.splitext(part)[1].lstrip(".")
        m = re.search(rf'<Default\b[^>]*Extension="{re.escape(ext)}"[^>]*/>', types)
        return (_attr(m.group(0), "ContentType") or "") if m else "application/xml"

    # writing ------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write every part into a new file at `path`, atomically."""
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            written = set()
            for info in self.infos:
                if info.filename in self.parts:
                    out.writestr(info, self.parts[info.filename])
                    written.add(info.filename)
            for name, data in self.parts.items():
                if name not in written:
                    out.writestr(
                        zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
                    )
        return Path(path)


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _inline_strings(sheet: str, strings: Sequence[str]) -> str:
    """Shared-string cells of a donor sheet as inline strings (the donor's table is not
    carried over)."""

    def inline(m: re.Match[str]) -> str:
        head = re.sub(r'\st="s"', ' t="inlineStr"', m.group(1))
        return f"{head}><is>{strings[int(m.group(2))]}</is></c>"

    return re.sub(r'(<c\b[^>]*\st="s"[^>]*)><v>(\d+)</v></c>', inline, sheet)


_STYLE_LISTS = ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")


def _children(xml: str, tag: str) -> list[str]:
    m = re.search(rf"<{tag}\b[^>]*?(?:/>|>(.*?)</{tag}>)", xml, re.S)
    if m is None or not m.group(1):
        return []
    child = {
        "numFmts": "numFmt",
        "fonts": "font",
        "fills": "fill",
        "borders": "border",
        "cellXfs": "xf",
        "dxfs": "dxf",
    }[tag]
    return re.findall(rf"<{child}\b[^>]*?(?:/>|>.*?</{child}>)", m.group(1), re.S)


class _StyleMerge:
    """The donor's formats appended to the receiver's styles part; `remap` rewrites a donor
    sheet's style and differential-format indices to the appended ones."""

    def __init__(self, receiver: Package, donor: Package) -> None:
        self.receiver = receiver
        self.part = next(
            r["Part"]
            for r in receiver.relationships(receiver.workbook)
            if r["Type"].endswith("/styles")
        )
        donor_part = next(
            r["Part"] for r in donor.relationships(donor.workbook) if r["Type"].endswith("/styles")
        )
        self.xml = receiver.text(self.part)
        if re.search(r"<\w+:styleSheet\b", self.xml):
            raise PatchError("err.patch.formate_praefix")
        theirs = donor.text(donor_part)
        mine = {tag: _children(self.xml, tag) for tag in _STYLE_LISTS}
        new = {tag: _children(theirs, tag) for tag in _STYLE_LISTS}
        # custom number formats: reuse the receiver's id for the same code, else a free id
        codes = {_attr(x, "formatCode"): _attr(x, "numFmtId") for x in mine["numFmts"]}
        used = {int(_attr(x, "numFmtId") or 0) for x in mine["numFmts"]}
        self.numfmt: dict[str, str] = {}
        added_fmts = []
        for x in new["numFmts"]:
            old_id, code = _attr(x, "numFmtId") or "0", _attr(x, "formatCode")
            if code in codes and codes[code] is not None:
                self.numfmt[old_id] = str(codes[code])
                continue
            n = max([163, *used]) + 1
            used.add(n)
            self.numfmt[old_id] = str(n)
            added_fmts.append(re.sub(r'numFmtId="\d+"', f'numFmtId="{n}"', x, count=1))
        self.additions: dict[str, list[str]] = {tag: [] for tag in _STYLE_LISTS}
        self.additions["numFmts"] = added_fmts

        def place(tag: str, items: list[str]) -> dict[int, int]:
            """Donor index → receiver index: an equal element is reused, so merging again
            adds nothing; others are appended."""
            out = {}
            for k, x in enumerate(items):
                if x in mine[tag]:
                    out[k] = mine[tag].index(x)
                elif x in self.additions[tag]:
                    out[k] = len(mine[tag]) + self.additions[tag].index(x)
                else:
                    out[k] = len(mine[tag]) + len(self.additions[tag])
                    self.additions[tag].append(x)
            return out

        where = {tag: place(tag, new[tag]) for tag in ("fonts", "fills", "borders")}

        def shift(m: re.Match[str]) -> str:
            key, value = m.group(1), m.group(2)
            if key == "numFmtId":
                return f'numFmtId="{self.numfmt.get(value, value)}"'
            if key == "xfId":
                return 'xfId="0"'
            tag = {"fontId": "fonts", "fillId": "fills", "borderId": "borders"}[key]
            return f'{key}="{where[tag].get(int(value), int(value))}"'

        xfs = [
            re.sub(r'\b(numFmtId|fontId|fillId|borderId|xfId)="(\d+)"', shift, x)
            for x in new["cellXfs"]
        ]
        dxfs = [
            re.sub(
                r'numFmtId="(\d+)"',
                lambda m: f'numFmtId="{self.numfmt.get(m.group(1), m.group(1))}"',
                x,
            )
            for x in new["dxfs"]
        ]
        self.xf_map, self.dxf_map = place("cellXfs", xfs), place("dxfs", dxfs)

    def remap(self, sheet: str) -> str:
        def cell(m: re.Match[str]) -> str:
            return f'{m.group(1)}{self.xf_map.get(int(m.group(2)), 0)}"'

        sheet = re.sub(r'(<(?:c|row)\b[^>]*?\ss=")(\d+)"', cell, sheet)
        sheet = re.sub(r'(<col\b[^>]*?\sstyle=")(\d+)"', cell, sheet)
        return re.sub(
            r'(\sdxfId=")(\d+)"',
            lambda m: f'{m.group(1)}{self.dxf_map.get(int(m.group(2)), 0)}"',
            sheet,
        )

    def write(self) -> None:
        xml = self.xml
        order = [
            "numFmts",
            "fonts",
            "fills",
            "borders",
            "cellStyleXfs",
            "cellXfs",
            "cellStyles",
            "dxfs",
        ]
        for tag in _STYLE_LISTS:
            extra = self.additions[tag]
            if not extra:
                continue
            m = re.search(rf"<{tag}\b([^>]*?)(/>|>(.*?)</{tag}>)", xml, re.S)
            if m is None:
                # the list is missing: insert it before the first list that follows it
                later = order[order.index(tag) + 1 :]
                at = min(
                    (x.start() for t in later if (x := re.search(rf"<{t}\b", xml))),
                    default=xml.rindex("</styleSheet>"),
                )
                block = f'<{tag} count="{len(extra)}">' + "".join(extra) + f"</{tag}>"
                xml = xml[:at] + block + xml[at:]
                continue
            children = _children(xml, tag) + extra
            attrs = re.sub(r'\scount="\d+"', "", m.group(1))
            block = f'<{tag} count="{len(children)}"{attrs}>' + "".join(children) + f"</{tag}>"
            xml = xml[: m.start()] + block + xml[m.end() :]
        self.receiver.put(self.part, xml)
