"""Sheet buttons: named shapes that link to a cell, drawn into a finished .xlsx.

xlwings Lite runs a script when the shape its `button="[name]Sheet!Cell"` option names is
clicked: the shape's hyperlink selects the cell, and Lite listens for that selection. It looks
the shape up by name and registers nothing when it is missing, so the template brings its
shapes. Neither openpyxl nor xlsxwriter names shapes, hence this small DrawingML writer that
both renderers call on the saved file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from kundenwert.book import plan as p
from kundenwert.errors import WorkbookWriteError
from kundenwert.xlsx.reader import sheet_parts

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
EMU_PER_CM = 360_000
# elements that follow <drawing> in a worksheet (ECMA-376 CT_Worksheet), so it goes before them
_AFTER_DRAWING = (
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def _insert_at(xml: str) -> int:
    """Where <drawing> goes in a worksheet's XML: before the first top-level element that must
    follow it, else before the closing tag. Only top-level elements count: an <extLst> may
    also sit inside a conditional format."""
    depth = 0
    for m in re.finditer(r"<(/?)([A-Za-z][\w:.-]*)[^>]*?(/?)>", xml):
        closing, name, empty = m.groups()
        if closing:
            depth -= 1
            if depth == 0:
                return m.start()
            continue
        if depth == 1 and name.split(":")[-1] in _AFTER_DRAWING:
            return m.start()
        if not empty:
            depth += 1
    raise WorkbookWriteError("err.kein_blatt_xml")


def _shape(index: int, button: p.Button) -> str:
    col_letters, row = coordinate_from_string(button.anchor)
    row, col = row - 1, column_index_from_string(col_letters) - 1  # zero-based in DrawingML
    cx, cy = round(button.width_cm * EMU_PER_CM), round(button.height_cm * EMU_PER_CM)
    return (
        "<xdr:oneCellAnchor>"
        f"<xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f'<xdr:ext cx="{cx}" cy="{cy}"/>'
        '<xdr:sp macro="" textlink="">'
        f'<xdr:nvSpPr><xdr:cNvPr id="{index + 2}" name={quoteattr(button.name)} '
        f'descr={quoteattr(button.label)}><a:hlinkClick r:id="rId{index + 1}"/></xdr:cNvPr>'
        "<xdr:cNvSpPr/></xdr:nvSpPr>"
        '<xdr:spPr><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{button.fill}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        "</xdr:spPr>"
        '<xdr:txBody><a:bodyPr anchor="ctr" rtlCol="0"/><a:lstStyle/>'
        '<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="de-DE" sz="1100" b="1">'
        f'<a:solidFill><a:srgbClr val="{button.text_colour}"/></a:solidFill>'
        f"<a:latin typeface={quoteattr(button.font)}/></a:rPr>"
        f"<a:t>{escape(button.label)}</a:t></a:r></a:p></xdr:txBody>"
        "</xdr:sp><xdr:clientData/></xdr:oneCellAnchor>"
    )


def drawing_xml(buttons: list[p.Button]) -> str:
    """The drawing part holding `buttons`."""
    shapes = "".join(_shape(i, b) for i, b in enumerate(buttons))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        f' xmlns:r="{REL}">{shapes}</xdr:wsDr>'
    )


def _relation(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target={quoteattr(target)}/>'


def _rels(relations: str) -> str:
    """A relationships part holding `relations` (<Relationship> elements)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{relations}</Relationships>"
    )


def _rels_path(part: str) -> str:
    """Where a part's relationships are stored."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _part_rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → target of a part (empty when it has none)."""
    path = _rels_path(part)
    if path not in z.namelist():
        return {}
    rels = ElementTree.fromstring(z.read(path))
    return {r.get("Id", ""): r.get("Target", "") for r in rels.iter(f"{PKG}Relationship")}


def _button(anchor: ElementTree.Element, links: dict[str, str], sheet: str) -> p.Button | None:
    """The button a drawing anchor holds, if it is one of ours: a shape anchored at a cell and
    linked to that same cell."""
    start, ext = anchor.find(f"{XDR}from"), anchor.find(f"{XDR}ext")
    info = anchor.find(f"{XDR}sp/{XDR}nvSpPr/{XDR}cNvPr")
    link = None if info is None else info.find(f"{A}hlinkClick")
    if start is None or ext is None or info is None or link is None:
        return None
    col, row = (int(start.findtext(f"{XDR}{tag}", "0")) + 1 for tag in ("col", "row"))
    cell = f"{get_column_letter(col)}{row}"
    if links.get(link.get(f"{{{REL}}}id", "")) != f"#'{sheet}'!{cell}":
        return None
    colours = [c.get("val", "") for c in anchor.iter(f"{A}srgbClr")]  # fill, then text
    return p.Button(
        cell,
        info.get("descr", ""),
        info.get("name", ""),
        int(ext.get("cx", "0")) / EMU_PER_CM,
        int(ext.get("cy", "0")) / EMU_PER_CM,
        *colours[:2],
    )


def read_buttons(path: Path) -> p.Plan:
    """The buttons `add_buttons` drew into the workbook at `path`, by sheet. Merge draws them
    again, since openpyxl drops shapes when it saves a workbook it has read."""
    sheets = []
    with zipfile.ZipFile(path) as z:
        for name, part in sheet_parts(z).items():
            found = []
            for target in _part_rels(z, part).values():
                if not target.startswith("../drawings/"):
                    continue
                drawing = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                links = _part_rels(z, drawing)
                for anchor in ElementTree.fromstring(z.read(drawing)).iter(f"{XDR}oneCellAnchor"):
                    button = _button(anchor, links, name)
                    if button:
                        found.append(button)
            if found:
                sheets.append(p.Sheet(name, buttons=found))
    return p.Plan(sheets)


def add_buttons(path: Path, plan: p.Plan) -> None:
    """Draw the buttons of every sheet of `plan` into the saved workbook at `path`."""
    wanted = {s.name: s.buttons for s in plan.sheets if s.buttons}
    if not wanted:
        return
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
        parts = sheet_parts(z)
    files = {i.filename: data for i, data in items}
    added: dict[str, bytes] = {}
    overrides = []
    number = sum(1 for n in files if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
    for sheet_name, buttons in wanted.items():
        part = parts[sheet_name]
        xml = files[part].decode()
        if "<drawing " in xml:
            raise WorkbookWriteError("err.zeichnung_da", sheet=sheet_name)
        number += 1
        drawing = f"xl/drawings/drawing{number}.xml"
        added[drawing] = drawing_xml(buttons).encode()
        links = "".join(
            _relation(f"rId{i + 1}", "hyperlink", f"#'{sheet_name}'!{b.anchor}")
            for i, b in enumerate(buttons)
        )
        added[_rels_path(drawing)] = _rels(links).encode()
        rels_path, rid = _rels_path(part), f"rIdButtons{number}"
        old = files.get(rels_path, _rels("").encode()).decode()
        relation = _relation(rid, "drawing", f"../drawings/drawing{number}.xml")
        added[rels_path] = old.replace("</Relationships>", relation + "</Relationships>").encode()
        element = f'<drawing xmlns:r="{REL}" r:id="{rid}"/>'
        at = _insert_at(xml)
        added[part] = (xml[:at] + element + xml[at:]).encode()
        overrides.append(f'<Override PartName="/{drawing}" ContentType="{DRAWING_TYPE}"/>')
    types = files["[Content_Types].xml"].decode()
    added["[Content_Types].xml"] = types.replace(
        "</Types>", "".join(overrides) + "</Types>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, added.pop(info.filename, data))
        for name, data in added.items():
            z.writestr(name, data)
