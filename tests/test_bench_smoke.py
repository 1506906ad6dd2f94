"""The benchmark runner itself keeps working (tiny sizes; no time is asserted)."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import main


def test_quick_benchmark_writes_every_section_and_verdict(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    assert main(["--quick", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for section in (
        "## 1. Core scoring",
        "## 2. `kundenwert score`",
        "## 3. KW.PORTFOLIO",
        "## 5. Peak memory",
    ):
        assert section in text
    assert text.count("Goal ") >= 3 and "met." in text  # file, memory and function goals
