"""The method of domain.md: pure functions over pandas/numpy; no files, no Excel."""
