"""Exports in English notation (comma-delimited, "1,234.56", "$12,500.00", 12/31/2025) read
as their writer meant them, and an English run of such a file says nothing in German."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kundenwert.cli import main
from kundenwert.xlsx.reader import read_customers


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "revenues", "how"),
    [
        # a number with decimals tells the notation: "1,234" is then one thousand and more
        (
            '1001,"Acme","1,234"\n1002,"Beta","12,500.50"\n1003,"Gamma","800"\n',
            {"1001": 1234.0, "1002": 12500.5, "1003": 800.0},
            "detected",
        ),
        # only numbers that read both ways: a comma-delimited file is English
        (
            '1001,"Acme","1,234"\n1002,"Beta","12,500"\n1003,"Gamma","800"\n',
            {"1001": 1234.0, "1002": 12500.0, "1003": 800.0},
            "assumed",
        ),
        # currency signs before the number do not hide the notation
        (
            '1001,"Acme","$1,234.00"\n1002,"Beta","$12,500"\n1003,"Gamma","$800.10"\n',
            {"1001": 1234.0, "1002": 12500.0, "1003": 800.1},
            "detected",
        ),
    ],
)
def test_english_customer_csv_reads_thousands_as_thousands(
    tmp_path: Path, body: str, revenues: dict[str, float], how: str
) -> None:
    path = _write(tmp_path / "customers.csv", "Customer ID,Customer Name,Revenue\n" + body)
    read = read_customers(path)
    assert dict(zip(read.frame["kunden_nr"], read.frame["umsatz"], strict=True)) == revenues
    notation = next(p for p in read.problems if p.message == "msg.text.zahlen")
    assert dict(notation.args) == {"decimal": ".", "thousands": ",", "how": how}


def test_german_csv_keeps_reading_1_234_as_german(tmp_path: Path) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes("Kunden-Nr;Name;Umsatz\n1;A;1.234\n2;B;12,5\n3;C;2.000\n".encode("cp1252"))
    read = read_customers(path)
    assert list(read.frame["umsatz"]) == [1234.0, 12.5, 2000.0]


CRM_REPORT = (
    '"Opportunity Name","Account Name","Account ID","Account Owner","Close Date","Amount",'
    '"Stage"\n'
    '"Renewal","Acme Inc.","001A1","Kim Lee","1/15/2025","$12,500.00","Closed Won"\n'
    '"Upsell","Acme Inc.","001A1","Kim Lee","3/2/2025","$1,250.50","Closed Won"\n'
    '"Pilot","Beta LLC","001A2","Sam Roe","12/30/2025","$800","Closed Won"\n'
    '"Expansion","Beta LLC","001A2","Sam Roe","11/3/2025","$2,000","Closed Won"\n'
)


def test_crm_report_in_english_scores_and_speaks_english(tmp_path: Path) -> None:
    source = _write(tmp_path / "opportunities.csv", CRM_REPORT)
    out = tmp_path / "result.xlsx"
    code = main(["score", str(source), "-o", str(out), "-q", "--lang", "en", "--stichtag",
                 "31.12.2025"])  # fmt: skip
    assert code == 0
    book = load_workbook(out, read_only=True, data_only=True)
    history = list(book["Order history"].values)
    col = {h: i for i, h in enumerate(history[0]) if h}
    by_id = {r[0]: r for r in history[1:] if r[0]}
    assert by_id["001A1"][col["Revenue"]] == pytest.approx(13750.5)
    assert by_id["001A2"][col["Revenue"]] == pytest.approx(2800.0)
    assert by_id["001A2"][col["Last order"]] == dt.datetime(2025, 12, 30)  # month first
    log = list(book["Check log"].values)
    # the columns kundenwert does not use are named in English, as everything else
    used = {r[0]: r[1:3] for r in log if r and r[0] in ("Opportunity Name", "Stage")}
    assert used == {"Opportunity Name": (None, "not used"), "Stage": ("Status", None)}
    ours = [str(v) for r in log for v in r if isinstance(v, str)]
    german = re.compile(r"\b(nicht|verwendet|Zeile|Spalte|Kunde|Wert|erkannt)\b|[äöüß]")
    assert [t for t in ours if german.search(t)] == []
