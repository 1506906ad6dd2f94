"""The `kundenwert` command end to end on real files."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, messy_export_rows, to_input_rows

Factory = Callable[..., Path]
SHEETS_DE = [
    "Kunden",
    "Bewertung",
    "Matrix",
    "Wachstumstabelle",
    "Kundenauskunft",
    "Konfiguration",
    "Prüfprotokoll",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample_rows() -> list[list[object]]:
    return to_input_rows(generate_portfolio(120, seed=11))


def test_score_writes_every_sheet_and_leaves_the_input_alone(
    xlsx: Factory, tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    source = xlsx(sample_rows)
    before = _digest(source)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    assert _digest(source) == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS_DE
    scoring = wb["Bewertung"]
    header = [c.value for c in scoring[1]]
    assert header[:8] == [
        "Kunden-Nr",
        "Name",
        "Region",
        "Betreuer",
        "Umsatz",
        "Ist-Score",
        "Potenzial-Score",
        "Segment",
    ]
    assert scoring.max_row == 121 and "Bewertung" in scoring.tables
    assert scoring.freeze_panes == "C2"
    segments = {r[7] for r in scoring.iter_rows(min_row=2, values_only=True)}
    assert segments == {"Topkunde", "Stammkunde", "Wachstumskunde", "Kleinkunde"}
    # the customer sheet holds the input rows unchanged
    kunden = [list(r) for r in wb["Kunden"].iter_rows(values_only=True)]
    original = [
        list(r) for r in openpyxl.load_workbook(source)["Kunden"].iter_rows(values_only=True)
    ]
    assert kunden == original
    assert len(wb["Matrix"]._charts) == 1  # type: ignore[attr-defined]
    growth = [r for r in wb["Wachstumstabelle"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in growth[:5]] == [
        "Topkunde",
        "Wachstumskunde",
        "Stammkunde",
        "Kleinkunde",
        "Gesamt",
    ]
    assert growth[4][7] == 120  # customers in total


def test_segment_cells_are_wide_enough_for_every_label(
    xlsx: Factory, tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(xlsx(sample_rows)), "-o", str(out), "-q"]) == 0
    scoring = openpyxl.load_workbook(out)["Bewertung"]
    column = next(c.column_letter for c in scoring[1] if c.value == "Segment")
    labels = {r[0].value for r in scoring[f"{column}2:{column}{scoring.max_row}"]}
    assert "Wachstumskunde" in labels
    # Excel's width unit is about one character of the default font
    assert scoring.column_dimensions[column].width >= max(map(len, labels)) + 1


def test_english_switch_changes_every_sheet_name(
    xlsx: Factory, tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    out = tmp_path / "result.xlsx"
    assert main(["score", str(xlsx(sample_rows)), "-o", str(out), "--lang", "en", "-q"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Customers",
        "Scoring",
        "Matrix",
        "Growth table",
        "Customer lookup",
        "Configuration",
        "Check log",
    ]
    assert [c.value for c in wb["Scoring"][1]][5] == "Current score"


def test_messy_export_is_read_and_its_mapping_shown(xlsx: Factory, tmp_path: Path) -> None:
    frame = generate_portfolio(40, seed=3)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(xlsx(messy_export_rows(frame))), "-o", str(out), "-q"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb["Bewertung"].max_row == 41  # 40 customers, the totals row skipped
    cells = [c for row in wb["Prüfprotokoll"].iter_rows(values_only=True) for c in row]
    assert "Umsatz 2025 (€)" in cells and "Summenzeile" in " ".join(str(c) for c in cells)
    # revenue written as German text is read as the number it was
    scoring = {r[0]: r[4] for r in wb["Bewertung"].iter_rows(min_row=2, values_only=True)}
    assert scoring["K10001"] == pytest.approx(frame.loc[0, "umsatz"])


def test_config_round_trip_through_a_result_workbook(
    xlsx: Factory, tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    source, first, second = xlsx(sample_rows), tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert main(["score", str(source), "-o", str(first), "-q"]) == 0
    wb = openpyxl.load_workbook(first)
    ws = wb["Konfiguration"]
    row = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Schwelle Ist-Score: Methode"
    )
    ws.cell(row, 2).value = "fest"
    ws.cell(row + 1, 2).value = 90
    wb.save(first)
    assert main(["score", str(source), "-o", str(second), "--config", str(first), "-q"]) == 0
    segments = [
        r[7]
        for r in openpyxl.load_workbook(second)["Bewertung"].iter_rows(min_row=2, values_only=True)
    ]
    # with the current-value threshold at 90 hardly anyone is high on that axis
    high = sum(s in ("Topkunde", "Stammkunde") for s in segments)
    assert high < len(segments) * 0.1


def test_missing_revenue_column_exits_2_with_a_message(xlsx: Factory, tmp_path: Path) -> None:
    source = xlsx([["Kundennummer", "Firma"], ["K1", "A"]])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kundenwert.cli",
            "score",
            str(source),
            "-o",
            str(tmp_path / "x.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "Umsatz" in run.stderr and "Kundennummer, Firma" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("content", [b"Kunden-Nr;Umsatz\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
def test_unreadable_files_exit_2_without_traceback(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "kunden.xlsx"
    bad.write_bytes(content + b"\0" * 600)
    run = subprocess.run(
        [sys.executable, "-m", "kundenwert.cli", "score", str(bad), "-o", str(tmp_path / "o.xlsx")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "\nFehler: " in run.stderr
    assert "Traceback" not in run.stderr


def test_output_equal_to_input_is_refused(xlsx: Factory, sample_rows: list[list[object]]) -> None:
    source = xlsx(sample_rows)
    before = _digest(source)
    assert main(["score", str(source), "-o", str(source), "-q"]) == 2
    assert _digest(source) == before


def test_template_has_checks_and_the_default_model(tmp_path: Path) -> None:
    out = tmp_path / "vorlage.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Start",
        "Anleitung",
        "Kunden",
        "Matrix",
        "Konfiguration",
        "Hilfswerte",
    ]
    assert wb["Start"]["B4"].value == "▶ Bewerten"  # the cell the Bewerten button links to
    ws = wb["Kunden"]
    header = [c.value for c in ws[1]]
    assert header[0] == "Kunden-Nr" and "Image" in header
    image = openpyxl.utils.get_column_letter(header.index("Image") + 1)
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    rule = rules[f"{image}2:{image}2001"]
    assert rule.type == "list" and rule.formula1 == '"1,2,3,4,5"'
    from kundenwert.method.config import Config
    from kundenwert.xlsx.config_file import read_config

    assert read_config(out) == Config()


def test_demo_writes_the_workbook_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "Kundenportfolio.xlsx"
    assert main(["demo", "-o", str(out), "-q", "--customers", "200"]) == 0
    printed = capsys.readouterr().out
    assert "Topkunde" in printed and str(out) in printed
    # the demo has a contact log, which the result carries along
    assert openpyxl.load_workbook(out, read_only=True).sheetnames == [
        "Kunden",
        "Kontakte",
        *SHEETS_DE[1:],
    ]


def test_result_file_gets_normal_permissions(
    xlsx: Factory, tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    # written through a temporary file, yet as readable as any new file (umask applies)
    import os
    import stat

    out = tmp_path / "ergebnis.xlsx"
    old = os.umask(0o022)
    try:
        assert main(["score", str(xlsx(sample_rows)), "-o", str(out), "-q"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert not list(tmp_path.glob("*.part"))


def test_summary_columns_stay_apart_for_large_portfolios() -> None:
    # six-digit counts once ran into each other ("362782392211895")
    from kundenwert.cli import summary
    from kundenwert.method.portfolio import score_portfolio
    from kundenwert.workbook.sample import synthetic

    result = score_portfolio(synthetic(120_000))
    lines = summary(result).splitlines()
    total = lines[5].split()
    assert total[0] == "Gesamt" and int(total[1]) == 120_000
    assert sum(int(v) for v in total[2:]) == 120_000
    for line in lines[1:5]:
        fields = line.split()
        assert len(fields) == 7  # segment, count, A, B, C, Z, O
        assert int(fields[1]) == sum(int(v) for v in fields[2:])


def test_progress_bar_redraws_in_place_on_a_terminal_and_prints_tenths_otherwise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kundenwert.book.plan import Step
    from kundenwert.cli import Progress

    progress = Progress()
    assert not progress.tty  # pytest captures stderr: no terminal
    for done in range(0, 100_001, 5_000):
        progress("Blatt Bewertung", done, 100_000)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 10  # one per tenth, none for 0 %
    assert lines[-1].endswith("100%  100.000 / 100.000 Zeilen")
    progress.tty = True
    for done in (25_000, 50_000, 100_000):
        progress(Step("cli.schritt.blatt", "Kunden"), done, 100_000)
    err = capsys.readouterr().err
    assert err.count("\r") == 3 and err.endswith("Zeilen\n") and err.count("\n") == 1
    assert "█" * 15 + "░" * 15 in err  # half way
    assert "Blatt Kunden" in err
    english = Progress(lang="en")
    english(Step("cli.schritt.speichere", "Ergebnis.xlsx"))
    assert capsys.readouterr().err.rstrip().endswith("] saving Ergebnis.xlsx")


def test_large_results_report_rows_while_saving(tmp_path: Path) -> None:
    from kundenwert.book.plan import Step
    from kundenwert.book.result_book import result_plan
    from kundenwert.method.portfolio import score_portfolio
    from kundenwert.workbook.sample import synthetic
    from kundenwert.xlsx import xlsxwriter_renderer

    frame = synthetic(60_000)
    rows: list[list[object]] = [list(frame.columns)]
    result = score_portfolio(frame)
    plan = result_plan(result, rows, [], [])
    seen: list[tuple[Step, int, int]] = []
    xlsxwriter_renderer.write_plan(
        plan, tmp_path / "gross.xlsx", lambda m, d=0, t=0: seen.append((m, d, t))
    )
    bars = [s for s in seen if s[2]]
    sheets = [Step("cli.schritt.blatt", "Bewertung"), Step("cli.schritt.blatt", "Matrix")]
    assert {m for m, _, _ in bars} == set(sheets)
    assert (Step("cli.schritt.speichere", "gross.xlsx"), 0, 0) in seen
    for sheet in sheets:
        done = [d for m, d, _ in bars if m == sheet]
        assert done == sorted(done) and done[-1] == next(t for m, _, t in bars if m == sheet)
