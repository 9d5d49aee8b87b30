"""The OpenAPI document describes the token auth and every ledger operation; the docs page is
served from this server (no CDN) and starts without inline script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/ledger/entries"])
    assert "get" in paths["/api/v1/ledger/entries/{entry_id}"]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {**schemes["TokenAuth"], "type": "http", "scheme": "bearer"}
    push = paths["/api/v1/ledger/entries"]["post"]
    assert {"TokenAuth": []} in push["security"] and {"SessionAuth": []} in push["security"]
    assert push["summary"] == "批量推送台账条目" and push["tags"] == ["台账"]
    header = next(p for p in push["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is True
    assert set(push["responses"]) >= {"200", "400", "403", "404", "409", "422"}
    schemas = doc["components"]["schemas"]
    for name in (
        "LineIn",
        "PushIn",
        "PushOut",
        "PushedEntry",
        "LineError",
        "EntryOut",
        "EntryPage",
    ):
        assert name in schemas
        for field, spec in schemas[name]["properties"].items():
            described = spec.get("description") or "$ref" in spec or "allOf" in spec
            assert described or field in ("limit", "offset", "entries"), f"{name}.{field}"
    assert set(schemas["LineIn"]["required"]) == {"kind", "date", "title"}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_is_consistent(client):
    """No validator package is installed: check what a client generator relies on."""
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] and doc["info"]["version"]
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    operation_ids = []
    for path, item in doc["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in item.items():
            assert method in ("get", "post", "put", "patch", "delete")
            operation_ids.append(operation["operationId"])
            assert operation["responses"] and operation["summary"] and operation["tags"]
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path))
            for status in operation["responses"]:
                assert status.isdigit() and 200 <= int(status) < 600
    assert len(operation_ids) == len(set(operation_ids))


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "no CDN"
    assert re.search(r"<script>|<script type=\"text/javascript\">", html) is None
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(asset), asset
    assert 'id="swagger-settings"' in html and "/api/v1/openapi.json" in html
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy


def test_init_script_is_a_static_file():
    script = Path(finders.find("api/swagger/swagger-init.js")).read_text()
    assert "SwaggerUIBundle(" in script and "swagger-settings" in script


def test_every_description_is_in_chinese_and_every_parameter_has_one(client):
    """What an OA developer reads: no English docstring or HTTP reason phrase left alone, and
    each path and query parameter explained."""
    document = client.get("/api/v1/openapi.json").json()
    text = json.dumps(document, ensure_ascii=False)
    english = [
        d
        for d in re.findall(r'"description": "([^"]*)"', text)
        if re.search(r"[A-Za-z]{4,}", d) and not re.search(r"[\u4e00-\u9fff]", d)
    ]
    assert english == []
    bare = [
        (path, method, p["name"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for p in operation.get("parameters", [])
        if not (p.get("description") or p.get("schema", {}).get("description"))
    ]
    assert bare == []
