"""An English run speaks English: console output and every sheet we write hold no German words
outside the user's own data (the input cells, carried through)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from kundenwert.book.labels import LANGS, column_label, error_text, expected_text, t
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.cells.line_table import read_lines
from kundenwert.cli import main
from kundenwert.errors import MissingColumnsError

# words of our own German texts; user data (company names, regions, notes) is excluded below
GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(und|oder|nicht|keine?|Kunden?|Zeilen?|Blatt|Spalten?|Werte?|erwartet|"
    r"gefunden|Fehler|bewertet|schreibe|lese|Datei|Hinweise|Stichtag|hoch|niedrig|rang|"
    r"mittelwert|fest|quantil|skala|schwellen|Umsatz|Gesamt|Anzahl|Summe|Konfiguration|"
    r"Bewertung|Wachstum\w*|Zusammenführung|übernommen|heute|gesetzt|Beispiel\w*|Ergebnis)\b"
)


#: Sheets that still hold German under --lang en because their texts are written by files
#: another helper is changing at the same time (left alone in this branch), each with why.
#: `test_the_sheets_still_german_are_exactly_the_excluded_ones` keeps this list exact.
EXCLUDED = {
    "Hilfswerte": "templates/formulas.py: the helper sheet's name and its header 'Anzahl / Wert'",
    "_kundenwert": "teams/workflow.py's hidden marker sheet of a team workbook: the headers "
    "the merge reads back (Kunden-Nr, Umsatz, Aufträge, Schlüssel) are its stored format; "
    "renaming them would stop team workbooks already out there from merging",
}


def _texts(path: Path) -> dict[str, set[str]]:
    book = CalamineWorkbook.from_path(str(path))
    return {
        name: {
            v
            for row in book.get_sheet_by_name(name).to_python()
            for v in row
            if isinstance(v, str) and v.strip()
        }
        for name in book.sheet_names
    }


def _user_data(path: Path) -> set[str]:
    return {v for texts in _texts(path).values() for v in texts}


def _german(texts: set[str], user: set[str]) -> list[str]:
    def ours(text: str) -> bool:
        parts = [p.strip() for p in re.split(r"[:;,()]", text)]
        return text not in user and not all(p in user or not p for p in parts)

    return sorted(t for t in texts if ours(t) and GERMAN.search(t))


def test_english_demo_score_template_and_errors_say_nothing_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.xlsx"
    assert main(["demo", "-o", str(demo), "--customers", "80", "--lang", "en"]) == 0
    source = tmp_path / t("demo.datei", "en")
    user = _user_data(source)
    scored = tmp_path / "scored.xlsx"
    assert main(["score", str(source), "-o", str(scored), "--lang", "en"]) == 0
    template = tmp_path / "template.xlsx"
    assert main(["template", "-o", str(template), "--lang", "en"]) == 0
    assert (
        main(
            [
                "score",
                str(tmp_path / "missing.xlsx"),
                "-o",
                str(tmp_path / "x.xlsx"),
                "--lang",
                "en",
            ]
        )
        == 2
    )
    console = capsys.readouterr()
    lines = {line for line in (console.out + console.err).splitlines() if line.strip()}
    assert _german(lines, user | {str(tmp_path)}) == []
    for book in (demo, scored, template):
        for sheet, texts in _texts(book).items():
            if sheet not in EXCLUDED:
                assert _german(texts, user) == [], f"{book.name}: {sheet}"


def _console_german(capsys: pytest.CaptureFixture[str], user: set[str]) -> list[str]:
    console = capsys.readouterr()
    lines = {line for line in (console.out + console.err).splitlines() if line.strip()}
    return _german(lines, user)


def _english_round(tmp_path: Path) -> tuple[Path, set[str], list[Path], Path, Path]:
    """An English demo scored, split by region, one team edit merged back, both runs compared."""
    assert (
        main(["demo", "-o", str(tmp_path / "demo.xlsx"), "--customers", "60", "--lang", "en"]) == 0
    )
    source = tmp_path / t("demo.datei", "en")
    master = tmp_path / "master.xlsx"
    assert main(["score", str(source), "-o", str(master), "--lang", "en", "-q"]) == 0
    teams_dir = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(teams_dir), "--lang", "en"]) == 0
    teams = sorted(teams_dir.glob("*.xlsx"))
    book = openpyxl.load_workbook(teams[0])
    sheet = book[t("sheet.kunden", "en")]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index(column_label("image", "en")) + 1)
    cell.value = 1 if cell.value != 1 else 2  # one change the merge takes over
    book.save(teams[0])
    merged = tmp_path / "merged.xlsx"
    assert main(["merge", str(master), *map(str, teams), "-o", str(merged), "--lang", "en"]) == 0
    compared = tmp_path / "compared.xlsx"
    assert main(["compare", str(master), str(merged), "-o", str(compared), "--lang", "en"]) == 0
    return source, _user_data(source) | {str(tmp_path)}, teams, merged, compared


def test_english_split_merge_compare_say_nothing_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, user, teams, merged, compared = _english_round(tmp_path)
    # the team workbooks are named after the regions (user data): their paths are user data
    assert _console_german(capsys, user | {str(p) for p in teams}) == []
    for book in (merged, compared, *teams):
        for sheet, texts in _texts(book).items():
            if sheet not in EXCLUDED:
                assert _german(texts, user) == [], f"{book.name}: {sheet}"


def test_the_sheets_still_german_are_exactly_the_excluded_ones(tmp_path: Path) -> None:
    """Not a pass for the excluded sheets: it fails when one of them becomes English (then
    take it off EXCLUDED, so the tests above check it) and when another sheet turns German."""
    source, user, teams, merged, compared = _english_round(tmp_path)
    template = tmp_path / "template.xlsx"
    assert main(["template", "-o", str(template), "--lang", "en", "-q"]) == 0
    german = {
        sheet
        for book in (tmp_path / "demo.xlsx", tmp_path / "master.xlsx", template, merged, *teams)
        for sheet, texts in _texts(book).items()
        if _german(texts, user) or GERMAN.search(sheet)
    }
    assert german == set(EXCLUDED)


def test_check_sheet_expectations_and_missing_columns_are_keyed() -> None:
    """A bad cell's expectation and a missing column come out in the language asked for."""
    rows = [["Kunden-Nr", "Umsatz", "Image"], ["K1", "viel", 3], ["K2", 100, 9]]
    read = read_customer_table(rows, "Kunden")
    shown = {(p.row, p.column): p for p in read.problems if p.action == "value_ignored"}
    assert shown[(2, "Umsatz")].message == "exp.money"
    assert shown[(3, "Image")].message == "exp.rating"
    for lang in LANGS:
        assert expected_text(shown[(2, "Umsatz")], lang) == t("exp.money", lang)
        assert expected_text(shown[(3, "Image")], lang) == t("exp.rating", lang)
    with pytest.raises(MissingColumnsError) as info:
        read_customer_table([["Kunden-Nr", "Name"], ["K1", "Meier"]], "Kunden")
    english = error_text(info.value, "en")
    assert info.value.keys == ["umsatz"]
    revenue = column_label("umsatz", "en")
    assert english == t("err.pflichtspalten", "en").format(
        sheet="Kunden", missing=revenue, found="Kunden-Nr, Name", expected=revenue
    )


def test_order_line_findings_are_keyed() -> None:
    """Order lines with an unreadable date and amount: what was expected, in both languages."""
    rows = [
        ["Datum", "Kunden-Nr", "Betrag"],
        ["01.02.2025", "K1", 100],
        ["kein Datum", "K1", 50],
        ["03.02.2025", "K2", "viel"],
        ["04.02.2025", None, 20],
    ]
    read = read_lines(rows, "Lines")
    keys = {(p.row, p.message) for p in read.problems}
    assert {(3, "exp.date.tt"), (4, "exp.zahl"), (5, "exp.leer")} <= keys
    empty = next(p for p in read.problems if p.row == 5)
    for lang in LANGS:
        assert expected_text(empty, lang) == t("exp.leer", lang).format(
            column_cols=column_label("kunden_nr", lang)
        )


def test_english_score_from_order_lines_says_nothing_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Order lines (German ERP headers: user data) scored in English: the console, the order
    history sheet with its model warnings and the check log speak English."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Lines"
    sheet.append(["Datum", "Kunden-Nr", "Betrag"])
    for c in range(24):
        for k in range(1 + c % 4):  # one to four purchase days per customer
            sheet.append([dt.date(2024, 1 + (c + 3 * k) % 12, 1 + k), f"C{c:02d}", 100.0 + 7 * c])
    sheet.append(["not a date", "C01", 10.0])  # reported, in English
    source = tmp_path / "lines.xlsx"
    book.save(source)
    user = _user_data(source) | {str(tmp_path)}
    out = tmp_path / "scored.xlsx"
    assert main(["score", str(source), "-o", str(out), "--lang", "en"]) == 0
    assert _console_german(capsys, user) == []
    for name, texts in _texts(out).items():
        if name not in EXCLUDED:
            assert _german(texts, user) == [], name
