"""Bounds on a workbook package checked before calamine reads it.

calamine builds every sheet as one dense grid from A1 to its farthest cell: a 3 KB file with
one cell at ZZ900000 asks for about 20 GB and aborts the process (a Rust backtrace, no
message). A part that inflates to gigabytes (white space compresses a thousandfold) costs
time and memory before anything useful is read. So each XML part of the package is inflated
once, as a stream, and refused when it grows beyond MAX_PART_BYTES, or beyond MAX_RATIO
times its compressed size once past RATIO_FROM_BYTES; each worksheet's used range is taken
from its cell references (rows × columns up to the farthest) and refused beyond MAX_CELLS.
The refusal names the file, the part and the limit.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from kundenwert.errors import FileMessageError

#: Inflated size of any one part: a million-row sheet of thirty columns is about a gigabyte.
MAX_PART_BYTES = 1536 << 20
#: Inflated size beyond which a part must not be more than MAX_RATIO times its compressed size:
#: sheet XML compresses 5 to 30 times, a bomb of white space a thousand times.
RATIO_FROM_BYTES = 64 << 20
MAX_RATIO = 200
#: Cells of a sheet's used range (rows × columns from A1): what calamine allocates (about 40
#: bytes a cell with the Python lists), so about 1.6 GB at most; a million customers with
#: forty columns fit.
MAX_CELLS = 40_000_000
#: Bytes inflated at a time.
SLICE = 8 << 20

#: Cell references of two or three letters: columns beyond Z (patterns that start with a
#: literal are searched about as fast as the part is inflated).
_WIDE = re.compile(rb'r="([A-Z]{2,3})\d')
_LAST_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_PARTS = re.compile(r"^(xl/worksheets/[^/]+\.xml|xl/sharedStrings\.xml|content\.xml)$", re.I)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _Range:
    """The farthest row and column a sheet's cell references reach, fed slice by slice."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0

    def feed(self, xml: bytes) -> None:
        # row numbers of rows and cells (a cell's reference need not agree with its row
        # element; calamine goes by the cell's): only those with more digits than the
        # farthest so far can move it, so after the first slice an ordered sheet gives a
        # match in ten thousand rows; the last row element gives the exact farthest row
        beyond = len(str(self.rows)) + 1 if self.rows else 1
        far = re.findall(rb'r="[A-Z]{0,3}(\d{%d,})"' % beyond, xml)
        if far:
            self.rows = max(self.rows, *map(int, far))
        last = _LAST_ROW.search(xml, max(xml.rfind(b"<row "), 0))
        if last:
            self.rows = max(self.rows, int(last.group(1)))
        if b'r="' in xml:
            # single letters reach Z at most: 26 is the bound unless a wider column is found
            self.columns = max(self.columns, 26, *map(_column, _WIDE.findall(xml)))

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _refuse(path: Path, part: str, key: str, **args: object) -> FileMessageError:
    return FileMessageError(key, path=str(path), part=part, **args)


def _sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Part name → "part (sheet 'name')" for the worksheets, so a refusal names the sheet."""
    from kundenwert.xlsx.reader import sheet_parts

    try:
        return {part: f"{part} ('{name}')" for name, part in sheet_parts(z).items()}
    except (KeyError, SyntaxError):  # no workbook part, or one that is not XML: parts only
        return {}


def _check_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, shown: str) -> None:
    """Inflate one part as a stream; refuse it when too large, too highly compressed, or (a
    worksheet) with too large a used range. `shown` names the part in a refusal."""
    sheet = info.filename.lower().startswith("xl/worksheets/")
    used = _Range() if sheet else None
    size = 0
    rest = b""
    with z.open(info) as stream:
        while piece := stream.read(SLICE):
            size += len(piece)
            if size > MAX_PART_BYTES:
                raise _refuse(path, shown, "err.teil_zu_gross", mb=MAX_PART_BYTES >> 20)
            if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(path, shown, "err.teil_gepackt", ratio=MAX_RATIO)
            if used is None:
                continue
            text = rest + piece
            cut = text.rfind(b">") + 1  # a reference is never split over two slices
            text, rest = text[:cut], text[cut:][-256:]  # no ">" at all: white space, dropped
            used.feed(text)
            if used.cells > MAX_CELLS:
                break
    if used is not None:
        used.feed(rest)
        if used.cells > MAX_CELLS:
            raise _refuse(
                path,
                shown,
                "err.bereich_zu_gross",
                rows_count=used.rows,
                columns_count=used.columns,
                limit_count=MAX_CELLS,
            )


#: Packages already checked, by path, size and modification time: a merge opens the master
#: several times.
_checked: set[tuple[str, int, int]] = set()


def check_package(path: Path) -> None:
    """Refuse a zip package (.xlsx, .xlsm, .ods) whose parts would cost calamine more memory
    or time than a customer list can need (see the module); nothing to do for other files."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _checked or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as z:
            names = _sheet_names(z)
            for info in z.infolist():
                if _PARTS.match(info.filename):
                    _check_part(z, info, path, names.get(info.filename, info.filename))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise FileMessageError("err.mappe_unlesbar", path=str(path), reason=str(e)) from e
    _checked.add(key)
