"""The demo: sample data generator and the demo workbook."""
