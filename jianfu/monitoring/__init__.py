"""The dashboard, the burden-in-hours model, alerts and reminders."""
