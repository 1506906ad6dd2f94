"""Build the desktop add-in `Kundenwert.xlam`: the Kundenwert ribbon tab for classic xlwings.

The add-in is xlwings' own custom add-in template (shipped with the installed xlwings, so its
VBA matches that version's DLL) with four changes: the ribbon is ours, the template's sample
module is replaced by the ribbon callbacks in `KundenwertRibbon.bas`, the VBA project and its
configuration are named `kundenwert`, and its `kundenwert.conf` sheet names the worksheet
functions' module (and the Python interpreter, when known).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import AnyStr as Text
from xml.sax.saxutils import escape

import olefile

from kundenwert.addin.desktop import cfb, ovba, ribbon
from kundenwert.errors import AddinBuildError
from kundenwert.language import Lang
from kundenwert.xlsx.atomic import atomic_path

HERE = Path(__file__).parent
PROJECT = "Kundenwert"  # the VBA project's name, shown in the VBA editor
CONF = "kundenwert"  # xlwings' PROJECT_NAME: sheet kundenwert.conf, ~/.kundenwert/kundenwert.conf
RIBBON_MODULE = ribbon.MODULE
SAMPLE_MODULE = "RibbonMyAddin"  # the template's sample ribbon module, replaced by ours
UDF_MODULES = "kundenwert.udfs.functions"
# _VBA_PROJECT with version 0xFFFF: no compiled code to trust, Excel compiles the source
SOURCE_ONLY = b"\xcc\x61\xff\xff\x00\x00\x00"
CUSTOM_UI = "customUI/customUI14.xml"


def template_path() -> Path:
    """xlwings' custom add-in template with a ribbon, from the installed xlwings."""
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


@dataclass
class Module:
    """One VBA module: its `dir` records and its source text."""

    records: list[ovba.Record]
    source: bytes

    @property
    def name(self) -> bytes:
        return ovba.field(self.records, ovba.MODULENAME)

    @property
    def stream(self) -> bytes:
        return ovba.field(self.records, ovba.MODULESTREAMNAME)


def _modules(ole: olefile.OleFileIO, records: list[ovba.Record], codepage: str) -> list[Module]:
    modules: list[Module] = []
    for r in records:
        if r.id == ovba.MODULENAME:
            modules.append(Module([], b""))
        if modules:
            modules[-1].records.append(r)
    for m in modules:
        offset = ovba.number(m.records, ovba.MODULEOFFSET)
        stream = ole.openstream(["VBA", m.stream.decode(codepage)]).read()
        m.source = ovba.decompress(stream[offset:])  # what precedes is compiled code
    return modules


def _replace_once(text: Text, old: Text, new: Text, where: object) -> Text:
    """`text` with its one `old` replaced; AddinBuildError naming `where` otherwise."""
    if text.count(old) != 1:
        raise AddinBuildError("err.addin.einmal", where=str(where), old=repr(old))
    return text.replace(old, new)


def vba_project(template_bin: bytes, ribbon_source: str) -> bytes:
    """The add-in's `vbaProject.bin`: the template's modules with ours in place of the sample,
    every module stored as source only."""
    ole = olefile.OleFileIO(io.BytesIO(template_bin))
    records = ovba.read_records(ovba.decompress(ole.openstream("VBA/dir").read()))
    codepage = f"cp{ovba.number(records, ovba.PROJECTCODEPAGE)}"
    first = next(i for i, r in enumerate(records) if r.id == ovba.MODULENAME)
    head, modules = records[:first], _modules(ole, records[first:-1], codepage)
    sample = [m for m in modules if m.name == SAMPLE_MODULE.encode()]
    xlw = [m for m in modules if m.name == b"xlwings"]
    if len(sample) != 1 or len(xlw) != 1:
        raise AddinBuildError(
            "err.addin.module",
            path=str(template_path()),
            sample=SAMPLE_MODULE,
            found=str([m.name.decode(codepage) for m in modules]),
        )
    names = ovba.name_records(RIBBON_MODULE, codepage)
    sample[0].records = [ovba.Record(r.id, names.get(r.id, r.data)) for r in sample[0].records]
    sample[0].source = ribbon_source.replace("\r\n", "\n").replace("\n", "\r\n").encode(codepage)
    xlw[0].source = _replace_once(
        xlw[0].source,
        b'PROJECT_NAME As String = "myaddin"',
        f'PROJECT_NAME As String = "{CONF}"'.encode(),
        f"xlwings-Vorlage {template_path()}",
    )
    for m in modules:
        m.records = [
            ovba.Record(r.id, bytes(4)) if r.id == ovba.MODULEOFFSET else r for r in m.records
        ]
    head = [ovba.Record(r.id, PROJECT.encode()) if r.id == ovba.PROJECTNAME else r for r in head]
    dir_records = head + [r for m in modules for r in m.records] + [records[-1]]

    project = ole.openstream("PROJECT").read().decode(codepage)
    project = re.sub(rf"(?m)^Module={SAMPLE_MODULE}\r$", f"Module={RIBBON_MODULE}\r", project)
    project = re.sub(r'(?m)^Name="[^"]*"\r$', f'Name="{PROJECT}"\r', project)
    project = re.sub(rf"(?m)^{SAMPLE_MODULE}=.*\r$", f"{RIBBON_MODULE}=0, 0, 0, 0, C\r", project)
    names_wm = b"".join(
        m.name + b"\0" + m.name.decode(codepage).encode("utf-16-le") + b"\0\0" for m in modules
    )
    return cfb.write(
        {
            "PROJECT": project.encode(codepage),
            "PROJECTwm": names_wm + b"\0\0",
            "VBA": {
                "_VBA_PROJECT": SOURCE_ONLY,
                "dir": ovba.compress(ovba.write_records(dir_records)),
                **{m.stream.decode(codepage): ovba.compress(m.source) for m in modules},
            },
        }
    )


def _cell(ref: str, value: str | bool) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" s="1" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}" s="1" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def conf_rows(
    interpreter: str | None, platform: str = sys.platform
) -> list[tuple[str, str | bool]]:
    """The add-in's `kundenwert.conf` sheet: only keys with a value, since an empty entry
    there would hide the same key in the user's `kundenwert.conf` file."""
    rows: list[tuple[str, str | bool]] = [("UDF Modules", UDF_MODULES), ("Show Console", False)]
    if interpreter:
        rows.insert(
            0, ("Interpreter_Mac" if platform == "darwin" else "Interpreter_Win", interpreter)
        )
    return rows


def _conf_sheet(template: str, rows: list[tuple[str, str | bool]]) -> str:
    data = "".join(
        f'<row r="{i}">{_cell(f"A{i}", key)}{_cell(f"B{i}", value)}</row>'
        for i, (key, value) in enumerate(rows, start=1)
    )
    # a function as replacement: a Windows path's backslashes are no group references
    sheet = re.sub(
        r"<sheetData>.*</sheetData>",
        lambda _: f"<sheetData>{data}</sheetData>",
        template,
        flags=re.S,
    )
    return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(rows)}"', sheet)


def ribbon_module(lang: Lang = "de") -> str:
    """The source of the ribbon callbacks, writing sheets in `lang`."""
    path = HERE / f"{RIBBON_MODULE}.bas"
    source = path.read_text(encoding="utf-8")
    return _replace_once(source, 'SPRACHE As String = "de"', f'SPRACHE As String = "{lang}"', path)


def build_addin(output: str | Path, interpreter: str | None = None, lang: Lang = "de") -> Path:
    """Write the add-in to `output` (from the installed xlwings' template) and return its path;
    its ribbon and the sheets its buttons write are in `lang`."""
    template = template_path()
    with zipfile.ZipFile(template) as src, atomic_path(output) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for item in src.infolist():
                data = src.read(item)
                name = item.filename
                if name == "customUI/customUI.xml":
                    name, data = CUSTOM_UI, ribbon.custom_ui(lang).encode()
                elif name == "_rels/.rels":
                    data = data.replace(
                        b'Target="customUI/customUI.xml"', f'Target="{CUSTOM_UI}"'.encode()
                    )
                elif name == "xl/vbaProject.bin":
                    data = vba_project(data, ribbon_module(lang))
                elif name == "xl/workbook.xml":
                    text = data.decode()
                    text = re.sub(r'name="_?myaddin\.conf"', f'name="{CONF}.conf"', text)
                    # the template remembers the folder it was saved in on its author's machine
                    text = re.sub(r"<mc:AlternateContent.*?</mc:AlternateContent>", "", text)
                    data = text.encode()
                elif name == "xl/worksheets/sheet1.xml":
                    data = _conf_sheet(data.decode(), conf_rows(interpreter)).encode()
                elif name == "docProps/core.xml":
                    data = _core_properties(data.decode()).encode()
                out.writestr(name, data)
    return Path(output)


def _core_properties(text: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = re.sub(r"<dc:creator>.*?</dc:creator>", "<dc:creator>kundenwert</dc:creator>", text)
    text = re.sub(
        r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
        "<cp:lastModifiedBy>kundenwert</cp:lastModifiedBy>",
        text,
    )
    text = re.sub(r"<dc:title\s*/>", f"<dc:title>{PROJECT}</dc:title>", text)
    return re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", rf"\g<1>{now}", text)
