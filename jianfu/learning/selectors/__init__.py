"""Reads of the learning part."""
