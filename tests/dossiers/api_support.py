"""Helpers for the dossier API tests: bearer tokens, multipart submissions, the error shape."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from saola.core.tokens import api_token_issue
from tests.dossiers.factories import GOOD_FORM, PDF

API = "/api/v1"


def auth(user) -> dict[str, str]:
    _token, secret = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def pdf_file(name: str = "giay-to.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def paper_files(procedure, *, content: bytes = PDF) -> dict[str, Any]:
    """One PDF per required paper of `procedure`, in fields named paper_<id>."""
    return {f"paper_{p.pk}": pdf_file(f"p{p.pk}.pdf", content) for p in procedure.papers.filter(required=True)}


def submit(client, s, headers, *, form: Any = GOOD_FORM, files: dict[str, Any] | None = None, **fields: Any):
    data: dict[str, Any] = {
        "procedure": s.birth.code,
        "organization": s.ward.code,
        "form_data": form if isinstance(form, str) else json.dumps(form),
        **fields,
    }
    data.update(paper_files(s.birth) if files is None else files)
    return client.post(f"{API}/dossiers", data, **headers)


def post_json(client, url: str, headers, payload: dict[str, Any] | None = None):
    body = json.dumps(payload) if payload is not None else ""
    return client.post(f"{API}{url}", body, content_type="application/json", **headers)


def assert_error(response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]
