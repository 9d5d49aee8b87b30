"""A refused request (4xx) is logged without a traceback; a server error keeps its own."""

from __future__ import annotations

import logging
import sys

from jianfu.core.logs import RefusalsWithoutTraceback


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("无权访问")
    except PermissionError:
        info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "m", (), info)
    record.status_code = status
    return record


def test_a_refusal_keeps_its_line_and_loses_its_traceback():
    refused, failed = _record(403), _record(500)
    keep = RefusalsWithoutTraceback()
    assert keep.filter(refused) and keep.filter(failed)
    assert refused.exc_info is None and "Traceback" not in logging.Formatter().format(refused)
    assert failed.exc_info is not None and "Traceback" in logging.Formatter().format(failed)


def test_the_settings_log_through_the_filter_once():
    """As configured at start-up (django.setup applied LOGGING): Django's loggers write through
    the filtered console handler only, not also through the root's."""
    django_logger = logging.getLogger("django")
    assert django_logger.propagate is False
    ours = [h for h in django_logger.handlers if type(h) is logging.StreamHandler]
    assert len(ours) == 1
    assert any(isinstance(f, RefusalsWithoutTraceback) for f in ours[0].filters)
