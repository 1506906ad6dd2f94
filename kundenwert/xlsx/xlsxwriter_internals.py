"""Every use of xlsxwriter's private members, in this module only: a worksheet that writes
exact numbers and large tables in bulk, a packager that compresses the worksheets in a second
thread while they are written (zipstream.py), a workbook zipped at deflate level 1.

The speed of the xlsxwriter renderer comes from these internals (the worksheet's row writer and
cell table, the packager, the zip step). Every private member used is listed in
PRIVATE_MEMBERS; the versions it was tested with are TESTED_VERSIONS (pinned in pyproject.toml).
tests/test_xlsxwriter_fence.py fails loudly on any other version or a member that has gone.
"""

from __future__ import annotations

import bisect
import zipfile
from typing import Any, Protocol

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from kundenwert.book.plan import Step
from kundenwert.xlsx.bulk_rows import BulkBlock
from kundenwert.xlsx.cell_xml import number_text
from kundenwert.xlsx.zipstream import ZipStream


class Progress(Protocol):
    """Where long writes report: a step message, or rows done of a total for a bar."""

    def __call__(self, message: str | Step, done: int = 0, total: int = 0) -> None: ...


#: xlsxwriter versions this module's use of its internals was tested with.
TESTED_VERSIONS = ("3.3.1",)
#: The private xlsxwriter members this module relies on, by the class that has them
#: ("instance" members are set in __init__ and checked on a fresh object).
PRIVATE_MEMBERS = {
    "xlsxwriter.worksheet.Worksheet": (
        "_xml_number_element",
        "_escape_attributes",
        "_check_dimensions",
        "_write_rows",
        "_write_row",
        "_write_cell",
        "_assemble_xml_file",
    ),
    "xlsxwriter.worksheet.Worksheet instance": (
        "fh",
        "internal_fh",
        "table",
        "row_info",
        "dim_rowmin",
        "dim_rowmax",
        "tables",
        "name",
        "is_chartsheet",
    ),
    "xlsxwriter.packager.Packager": ("_write_worksheet_files",),
    "xlsxwriter.packager.Packager instance": ("in_memory", "workbook", "filenames"),
    "xlsxwriter.workbook.Workbook": ("_get_packager", "_store_workbook", "worksheets"),
    "xlsxwriter.workbook": ("ZipFile",),
    "xlsxwriter.format.Format": ("_get_xf_index",),
}


def check_xlsxwriter() -> list[str]:
    """What does not match the xlsxwriter this module was tested with: an unknown version or
    a private member that is missing (empty when everything is as tested)."""
    import importlib

    from xlsxwriter.format import Format

    out = []
    version = getattr(xlsxwriter, "__version__", "?")
    if version not in TESTED_VERSIONS:
        out.append(f"xlsxwriter {version} is not one of the tested versions {TESTED_VERSIONS}")
    objects: dict[str, object] = {
        "xlsxwriter.worksheet.Worksheet": Worksheet,
        "xlsxwriter.worksheet.Worksheet instance": Worksheet(),
        "xlsxwriter.packager.Packager": Packager,
        "xlsxwriter.packager.Packager instance": Packager(),
        "xlsxwriter.workbook.Workbook": xlsxwriter.Workbook,
        "xlsxwriter.workbook": importlib.import_module("xlsxwriter.workbook"),
        "xlsxwriter.format.Format": Format,
    }
    for owner, names in PRIVATE_MEMBERS.items():
        out += [f"{owner} has no '{n}'" for n in names if not hasattr(objects[owner], n)]
    return out


def xf_index(fmt: Any) -> int:
    """The index of an xlsxwriter Format in the workbook's cell styles, as sheet XML refers to
    it (s="…"): what the bulk writer puts in its cells."""
    return int(fmt._get_xf_index())


class ExactWorksheet(Worksheet):  # type: ignore[misc]
    """xlsxwriter's worksheet with exact numbers and a bulk path for large tables.

    xlsxwriter spends several microseconds and about a hundred bytes per cell on bookkeeping;
    a large table is instead kept as the plan holds it and turned into row XML while the file
    is saved, merged row by row with the cells xlsxwriter holds itself (headers, small tables
    beside it).
    """

    def __init__(self) -> None:
        super().__init__()
        self._bulk: list[BulkBlock] = []
        self.progress: Progress | None = None  # set for sheets with large tables

    def _xml_number_element(self, number: float, attributes: Any = ()) -> None:
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{number_text(number)}</v></c>")

    def bulk(self, block: BulkBlock, width: int) -> None:
        """Register a block of rows (starting at block.row0) to be written at save time."""
        self._bulk.append(block)
        self._check_dimensions(block.row0, block.col0)
        self._check_dimensions(block.row0 + len(block.body) - 1, block.col0 + width - 1)

    def add_table(
        self, first_row: int, first_col: int, last_row: int, last_col: int, options: Any = None
    ) -> Any:
        """xlsxwriter notes every cell of a table to refuse overlapping tables, about 100
        bytes a cell (2.5 GB for a million-row Bewertung). Plans never overlap tables, so the
        table is registered with its first data row and widened to its real size after."""
        done = super().add_table(
            first_row, first_col, min(last_row, first_row + 1), last_col, options
        )
        if last_row > first_row + 1 and not done:  # -1, -2: refused, with a warning
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
            if table.get("autofilter"):
                table["autofilter"] = table["a_range"]
        return done

    def _write_rows(self) -> None:
        if not self._bulk:
            super()._write_rows()
            return
        bulk = sorted(self._bulk, key=lambda b: b.col0)  # left to right; they never overlap
        # rows where xlsxwriter holds cells or row formats of its own take the general path
        special = sorted({*self.table, *self.row_info})
        starts = sorted({b.row0 for b in bulk})
        row_num = self.dim_rowmin
        while row_num <= self.dim_rowmax:
            blocks = [b for b in bulk if b.covers(row_num)]
            if blocks and row_num not in self.table and row_num not in self.row_info:
                row_num = self._write_run(blocks, row_num, special, starts)
                if self.progress:
                    step = Step("cli.schritt.blatt", self.name)
                    self.progress(step, row_num, self.dim_rowmax + 1)
                continue
            self._write_one_row(row_num, blocks)
            row_num += 1

    def _write_run(
        self, blocks: list[BulkBlock], row_num: int, special: list[int], starts: list[int]
    ) -> int:
        """Write the rows from `row_num` on that only these blocks fill, as far as their
        current chunks reach; returns the next row to write."""
        first = [b.index(row_num) for b in blocks]
        stop = min(b.row0 + b.start + len(b.rows) for b in blocks)
        for bounds in (special, starts):  # the next row needing other work
            later = bisect.bisect_right(bounds, row_num)
            if later < len(bounds):
                stop = min(stop, bounds[later])
        n = stop - row_num
        parts = [b.rows[k : k + n] for b, k in zip(blocks, first, strict=True)]
        cells = parts[0] if len(parts) == 1 else ["".join(t) for t in zip(*parts, strict=True)]
        self.fh.write(
            "".join(
                f'<row r="{r + 1}">{x}</row>'
                for r, x in zip(range(row_num, stop), cells, strict=True)
            )
        )
        return stop

    def _write_one_row(self, row_num: int, blocks: list[BulkBlock]) -> None:
        """One row merged from bulk blocks and xlsxwriter's own cells, by column."""
        own = self.table.get(row_num) or {}
        if not blocks and not own and row_num not in self.row_info:
            return
        if row_num in self.row_info:
            self._write_row(row_num, None, self.row_info[row_num])
        else:
            self.fh.write(f'<row r="{row_num + 1}">')
        cells = [cell for b in blocks for cell in b.row_cells(row_num)]
        merged = sorted([(c, x) for c, x in cells] + [(c, None) for c in own])
        for col, xml in merged:
            if xml is None:
                self._write_cell(row_num, col, own[col])
            else:
                self.fh.write(xml)
        self.fh.write("</row>")


class _Packager(Packager):  # type: ignore[misc]
    """xlsxwriter's packager, except that worksheets go straight into the zip file through
    a second thread (ZipStream) instead of into temporary files compressed at the end: the
    second core deflates a large sheet while this one builds its rows."""

    def _write_worksheet_files(self) -> None:
        if self.in_memory or self.workbook.constant_memory:  # modes this writer never uses
            super()._write_worksheet_files()
            return
        with ZipStream(self.workbook.archive) as stream:
            # the files written so far ([Content_Types].xml and the relations) stay first
            written: list[tuple[str, str, bool]] = self.filenames
            for os_path, name, _ in written:
                stream.add_file(os_path, name)
            written.clear()  # added here, not again by xlsxwriter
            sheets = [w for w in self.workbook.worksheets() if not w.is_chartsheet]
            for index, sheet in enumerate(sheets, start=1):
                sheet.fh = stream.text(f"xl/worksheets/sheet{index}.xml")
                sheet.internal_fh = False  # so xlsxwriter leaves closing it to us
                sheet._assemble_xml_file()
                sheet.fh.close()


class Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """xlsxwriter's workbook, zipped at deflate level 1 instead of 6 (on a 100,000-row result
    about three times faster to compress, for a file about a fifth larger, bench/RESULTS.md),
    its worksheets compressed while they are written (_Packager)."""

    archive: zipfile.ZipFile

    def _get_packager(self) -> Packager:
        return _Packager()

    def _store_workbook(self) -> None:
        zip_file = xlsxwriter.workbook.ZipFile

        def level_1(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
            self.archive = zip_file(*args, compresslevel=1, **kwargs)
            return self.archive

        xlsxwriter.workbook.ZipFile = level_1
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipFile = zip_file
