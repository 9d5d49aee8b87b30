"""一事一码: codes, the printable notice and the public verification page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jianfu.filings.models import Status
from jianfu.filings.services.codes import (
    ALPHABET,
    codes_in_text,
    filing_verify,
    verify_code_display,
    verify_code_new,
    verify_code_normalise,
)

from .factories import make_filing
from .helpers import approve_fully

pytestmark = pytest.mark.django_db


def test_codes_use_an_unambiguous_alphabet():
    assert not set("01IOL") & set(ALPHABET)
    codes = {verify_code_new() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 8 and set(c) <= set(ALPHABET) for c in codes)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("abcd-efgh", "ABCDEFGH"),
        (" ABCD EFGH ", "ABCDEFGH"),
        ("ABCDEFG", ""),
        ("ABCD-EFG0", ""),
        ("", ""),
        ("<script>", ""),
    ],
)
def test_normalise(typed, stored):
    assert verify_code_normalise(typed) == stored


def test_codes_in_text():
    text = "乡镇收文，报备码 ABCD-EFGH，登记 qh-2025-hy-0042"
    assert codes_in_text(text) == {"ABCDEFGH", "QH-2025-HY-0042"}
    assert codes_in_text("无") == set()


@pytest.fixture
def approved(stages, units, users):
    filing = make_filing(
        units["ny"], created_by=users["clerk_ny"], text="内部正文不得外泄", convener="张副局长"
    )
    approve_fully(filing, users)
    filing.refresh_from_db()
    return filing


def test_verify_valid_and_invalid(approved):
    result = filing_verify(verify_code_display(approved.verify_code).lower())
    assert result.valid and result.reg_no == approved.reg_no and result.unit == "县农业农村局"
    assert not filing_verify("ZZZZ-ZZZZ").valid
    approved.status = Status.PENDING
    approved.save(update_fields=["status"])
    assert not filing_verify(approved.verify_code).valid  # pending again: not valid


def _invalid_block(html: str) -> str:
    return re.sub(r'value="[^"]*"', "", html)


def test_public_page_shows_facts_only_and_same_answer_for_any_invalid(client, approved):
    url = reverse("filings:verify")
    assert client.get(url).status_code == 200  # no login needed
    page = client.get(url, {"code": verify_code_display(approved.verify_code)}).content.decode()
    assert 'data-testid="verify-valid"' in page and approved.reg_no in page
    assert approved.title in page and "县农业农村局" in page
    for secret in ("内部正文不得外泄", "张副局长", "clerk_ny", "leader_ny"):
        assert secret not in page
    answers = set()
    for code in ("ZZZZ-ZZZZ", "abc", "ABCD-EFGI", approved.reg_no, "' OR 1=1 --"):
        html = client.get(url, {"code": code}).content.decode()
        assert 'data-testid="verify-invalid"' in html
        answers.add(_invalid_block(html).replace(code, ""))
    assert len(answers) == 1  # the same answer shape, whatever the invalid code


def test_township_clerk_can_record_an_unfiled_item(client, users, approved):
    client.force_login(users["clerk_hk"])
    html = client.get(reverse("filings:verify"), {"code": "ZZZZ-ZZZZ"}).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="record-unfiled"', html).group(1)
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "ZZZZ-ZZZZ" in form  # the remarks field is prefilled with the code


def test_verify_is_rate_limited(client, approved, settings):
    from jianfu.filings import views_verify

    url = reverse("filings:verify")
    statuses = [
        client.get(url, {"code": "ZZZZ-ZZZZ"}).status_code
        for _ in range(views_verify.VERIFY_BUDGET + 2)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_notice_print_has_code_and_qr(client, users, approved):
    client.force_login(users["clerk_ny"])
    html = client.get(reverse("filings:notice", args=[approved.pk])).content.decode()
    assert approved.reg_no in html and verify_code_display(approved.verify_code) in html
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    client.force_login(users["clerk_jy"])
    assert client.get(reverse("filings:notice", args=[approved.pk])).status_code == 404
