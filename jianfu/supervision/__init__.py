"""The supervision groups (督导组): their units, on-site visits, findings and
rectification tasks (限期整改)."""
