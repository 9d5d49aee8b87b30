"""R6 for the supervision pages: each role gets what `has_perm` says on every supervision URL;
a group sees only its units' visits and tasks, a unit only its own; the county office all.
Cross-unit and cross-group objects are 404."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, get_resolver

from jianfu.org.access import has_perm
from jianfu.supervision import urls as supervision_urls

ROLES = [
    "clerk_ny",
    "clerk_hk",
    "leader_ny",
    "coordinator",
    "approver",
    "inspector",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def supervision_routes():
    prefix = next(
        str(p.pattern)
        for p in get_resolver().url_patterns
        if getattr(p, "namespace", None) == "supervision"
    )
    for pattern in supervision_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = prefix + str(pattern.pattern)
        yield "/" + CONVERTER.sub("999999", route), pattern.callback.jianfu_permission


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_supervision_url_answers_as_has_perm_says(client, users, role):
    user = users[role]
    client.force_login(user)
    problems = []
    routes = list(supervision_routes())
    assert len(routes) >= 18
    for path, permission in routes:
        status = client.get(path).status_code
        if has_perm(user, permission):
            ok = status in {200, 302, 405} | ({404} if "999999" in path else set())
        else:
            ok = status in (403, 405)
        if not ok:
            problems.append(f"{path} [{permission}] -> {status}")
    assert not problems


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_groups_see_their_units_only_and_the_county_office_sees_all(
    client, users, groups, visit_ny, task_ny
):
    visit_url = f"/supervision/visits/{visit_ny.pk}/"
    task_url = f"/supervision/tasks/{task_ny.pk}/"
    finding = visit_ny.findings.last()
    allowed = ["inspector", "coordinator", "approver", "clerk_ny", "leader_ny"]
    for name in allowed:
        assert _get(client, users[name], visit_url).status_code == 200, name
        assert _get(client, users[name], task_url).status_code == 200, name
        assert _get(client, users[name], task_url + "notice/").status_code == 200, name
    for user in [users["clerk_jy"], users["clerk_hk"], groups["inspector2"]]:
        assert _get(client, user, visit_url).status_code == 404, user
        assert _get(client, user, task_url).status_code == 404, user
        assert _get(client, user, visit_url + "docx/").status_code == 404, user
        assert _get(client, user, task_url + "notice/").status_code == 404, user
        listing = _get(client, user, "/supervision/tasks/")
        assert task_ny.title not in listing.content.decode()
    # the second group's inspector can neither verify nor turn the first group's finding into a task
    client.force_login(groups["inspector2"])
    assert client.post(task_url + "verify/").status_code == 404
    assert client.post(f"/supervision/findings/{finding.pk}/task/").status_code == 404
    # another unit's clerk cannot respond
    client.force_login(users["clerk_jy"])
    assert client.post(task_url + "respond/", {"text": "x"}).status_code == 404
    task_ny.refresh_from_db()
    assert task_ny.status == "open"


@pytest.mark.django_db
def test_lists_and_exports_are_scoped(client, users, groups, visit_ny, task_ny):
    import io

    from openpyxl import load_workbook

    for name, sees in [
        ("coordinator", True),
        ("inspector", True),
        ("clerk_ny", True),
        ("clerk_jy", False),
    ]:
        client.force_login(users[name])
        page = client.get("/supervision/visits/").content.decode()
        assert (visit_ny.unit.name in page and "共 1 条" in page) is sees, name
        export = client.get("/supervision/tasks/export/")
        sheet = load_workbook(io.BytesIO(export.content)).active
        titles = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert (titles == [task_ny.title]) is sees, name
