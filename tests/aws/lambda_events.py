"""Invoking care4u-server's Lambda handlers the way AWS does.

API Gateway's HTTP API hands a Lambda proxy integration an event in "payload format 2.0"
(header names lower-cased, the path in ``rawPath`` and ``requestContext.http``, the query
string raw, the body a string, base64 when ``isBase64Encoded``) and reads back
``{"statusCode", "headers", "body", "isBase64Encoded"}``. EventBridge's schedule hands the
jobs handler a "Scheduled Event". Both are built here from what AWS documents, so the tests
go through Mangum's own translation, not around it.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

API_ID = "a1b2c3d4e5"
ACCOUNT = "123456789012"
REGION = "us-east-1"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
#: The template's route: only the contract's paths reach the function.
ROUTE_KEY = "ANY /v1/{proxy+}"


@dataclass
class LambdaContext:
    """What the Lambda runtime passes as ``context`` (the parts anything reads)."""

    function_name: str = "care4u-server"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:care4u-server"
    deadline_ms: int = field(default_factory=lambda: int(time.time() * 1000) + 29_000)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.deadline_ms - int(time.time() * 1000))


def http_event(
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    json_body: Any = None,
    query: str = "",
    base64_body: bool = False,
) -> dict[str, Any]:
    now = time.time()
    all_headers = {
        "host": DOMAIN,
        "user-agent": "care4u-desktop/test",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
        "accept": "application/json",
        **{k.lower(): v for k, v in (headers or {}).items()},
    }
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": ROUTE_KEY,
        "rawPath": path,
        "rawQueryString": query,
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": DOMAIN,
            "domainPrefix": API_ID,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": all_headers["user-agent"],
            },
            "requestId": uuid.uuid4().hex[:16],
            "routeKey": ROUTE_KEY,
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "pathParameters": {"proxy": path.removeprefix("/v1/")},
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = dict(parse_qsl(query))
    if json_body is not None:
        text = json.dumps(json_body)
        all_headers["content-type"] = "application/json"
        all_headers["content-length"] = str(len(text.encode()))
        if base64_body:
            event["body"] = base64.b64encode(text.encode()).decode()
            event["isBase64Encoded"] = True
        else:
            event["body"] = text
    return event


def scheduled_event(rule: str = "care4u-JobsSchedule") -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{rule}"],
        "detail": {},
    }


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class Gateway:
    """Calls a handler as API Gateway would, with a device's token (and a session's)."""

    def __init__(self, handler: Handler, device_token: str | None = None) -> None:
        self.handler = handler
        self.device_token = device_token
        self.bearer: str | None = None

    def __call__(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        query: str = "",
        base64_body: bool = False,
    ) -> Answer:
        headers: dict[str, str] = {}
        if self.device_token is not None:
            headers["X-Device-Token"] = self.device_token
        if self.bearer is not None:
            headers["Authorization"] = f"Bearer {self.bearer}"
        result = self.handler(
            http_event(
                method,
                path,
                headers=headers,
                json_body=json_body,
                query=query,
                base64_body=base64_body,
            ),
            LambdaContext(),
        )
        raw = result.get("body") or ""
        if result.get("isBase64Encoded"):
            raw = base64.b64decode(raw).decode()
        body = json.loads(raw) if raw else None
        headers_out = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
        return Answer(int(result["statusCode"]), headers_out, body)
