"""Who is asking: the enrolled device (``X-Device-Token``), the signed-in session
(``Authorization: Bearer``), the desk rules, and the rate limits, as FastAPI dependencies.

Order on every request: the device first (401 ``device_not_enrolled``; then its rate
limit, 429), for staff routes the device's kind (403 ``desk_device_only`` on a kiosk), then
the session (401 ``session_ended``; then the account's rate limit). The roles themselves
are checked by the services (``staff_only``, ``admin_only``), as for every other front end.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ..composition import Services
from ..domain.errors import PermissionDenied
from ..domain.models import Device, DeviceKind
from ..services.accounts import Session
from ..services.audit import set_acting_device
from ..services.throttle import Throttle

DEVICE_HEADER = "X-Device-Token"

_device_token = APIKeyHeader(
    name=DEVICE_HEADER,
    auto_error=False,
    scheme_name="device",
    description="The device's token from `care4u-admin devices add` (every route but health).",
)
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="session",
    description="The session token from POST /v1/sessions or POST /v1/accounts.",
)


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def _authenticate(found: Services, token: str) -> Device:
    device = found.devices.authenticate(token)
    found.limits.device_request(device)
    return device


async def current_device(
    request: Request, token: Annotated[str | None, Security(_device_token)] = None
) -> Device:
    """The enrolled device. Async so that the acting device is set in the request's own
    context, which the worker thread running the route copies: the audit trail of every
    use case the route calls names this device."""
    device = await run_in_threadpool(_authenticate, services(request), token or "")
    set_acting_device(device.device_id)
    return device


DeviceDep = Annotated[Device, Depends(current_device)]


def desk_device(device: DeviceDep) -> Device:
    """Staff use cases need a desk: a kiosk is refused whoever is signed in on it."""
    if device.kind is DeviceKind.KIOSK:
        raise PermissionDenied("desk_device_only")
    return device


def kiosk_device(device: DeviceDep) -> Device:
    if device.kind is not DeviceKind.KIOSK:
        raise PermissionDenied()
    return device


def current_session(
    request: Request,
    device: DeviceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Session:
    found = services(request)
    session = found.sessions.resolve(credentials.credentials if credentials else "", device)
    found.limits.account_request(session.user.user_id)
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def staff_session(_desk: Annotated[Device, Depends(desk_device)], session: SessionDep) -> Session:
    return session


StaffDep = Annotated[Session, Depends(staff_session)]
ServicesDep = Annotated[Services, Depends(services)]


def sign_in_attempt(request: Request, device: DeviceDep) -> Device:
    """Sign-in, sign-up and unlock tries are counted per device besides its requests."""
    services(request).limits.sign_in_attempt(device)
    return device


SignInDeviceDep = Annotated[Device, Depends(sign_in_attempt)]


class UnlockThrottles:
    """Each kiosk's Staff exit waits after its own failures (``services.throttle``), as it
    does in process; one kiosk's guesses do not slow another's exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_device: dict[str, Throttle] = {}

    def of(self, device: Device) -> Throttle:
        with self._lock:
            return self._by_device.setdefault(device.device_id, Throttle())
