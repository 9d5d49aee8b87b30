"""The address recorded in the audit trail: REMOTE_ADDR, or X-Forwarded-For only behind a
trusted reverse proxy (a client cannot forge its address into the trail)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from jianfu.core.actor import client_ip

PROXY = "10.0.0.2"


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("192.168.1.5", None, "192.168.1.5"),
        ("192.168.1.5", "1.2.3.4", "192.168.1.5"),  # not from our proxy: header ignored
        (PROXY, "192.168.1.7", "192.168.1.7"),
        (PROXY, "6.6.6.6, 192.168.1.7", "192.168.1.7"),  # forged left part ignored
        (PROXY, "192.168.1.7, 10.0.0.3", "192.168.1.7"),  # two proxies
        (PROXY, "", PROXY),
        (PROXY, "not-an-ip", None),
        ("::1", None, "::1"),
    ],
)
def test_client_ip(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.3"]
    assert client_ip(request(remote, forwarded)) == expected


def test_no_trusted_proxies_by_default(settings):
    assert settings.TRUSTED_PROXIES == []
    assert client_ip(request("192.168.1.5", "1.2.3.4")) == "192.168.1.5"
