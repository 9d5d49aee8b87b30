"""The unit list opens in the order county offices use: leadership, departments, townships,
then higher-level bodies."""

import re

import pytest


@pytest.mark.django_db
def test_default_order_is_leadership_departments_townships_higher(client, users):
    client.force_login(users["coordinator"])
    page = client.get("/org/units/").content.decode().split("<tbody", 1)[1]
    names = ["县委办公室", "县农业农村局", "河口乡", "市委办公室"]
    positions = [m.start() for name in names for m in [re.search(name, page)] if m]
    assert len(positions) == len(names)
    assert positions == sorted(positions)
