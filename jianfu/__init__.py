"""Jianfu (减负): the county's system of record for the burden put on townships."""
