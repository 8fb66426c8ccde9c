"""Every refusal as one JSON body with the typed boundary's code, and its HTTP status.

``{"error": {"code", "message", "params", "field"?, "fields"?}}``: a ``DomainError`` by its
class (the table below), FastAPI's own request validation reshaped into the same body (422,
``invalid``, one entry per field), an unknown path or method likewise, and anything else a
500 ``unexpected`` with nothing of the exception in it (it is logged, through the safe
formatter, without the request's values).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..domain.english import english
from ..domain.errors import (
    AccountLocked,
    Conflict,
    DomainError,
    InvalidCredentials,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    TryAgainLater,
    ValidationError,
    ValidationErrors,
)
from .schemas import ErrorDetail, ErrorOut, ReasonOut, params_out

log = logging.getLogger(__name__)

#: The status of each kind of refusal; a subclass takes its nearest base's.
STATUS: dict[type[DomainError], int] = {
    ValidationError: 422,
    InvalidCredentials: 401,
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    AccountLocked: 423,
    TryAgainLater: 429,
    ServiceUnavailable: 503,
}

#: The answers every route may give besides its own, for the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (401, "device_not_enrolled, session_ended, invalid_credentials"),
        (403, "desk_device_only, staff_only, admin_only"),
        (422, "invalid input: the field's code"),
        (429, "try_again_later (Retry-After)"),
        (503, "the store or the notifier cannot be reached"),
    )
}


def also(**by_status: str) -> dict[int | str, dict[str, Any]]:
    """A route's own refusals for the OpenAPI document: ``also(s404="doctor_not_found")``."""
    return {
        int(key.removeprefix("s")): {"model": ErrorOut, "description": codes}
        for key, codes in by_status.items()
    }


def status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_body(error: DomainError) -> dict[str, Any]:
    detail = ErrorDetail(
        code=error.code,
        message=error.message,
        params=params_out(error.params),
        field=error.field,
    )
    if isinstance(error, ValidationErrors):
        detail.fields = {
            name: ReasonOut(code=r.code, message=r.message, params=params_out(r.params))
            for name, r in error.errors.items()
        }
    return ErrorOut(error=detail).model_dump(mode="json", exclude_none=True)


def _plain_body(code: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": english(code, {}), "params": {}, **extra}}


#: The server's own trouble (an AWS error code, a path on the server): said in its log;
#: a device is told only that the service is not responding.
OPERATOR_CODES = frozenset({"backend_failed", "data_dir_unusable", "store_too_new"})


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {}
    if isinstance(exc, TryAgainLater):
        headers["Retry-After"] = str(exc.seconds)
    if isinstance(exc, ServiceUnavailable):
        log.warning("%s %s: %s", request.method, _route(request), exc.message)
        if exc.code in OPERATOR_CODES:
            exc = ServiceUnavailable()
    return JSONResponse(error_body(exc), status_code=status_of(exc), headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, dict[str, Any]] = {}
    for problem in exc.errors():
        location = [str(part) for part in problem.get("loc", ())]
        # ("body", "email") -> "email"; a path or query parameter by its name likewise.
        name = ".".join(location[1:]) or (location[0] if location else "body")
        # pydantic's words ("Field required"); never the value that was sent.
        fields.setdefault(
            name, {"code": "invalid", "message": str(problem.get("msg", "")), "params": {}}
        )
    first = next(iter(fields), None)
    body = _plain_body("invalid", fields=fields, **({"field": first} if first else {}))
    return JSONResponse(body, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = "not_found" if exc.status_code == 404 else "invalid"
    return JSONResponse(_plain_body(code), status_code=exc.status_code, headers=exc.headers)


def _route(request: Request) -> str:
    """The route's template (``/v1/appointments/{appointment_id}/cancel``), not the path
    with a patient's values in it."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "?"))


class UnexpectedErrors:
    """ASGI middleware: an exception no handler took becomes a 500 ``unexpected`` body.
    Logged with its type and traceback (the formatter masks emails and hashes in it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_and_note(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception as exc:
            route = getattr(scope.get("route"), "path", "?")
            log.error(
                "unexpected %s on %s %s",
                type(exc).__name__,
                scope.get("method"),
                route,
                exc_info=True,
            )
            if started:  # half an answer is out; the connection is all that can be closed
                raise
            await JSONResponse(_plain_body("unexpected"), status_code=500)(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(UnexpectedErrors)
