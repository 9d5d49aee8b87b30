"""Ledgers (日常工作台账): a unit's complete daily ledger of what it received and produced.

For now this package holds only pure code (no Django models): `workbook` reads a unit's ledger
workbook the way clerks actually keep it. The Django app around it is wired separately.
"""
