"""Reads of the supervision part. `tasks_overdue` is public to the higher layers (monitoring's
alerts and dashboard call it)."""

from .overdue import OverdueTask, tasks_overdue
from .scope import groups_for, groups_of, tasks_for, visits_for

__all__ = ["OverdueTask", "groups_for", "groups_of", "tasks_for", "tasks_overdue", "visits_for"]
