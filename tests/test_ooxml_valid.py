"""Every kind of file kundenwert writes passes an independent Open XML validator (openxml-audit,
which models the Open XML SDK's schema and semantic rules) with zero errors.

LibreOffice, which the other tests use, opens almost anything; Excel refuses or "repairs" a
file whose parts break the schema (a chart without a required element, a misplaced child).
Findings the ECMA-376 schema itself allows are listed in ALLOWED, each with its reference;
anything else the validator calls an error fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator, ValidationError, ValidationSeverity

from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests.conftest import write_xlsx


@dataclass(frozen=True)
class Allowed:
    """One kind of finding the schema permits: where (part, element path) and what."""

    part: str  # regular expression on the part's name
    path: str  # regular expression on the element's path
    description: str  # regular expression on the validator's text
    reference: str  # why the schema allows it


#: CT_Font's children: every one of them may be repeated in any order.
_FONT_CHILDREN = (
    "b|i|strike|condense|extend|outline|shadow|u|vertAlign|sz|color|name|family|charset|scheme"
)

ALLOWED = (
    Allowed(
        part=r"^/xl/styles\.xml$",
        path=r"/font\[\d+\]$",
        description=rf"^Unexpected element '({_FONT_CHILDREN})' found$",
        # ECMA-376 Part 1 (5th ed.), §18.8.22 font and sml.xsd: CT_Font is
        # <xsd:choice maxOccurs="unbounded"> over b, i, strike, …, scheme, so the children may
        # come in any order. The validator models it as a sequence and reports openpyxl's order
        # (name, family, color, sz, … or b before sz) as unexpected.
        reference="ECMA-376-1 §18.8.22, sml.xsd CT_Font: xsd:choice maxOccurs=unbounded",
    ),
)


def _allowed(error: ValidationError) -> bool:
    return any(
        re.search(a.part, error.part_uri)
        and re.search(a.path, error.path or "")
        and re.search(a.description, error.description)
        for a in ALLOWED
    )


def errors(path: Path) -> list[str]:
    """The validator's errors in `path` that the allow-list does not cover, as text."""
    result = OpenXmlValidator(max_errors=0).validate(path)
    return [
        f"{e.part_uri} {e.path}: {e.description}"
        for e in result.errors
        if e.severity == ValidationSeverity.ERROR and not _allowed(e)
    ]


def not_well_formed(path: Path) -> list[str]:
    """Every XML part of `path` (parts ending .xml, .rels or .vml) that a strict XML parser
    refuses, with the parser's reason. The validator above reported no finding on a sheet
    holding a raw U+FFFE, which no XML parser accepts (and openpyxl refuses to open)."""
    import zipfile
    from xml.parsers import expat

    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            parser = expat.ParserCreate()
            try:
                parser.Parse(z.read(name), True)
            except expat.ExpatError as e:
                out.append(f"{name}: {e}")
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file of every kind the command writes, from one small portfolio."""
    d = tmp_path_factory.mktemp("ooxml")
    master = write_xlsx(d / "stamm.xlsx", {"Kunden": to_input_rows(generate_portfolio(40, seed=8))})
    out: dict[str, Path] = {}
    for lang in ("de", "en"):
        out[f"result-{lang}"] = d / f"ergebnis-{lang}.xlsx"
        assert (
            main(["score", str(master), "-o", str(out[f"result-{lang}"]), "--lang", lang, "-q"])
            == 0
        )
        out[f"template-{lang}"] = d / f"vorlage-{lang}.xlsx"
        assert main(["template", "-o", str(out[f"template-{lang}"]), "--lang", lang, "-q"]) == 0
    # order lines as an ERP writes them (cp1252, decimal comma, a credit, two currencies):
    # the result with its Auftragshistorie sheet
    lines = d / "belege.csv"
    body = [
        f"{day:02d}.{month:02d}.2025;K{c};R{c}{month}{day};{100 + 7 * c},50;"
        + ("USD" if (c, month) == (3, 5) else "EUR")
        for c in range(1, 9)
        for month in range(1, 13, 2)
        for day in (3, 17)
    ]
    body.append("20.12.2025;K1;G1;-250,00;EUR")
    text = "Belegdatum;Kundennummer;Beleg-Nr;Nettobetrag;Währung\r\n" + "\r\n".join(body)
    lines.write_bytes(text.encode("cp1252"))
    out["result-orders"] = d / "ergebnis-auftraege.xlsx"
    assert main(["score", str(lines), "-o", str(out["result-orders"]), "-q"]) == 0
    teams = d / "teams"
    assert main(["split", str(out["result-de"]), "--by", "Region", "-o", str(teams), "-q"]) == 0
    for i, team in enumerate(sorted(teams.glob("*.xlsx"))):
        out[f"team-{i}"] = team
    out["merged"] = d / "neu.xlsx"
    assert (
        main(
            [
                "merge",
                str(out["result-de"]),
                *map(str, teams.glob("*.xlsx")),
                "-o",
                str(out["merged"]),
                "-q",
            ]
        )
        == 0
    )
    out["merged-stale"] = d / "neu-veraltet.xlsx"
    args = ["merge", str(out["result-de"]), *map(str, teams.glob("*.xlsx"))]
    assert main([*args, "-o", str(out["merged-stale"]), "--ohne-bewertung", "-q"]) == 0
    out["comparison"] = d / "vergleich.xlsx"
    assert (
        main(
            [
                "compare",
                str(out["result-de"]),
                str(out["merged"]),
                "-o",
                str(out["comparison"]),
                "-q",
            ]
        )
        == 0
    )
    out["addin"] = d / "Kundenwert.xlam"
    assert main(["addin", "-o", str(out["addin"])]) == 0
    return out


KINDS = [
    "result-de",
    "result-en",
    "result-orders",
    "template-de",
    "template-en",
    "team-0",
    "team-1",
    "merged",
    "merged-stale",
    "comparison",
    "addin",
]


@pytest.mark.parametrize("kind", KINDS)
def test_file_passes_the_validator(files: dict[str, Path], kind: str) -> None:
    assert errors(files[kind]) == []
    assert not_well_formed(files[kind]) == []


def test_the_parser_sees_a_character_xml_cannot_carry(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """The well-formedness check can fail: a sheet holding a raw U+FFFE."""
    import zipfile

    broken = tmp_path / "kaputt.xlsx"
    with (
        zipfile.ZipFile(files["result-de"]) as src,
        zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", "<!-- \ufffe --></sheetData>".encode())
            dst.writestr(item, data)
    assert [e.split(":")[0] for e in not_well_formed(broken)] == ["xl/worksheets/sheet1.xml"]


def test_the_validator_sees_a_chart_without_its_style(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """The check can fail: a team workbook whose chart lost its required c:scatterStyle."""
    import zipfile

    broken = tmp_path / "kaputt.xlsx"
    with (
        zipfile.ZipFile(files["team-0"]) as src,
        zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/charts/chart"):
                data = re.sub(rb"<(c:)?scatterStyle [^>]*/>", b"", data)
            dst.writestr(item, data)
    assert any("scatterStyle" in e for e in errors(broken))
