"""Deterministic synthetic portfolios of any size (the generator lives with the sample data)."""

from __future__ import annotations

from kundenwert.workbook.sample import NUMERIC, synthetic

__all__ = ["NUMERIC", "synthetic"]
