"""Workbook builders and the default texts they fill in."""
