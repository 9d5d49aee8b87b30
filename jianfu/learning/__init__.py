"""Policy library (资料汇编) with the criteria FAQ, study records and coverage, trainings, pilot
units.
"""
