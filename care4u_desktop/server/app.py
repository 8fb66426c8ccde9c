"""``create_app(settings, services)``: the ``/v1`` API as one FastAPI application, served by
uvicorn on a LAN (``main``) and by Mangum on AWS Lambda."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from .. import __version__
from ..composition import Services, build_services
from ..config import Config
from . import errors, routes_accounts, routes_booking, routes_staff
from .deps import DeviceDep, UnlockThrottles
from .schemas import Health
from .settings import ServerSettings

OPENAPI_PATH = "/v1/openapi.json"

DESCRIPTION = """\
The Care4U booking service for enrolled kiosks and desks.

Every route but `GET /v1/health` needs the device's `X-Device-Token`; a signed-in person's
routes also `Authorization: Bearer <session token>`. Errors are
`{"error": {"code", "message", "params", "field"?, "fields"?}}` with stable codes.
"""


def create_app(settings: ServerSettings, services: Services) -> FastAPI:
    """The application over ``services`` (built with ``settings``' session lengths and
    rate limits: see ``build_server_services``)."""
    app = FastAPI(
        title="Care4U API",
        version=__version__,
        description=DESCRIPTION,
        # Served below behind the device token, like every route but health.
        openapi_url=None,
        # The interactive pages load scripts from a CDN: not on a hospital's server.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.unlock_throttles = UnlockThrottles()
    errors.install(app)

    @app.get("/v1/health", tags=["health"])
    def health() -> Health:
        """Up and answering (no token needed)."""
        return Health(version=__version__)

    @app.get(OPENAPI_PATH, include_in_schema=False)
    def openapi(_device: DeviceDep) -> dict[str, Any]:
        """This document (an enrolled device's token needed; it is in docs/ too)."""
        return app.openapi()

    app.include_router(routes_accounts.router)
    app.include_router(routes_booking.router)
    app.include_router(routes_staff.router)
    return app


def build_server_services(
    config: Config, settings: ServerSettings, *, background_delivery: bool = False
) -> Services:
    """The composition root's services with the server's session lengths and limits."""
    return build_services(
        config,
        acting_device="server",
        session_policy=settings.sessions,
        rate_limits=settings.limits,
        background_delivery=background_delivery,
    )
