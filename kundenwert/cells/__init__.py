"""Cells to customer table: header matching, value parsing, the problems found on the way."""
