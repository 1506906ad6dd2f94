"""Regional distribution: splitting the master into team workbooks and merging them back."""
