"""Writes of the supervision part: groups and their assignments, visits, tasks and their
responses and verification. Every function takes `actor` and records the audit trail itself."""
