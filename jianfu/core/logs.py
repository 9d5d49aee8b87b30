"""Logging helpers shared by the settings: what a server log shows of a refused request."""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """Django logs every 4xx response (403 无权访问, 404 …) with the exception that made it, and
    so with a traceback: a user who typed an address they may not open fills the log with
    stack frames. A refusal is not a fault: its line is kept, its traceback dropped; 5xx
    responses keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


def logging_settings(level: str) -> dict:
    """The LOGGING setting: one console handler for every logger (Django's own once, not also
    through its DEBUG-only default handler), refusals without their traceback; `level` for
    the root logger."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"refusals": {"()": "jianfu.core.logs.RefusalsWithoutTraceback"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    }
