"""The desktop add-in Kundenwert.xlam: its VBA project is read back by two independent readers
(oletools' olevba and LibreOffice), its ribbon and configuration from the package itself."""

from __future__ import annotations

import inspect
import io
import random
import re
import struct
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from kundenwert.addin.desktop import SCRIPTS, cfb, ovba, run
from kundenwert.addin.desktop.xlam import (
    CUSTOM_UI,
    RIBBON_MODULE,
    AddinBuildError,
    build_addin,
    template_path,
    vba_project,
)
from kundenwert.cli import main
from tests import libreoffice as lo

RIBBON_BAS = Path(__file__).parents[1] / "addin" / "desktop" / f"{RIBBON_MODULE}.bas"
UI = "{http://schemas.microsoft.com/office/2009/07/customui}"


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addin") / "Kundenwert.xlam"
    return build_addin(out, interpreter=r"C:\Programme\Python311\python.exe")


def _macros(path: Path | bytes) -> dict[str, str]:
    """Module name → source, as olevba reads them (attribute lines dropped)."""
    parser = VBA_Parser("x.xlam", data=path) if isinstance(path, bytes) else VBA_Parser(str(path))
    return {
        stream.split("/")[-1]: code.replace("\r\n", "\n")
        for _, stream, _, code in parser.extract_macros()
    }


def _streams(tree: cfb.Tree) -> list[bytes]:
    return [v for v in tree.values() if isinstance(v, bytes)] + [
        s for v in tree.values() if not isinstance(v, bytes) for s in _streams(v)
    ]


def _code_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if line and not line.startswith("Attribute ")]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"abc",
        b"#aaabbbaaabbbaaabbb",
        b"Sub X()\r\n" * 2000,  # long runs across several 4,096-byte chunks
        bytes(random.Random(1).getrandbits(8) for _ in range(9000)),  # incompressible: raw chunks
        bytes(range(256)) * 40,
    ],
)
def test_compression_is_read_back_by_oletools(data: bytes) -> None:
    packed = ovba.compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert ovba.decompress(packed) == data


def test_decompression_agrees_with_oletools_on_the_xlwings_template() -> None:
    with zipfile.ZipFile(template_path()) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    dir_stream = ole.openstream("VBA/dir").read()
    assert ovba.decompress(dir_stream) == bytes(decompress_stream(bytearray(dir_stream)))
    records = ovba.read_records(ovba.decompress(dir_stream))
    assert ovba.write_records(records) == ovba.decompress(dir_stream)


def test_compound_file_is_read_back_by_olefile() -> None:
    tree: cfb.Tree = {
        "PROJECT": b"p" * 100,
        "PROJECTwm": b"w" * 5000,
        "VBA": {
            "dir": b"d" * 300,
            "big": bytes(range(256)) * 300,
            "empty": b"",
            "below": b"b" * (cfb.CUTOFF - 1),  # the last size kept in the mini stream
            "at": b"a" * cfb.CUTOFF,  # the first size in ordinary sectors
            **{f"m{i}": bytes([i]) * (i * 37) for i in range(12)},
        },
    }
    data = cfb.write(tree)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert not ole.parsing_issues
    # the mini FAT's entries beyond the last mini sector in use are free
    (first_mini_fat,) = struct.unpack_from("<I", data, 60)
    mini_fat = struct.unpack_from("<128I", data, (first_mini_fat + 1) * cfb.SECTOR)
    used = sum(-(-len(s) // cfb.MINI) for s in _streams(tree) if len(s) < cfb.CUTOFF)
    assert used < 128 and set(mini_fat[used:]) == {cfb.FREE}
    assert ole.openstream("PROJECT").read() == tree["PROJECT"]
    assert ole.openstream("PROJECTwm").read() == tree["PROJECTwm"]
    storage = tree["VBA"]
    assert isinstance(storage, dict)
    for name, data in storage.items():
        assert ole.openstream(["VBA", name]).read() == data, name
    assert sorted(ole.listdir()) == sorted(
        [["PROJECT"], ["PROJECTwm"]] + [["VBA", n] for n in storage]
    )


def test_addin_is_an_addin_with_our_ribbon(addin: Path) -> None:
    with zipfile.ZipFile(addin) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("_rels/.rels").decode()
        ui = ElementTree.fromstring(z.read(CUSTOM_UI))
        workbook = z.read("xl/workbook.xml").decode()
    assert (
        'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled'
        in types
    )
    assert re.search(
        rf'Type="http://schemas.microsoft.com/office/2007/relationships/ui/extensibility" '
        rf'Target="{CUSTOM_UI}"',
        rels,
    )
    assert "felix" not in workbook.lower()  # no path of the template's author
    tab = ui.find(f"{UI}ribbon/{UI}tabs/{UI}tab")
    assert tab is not None and tab.get("label") == "Kundenwert"
    labels = [b.get("label") for b in ui.iter(f"{UI}button")]
    assert labels == ["Bewerten", "Matrix", "Wachstumstabelle", "Prüfen", "Funktionen importieren"]


def test_every_button_calls_a_callback_that_runs_a_real_script(addin: Path) -> None:
    with zipfile.ZipFile(addin) as z:
        ui = ElementTree.fromstring(z.read(CUSTOM_UI))
    ribbon = _macros(addin)[RIBBON_MODULE]
    subs = dict(re.findall(r"Sub (\w+)\(control As IRibbonControl\)\n(.*?)End Sub", ribbon, re.S))
    for button in ui.iter(f"{UI}button"):
        module, sub = button.get("onAction", "").split(".")
        assert module == RIBBON_MODULE and sub in subs, button.get("label")
    scripts = [re.fullmatch(r'\s*RunScript "(\w+)"\s*', body) for body in subs.values()]
    assert sorted(m.group(1) for m in scripts if m) == sorted(SCRIPTS)
    assert "ImportPythonUDFsToAddin" in subs["KW_FunktionenImportieren"]
    # RunScript hands the script's name and the language to run(), which passes it on
    assert "run('\" & script & \"', '\" & SPRACHE & \"')" in ribbon
    assert list(inspect.signature(run).parameters) == ["name", "lang"]
    for script in SCRIPTS.values():
        assert inspect.signature(script).parameters["sprache"].default == "de"


def test_english_addin(tmp_path: Path) -> None:
    path = build_addin(tmp_path / "Kundenwert-en.xlam", lang="en")
    with zipfile.ZipFile(path) as z:
        ui = ElementTree.fromstring(z.read(CUSTOM_UI))
    labels = [b.get("label") for b in ui.iter(f"{UI}button")]
    assert labels == ["Score", "Matrix", "Growth table", "Check", "Import functions"]
    assert 'Private Const SPRACHE As String = "en"' in _macros(path)[RIBBON_MODULE]


def test_vba_project_holds_the_xlwings_modules_and_ours(addin: Path) -> None:
    with zipfile.ZipFile(template_path()) as z:
        theirs = _macros(z.read("xl/vbaProject.bin"))
    ours = _macros(addin)
    assert set(ours) == set(theirs) - {"RibbonMyAddin"} | {RIBBON_MODULE}
    assert _code_lines(ours[RIBBON_MODULE]) == _code_lines(RIBBON_BAS.read_text(encoding="utf-8"))
    for name in set(ours) - {RIBBON_MODULE, "xlwings"}:
        assert ours[name] == theirs[name], name
    changed = [
        (a, b)
        for a, b in zip(theirs["xlwings"].splitlines(), ours["xlwings"].splitlines(), strict=True)
        if a != b
    ]
    assert changed == [
        (
            'Public Const PROJECT_NAME As String = "myaddin"',
            'Public Const PROJECT_NAME As String = "kundenwert"',
        )
    ]


def test_project_is_source_only_and_named_kundenwert(addin: Path) -> None:
    with zipfile.ZipFile(addin) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"
    records = ovba.read_records(ovba.decompress(ole.openstream("VBA/dir").read()))
    assert ovba.field(records, ovba.PROJECTNAME) == b"Kundenwert"
    assert {r.data for r in records if r.id == ovba.MODULEOFFSET} == {bytes(4)}
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert 'Name="Kundenwert"' in project and f"Module={RIBBON_MODULE}\r\n" in project
    assert "RibbonMyAddin" not in project
    names = ole.openstream("PROJECTwm").read().split(b"\0")
    assert RIBBON_MODULE.encode() in names and b"RibbonMyAddin" not in names


def test_configuration_sheet(addin: Path) -> None:
    from python_calamine import CalamineWorkbook  # reads .xlam; openpyxl refuses its type

    book = CalamineWorkbook.from_path(str(addin))
    assert book.sheet_names == ["kundenwert.conf"]
    assert book.get_sheet_by_index(0).to_python() == [
        ["Interpreter_Win", r"C:\Programme\Python311\python.exe"],
        ["UDF Modules", "kundenwert.udfs.functions"],
        ["Show Console", False],
    ]


@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.soffice_available(), reason="headless LibreOffice is not installed")
def test_libreoffice_reads_the_vba_project(addin: Path, tmp_path: Path) -> None:
    modules = lo.vba_modules(addin, tmp_path)
    assert set(modules) == {
        f"Kundenwert/{m}"
        for m in ("ThisWorkbook", "Sheet2", "Dictionary", "xlwings", RIBBON_MODULE)
    }
    ribbon = modules[f"Kundenwert/{RIBBON_MODULE}"]
    ribbon = re.sub(r"(?m)^(Rem Attribute|Option VBASupport).*$", "", ribbon)
    assert _code_lines(ribbon) == _code_lines(RIBBON_BAS.read_text(encoding="utf-8"))
    assert 'PROJECT_NAME As String = "kundenwert"' in modules["Kundenwert/xlwings"]
    assert "Public Function RunPython(PythonCommand As String)" in modules["Kundenwert/xlwings"]


def test_foreign_template_is_refused_with_what_was_found(addin: Path) -> None:
    with zipfile.ZipFile(addin) as z:
        ours = z.read("xl/vbaProject.bin")  # has no RibbonMyAddin any more
    with pytest.raises(AddinBuildError) as info:
        vba_project(ours, RIBBON_BAS.read_text(encoding="utf-8"))
    assert info.value.message == "err.addin.module"
    assert (info.value.args_["sample"], "KundenwertRibbon" in info.value.args_["found"]) == (
        "RibbonMyAddin",
        True,
    )


def test_command_builds_the_addin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "Kundenwert.xlam"
    assert main(["addin", "-o", str(out), "--interpreter", "/opt/python/bin/python3"]) == 0
    assert str(out) in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    # built anywhere but on macOS, the interpreter is meant for Excel on Windows
    assert "<t>Interpreter_Win</t>" in sheet and "/opt/python/bin/python3" in sheet
