"""Workbook plans as plain data: sheets, tables, formats, charts, labels in both languages."""
