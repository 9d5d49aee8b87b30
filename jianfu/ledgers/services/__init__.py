"""Writes to the ledgers: single lines (form), imports, API pushes, re-derivation."""
