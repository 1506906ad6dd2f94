"""kundenwert: customer value management for B2B sales, in Excel."""

__version__ = "0.1.0"
