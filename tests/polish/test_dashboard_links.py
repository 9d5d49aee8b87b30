"""Every number on the monitoring dashboard links to exactly the ledger lines behind it: on a
generated county, follow each numeric link and count the listed lines."""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from jianfu.filings.models import Quota
from tests.monitoring.data import add, scene

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2025-09-01", "end": "2025-09-30"}
PRODUCED_TITLES = {
    "发文": [
        "关于做好{n}项工作的通知",
        "农业农村工作简报第{n}期",
        "关于防汛紧急转移群众的明电{n}",
        "关于表彰{n}名先进个人的决定",
        "关于{n}月份安全生产的紧急通知",
    ],
    "办会": ["全县第{n}次工作推进视频会议", "防汛抗旱应急工作会议{n}"],
    "督查": ["第{n}轮安全生产督查", "秋粮收购工作检查{n}"],
}
RECEIVED = {"收文": "关于做好{n}项工作的通知", "参会": "全县第{n}次工作会议", "受检": "第{n}轮督查"}
SENDERS = ["县农业农村局", "县教育局", "县委办公室", "某某公司"]


def generated_county(units) -> None:
    """The monitoring scene plus a deterministic random year of lines of every kind."""
    scene(units)
    rng = random.Random(20250930)
    start = date(2025, 1, 1)
    for key in ("ny", "jy", "xwb", "hk", "cg"):
        unit = units[key]
        specs = []
        for n in range(40):
            day = start + timedelta(days=rng.randrange(0, 300))
            if key in ("hk", "cg") and rng.random() < 0.7:
                kind = rng.choice(list(RECEIVED))
                specs.append((kind, day, RECEIVED[kind].format(n=n), rng.choice(SENDERS)))
            else:
                kind = rng.choice(list(PRODUCED_TITLES))
                title = rng.choice(PRODUCED_TITLES[kind]).format(n=n)
                specs.append((kind, day, title, "各乡镇（街道）"))
        add(unit, *specs)


def numeric_links(body: str) -> list[tuple[str, int, str]]:
    """(href, the number shown, a label) for every link to the ledger list whose text is a count
    ("7", or "3/10" for a quota's use)."""
    found = []
    for href, text in re.findall(r'<a href="(/ledgers/\?[^"]*)"[^>]*>([^<]*)</a>', body):
        match = re.fullmatch(r"\s*(\d+)(?:/\d+)?\s*", text)
        if match:
            found.append((html.unescape(href), int(match.group(1)), text))
    return found


def listed(client, href: str) -> int:
    query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    response = client.get(reverse("ledgers:index"), query)
    assert response.status_code == 200
    return response.context["total"]


@pytest.mark.parametrize("user", ["coordinator", "leader_ny"])
def test_every_dashboard_number_lists_exactly_its_lines(client, county, units, users, user):
    generated_county(units)
    Quota.objects.create(county=county, unit=units["ny"], year=2025, kind="document", amount=30)
    Quota.objects.create(county=county, unit=units["jy"], year=2025, kind="meeting", amount=5)
    client.force_login(users[user])
    body = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    links = numeric_links(body)
    mismatched = [
        (label, shown, listed(client, href), href)
        for href, shown, label in links
        if listed(client, href) != shown
    ]
    assert not mismatched
    # the figures users asked about are among them, each with a link
    for testid in ("total-documents", "total-briefs", "total-emergency"):
        assert re.search(rf'<a href="/ledgers/\?[^"]*" data-testid="{testid}">\d+</a>', body)
    if user == "coordinator":
        assert len(links) > 30
        emergency = re.search(r'data-testid="total-emergency">(\d+)<', body).group(1)
        assert int(emergency) > 0  # the generated year has emergency lines in September
        sender = re.search(r'<a href="([^"]*)" data-testid="sender-documents">(\d+)<', body)
        assert "counterpart_unit=" in sender.group(1) and "&amp;q=" not in sender.group(1)


def test_the_over_quota_lines_end_without_a_stray_separator(client, county, units, users):
    generated_county(units)
    for kind in ("document", "meeting", "inspection"):
        Quota.objects.create(county=county, unit=units["ny"], year=2025, kind=kind, amount=1)
    client.force_login(users["coordinator"])
    body = client.get(reverse("monitoring:dashboard"), PERIOD).content.decode()
    over = re.search(r'data-testid="heading-over">(.*?)</div>', body, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", over, re.S)
    assert items
    for item in items:
        assert not item.rstrip().endswith("；") and item.rstrip().endswith("。")
    ny = next(i for i in items if "县农业农村局" in i)
    assert ny.count("；") == 2  # three sections over quota: two separators
