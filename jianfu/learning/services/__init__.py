"""Writes of the learning part: library documents, FAQ entries, study records (form and Excel
import), trainings with invitations, attendance and materials, pilot measures. Each is one
transaction and records its audit entry on purpose."""
