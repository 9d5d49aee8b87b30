"""Reconciliation (DESIGN.md 5.5): senders against observation points.

`matcher` and `recipients` are pure (no Django); `service.reconcile_run` loads and shapes;
`selectors` serves the pages.
"""
