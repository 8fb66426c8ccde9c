"""The OpenAPI document: served at /v1/openapi.json, checked into docs/openapi.json, and
naming every route of the contract. A change to the API that leaves the checked-in file
behind fails here; regenerate it with

    python -m care4u_desktop.server openapi > docs/openapi.json
"""

from __future__ import annotations

import json

from care4u_desktop.server.main import openapi_document
from tests.server.support import REPO_ROOT, RunningServer, enrol

DOC = REPO_ROOT / "docs" / "openapi.json"
REGENERATE = "python -m care4u_desktop.server openapi > docs/openapi.json"
#: The routes kiosk QA scripts and hospital integrations rely on (issue 11).
CONTRACT = {
    ("get", "/v1/health"),
    ("post", "/v1/accounts"),
    ("post", "/v1/sessions"),
    ("delete", "/v1/sessions/current"),
    ("post", "/v1/kiosk/unlock"),
    ("get", "/v1/doctors"),
    ("get", "/v1/doctors/{doctor_id}/days/{date}"),
    ("post", "/v1/appointments"),
    ("get", "/v1/me/appointments"),
    ("post", "/v1/appointments/{appointment_id}/cancel"),
    ("get", "/v1/staff/doctors/{doctor_id}/days/{date}"),
    ("get", "/v1/staff/free-times/next"),
    ("get", "/v1/staff/patients"),
    ("get", "/v1/staff/patients/{user_id}"),
    ("post", "/v1/staff/patients"),
    ("post", "/v1/staff/appointments"),
    ("post", "/v1/staff/appointments/{appointment_id}/cancel"),
    ("post", "/v1/staff/appointments/{appointment_id}/status"),
    ("get", "/v1/staff/doctors"),
    ("put", "/v1/staff/doctors/{doctor_id}"),
    ("post", "/v1/staff/doctors/batch"),
}


def test_the_checked_in_document_is_the_current_one() -> None:
    assert DOC.read_text(encoding="utf-8") == openapi_document(), (
        f"docs/openapi.json is stale: run {REGENERATE}"
    )


def test_it_documents_every_route_of_the_contract_and_no_other() -> None:
    doc = json.loads(DOC.read_text(encoding="utf-8"))
    routes = {(method, path) for path, item in doc["paths"].items() for method in item}
    assert routes == CONTRACT
    # The error body and the two tokens are part of the document too.
    assert set(doc["components"]["schemas"]["ErrorDetail"]["properties"]) == {
        "code", "message", "params", "field", "fields"
    }  # fmt: skip
    schemes = doc["components"]["securitySchemes"]
    assert schemes["device"] == {
        "type": "apiKey", "in": "header", "name": "X-Device-Token",
        "description": schemes["device"]["description"],
    }  # fmt: skip
    assert schemes["session"]["scheme"] == "bearer"
    assert "password_hash" not in DOC.read_text(encoding="utf-8")


def test_the_server_serves_it_to_an_enrolled_device(server: RunningServer) -> None:
    with server.client() as http:
        refused = http.get("/v1/openapi.json")
    with server.client(enrol(server, "kiosk")) as http:
        answer = http.get("/v1/openapi.json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "device_not_enrolled")
    assert answer.status_code == 200
    assert answer.json() == json.loads(DOC.read_text(encoding="utf-8"))
