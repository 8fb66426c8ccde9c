"""Accounts and sessions: sign up, sign in, sign out, and the kiosk's Staff exit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ..domain.models import Device, DeviceKind
from .deps import ServicesDep, SessionDep, SignInDeviceDep, UnlockThrottles, kiosk_device
from .errors import ERROR_RESPONSES, also
from .schemas import (
    SignInIn,
    SignInOut,
    SignUpIn,
    SignUpOut,
    UnlockOut,
    session_out,
    user_out,
)

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.post(
    "/accounts", status_code=201, tags=["accounts"], responses=also(s409="email_already_registered")
)
def sign_up(body: SignUpIn, device: SignInDeviceDep, services: ServicesDep) -> SignUpOut:
    """A new patient account, signed in on this device."""
    result = services.accounts.sign_up(body.name, body.email, body.phone, body.password)
    opened = services.sessions.open(result.session.user, device)
    return SignUpOut(
        session=session_out(opened),
        user=user_out(opened.session.user),
        subscribed=result.subscribed,
    )


@router.post(
    "/sessions",
    status_code=201,
    tags=["accounts"],
    responses=also(s423="account_locked"),
)
def sign_in(body: SignInIn, device: SignInDeviceDep, services: ServicesDep) -> SignInOut:
    """Sign in. On a kiosk a staff or admin account is refused (403 desk_device_only)."""
    session = services.accounts.log_in(
        body.email, body.password, patients_only=device.kind is DeviceKind.KIOSK
    )
    opened = services.sessions.open(session.user, device)
    return SignInOut(session=session_out(opened), user=user_out(opened.session.user))


@router.delete("/sessions/current", status_code=204, tags=["accounts"])
def sign_out(session: SessionDep, services: ServicesDep) -> Response:
    """End this session: its token is refused from now on."""
    services.sessions.close(session)
    services.accounts.log_out(session)
    return Response(status_code=204)


@router.post("/kiosk/unlock", tags=["accounts"])
def unlock_kiosk(
    body: SignInIn,
    request: Request,
    device: SignInDeviceDep,
    _kiosk: Annotated[Device, Depends(kiosk_device)],
    services: ServicesDep,
) -> UnlockOut:
    """The kiosk's Staff exit: a staff or admin account's password, checked without a
    session and without counting towards any account's lock; each kiosk waits after its
    own failures, and at most ``--rate-unlock`` tries an hour (429 try_again_later)."""
    services.limits.kiosk_unlock(device)  # shared by every process: Lambda's containers too
    throttles: UnlockThrottles = request.app.state.unlock_throttles
    session = services.accounts.unlock_kiosk(
        body.email, body.password, throttle=throttles.of(device)
    )
    return UnlockOut(user=user_out(session.user))
