"""The navigation's 审计日志 entry leads to the audit viewer, for the audit administrator only."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("auditadmin", True),
        ("sysadmin", False),
        ("secadmin", False),
        ("coordinator", False),
        ("clerk_ny", False),
    ],
)
def test_audit_link_in_navigation(client, users, role, shown):
    client.force_login(users[role])
    page = client.get("/").content.decode()
    assert ('<a href="/audit/">审计日志</a>' in page) is shown


@pytest.mark.django_db
def test_audit_page_marks_its_navigation_entry(client, users):
    client.force_login(users["auditadmin"])
    page = client.get("/audit/").content.decode()
    assert '<li class="active">\n        <a href="/audit/">审计日志</a>' in page


@pytest.mark.django_db
def test_login_page_is_chinese_and_carries_a_token(client):
    page = client.get("/login/").content.decode()
    for text in ("用户登录", "用户名", "密码", "csrfmiddlewaretoken", "连续 5 次输入错误"):
        assert text in page
