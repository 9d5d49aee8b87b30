"""R10: the API survives whatever is sent to it. Schemathesis generates requests from the OpenAPI
document (valid and invalid) and sends them to the WSGI application in-process, as a unit's OA
system with a valid token: no 5xx, every answer fits the documented schema. Bounded examples.

One check is left out on purpose: "a schema-valid request is accepted". Ledger lines are plain
strings in the schema so that the server can check them line by line and answer 422 with every
bad line's index, field and a Chinese message (documented); schemathesis would call a line with
an unknown kind or an impossible date "valid"."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jianfu.api.tokens import api_token_create
from jianfu.core.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_process_wsgi():
    """Like Django's test client: requests must not close the test's database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, in_process_wsgi):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def oa_token(units, users):
    return api_token_create(
        actor=Actor.command(users["sysadmin"]), unit=units["hk"], name="fuzz"
    ).plaintext


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz_all(api_schema, headers: dict) -> int:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        fuzz()
    return len(operations)


def test_the_api_never_fails_and_always_answers_as_documented(api_schema, oa_token):
    """As an OA system with its unit's token."""
    assert fuzz_all(api_schema, {"Authorization": f"Bearer {oa_token}"}) >= 6


def test_the_same_with_a_logged_in_session(api_schema, users):
    """As the coordinator's browser session (writes without a CSRF token are refused, 403)."""
    from django.test import Client

    browser = Client()
    browser.force_login(users["coordinator"])
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    assert fuzz_all(api_schema, {"Cookie": cookie}) >= 6
