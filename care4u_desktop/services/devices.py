"""Enrolled devices: the kiosks and desks that may call ``care4u-server``.

A device's token is ``<device_id>.<secret>``. It is shown once, when the device is
enrolled; the store keeps only the SHA-256 of the secret, so a copy of the store holds no
usable token. Authenticating is one lookup by id (a GetItem on DynamoDB) and a
constant-time comparison of the hashes.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.errors import NotAuthenticated, ValidationError
from ..domain.models import Device, DeviceKind
from .audit import NO_AUDIT, Audit
from .ports import DeviceStore
from .tokens import matches, new_token, split_token

#: Longest device name: it names a machine in a listing, not a paragraph.
MAX_DEVICE_NAME = 100


@dataclass(frozen=True)
class Enrolment:
    """A newly enrolled device and its token, which is never shown again."""

    device: Device
    token: str = field(repr=False)


class DeviceService:
    def __init__(
        self, *, devices: DeviceStore, clock: Callable[[], datetime], audit: Audit = NO_AUDIT
    ) -> None:
        self._devices = devices
        self._clock = clock
        self._audit = audit

    def enrol(self, name: str, kind: DeviceKind | str) -> Enrolment:
        name = " ".join(name.split())
        if not name:
            raise ValidationError("name_missing", field="name")
        if len(name) > MAX_DEVICE_NAME or not name.isprintable():
            raise ValidationError("invalid", field="name")
        try:
            kind = DeviceKind(kind)
        except ValueError:
            raise ValidationError("invalid", field="kind") from None
        token = new_token("dev-")
        device = Device(
            device_id=token.id,
            name=name,
            kind=kind,
            token_hash=token.secret_hash,
            created_at=self._clock().isoformat(timespec="seconds"),
        )
        self._devices.add_device(device)
        self._audit.record("device_enrolled", device_id=device.device_id)
        return Enrolment(device, token.token)

    def list(self) -> builtins.list[Device]:
        """Every device ever enrolled, revoked ones too, oldest first."""
        return self._devices.list_devices()

    def revoke(self, device_id: str) -> Device:
        """Its token is refused from the next request on (``DeviceNotFound`` if unknown);
        its sessions end with it, since each request checks the device first."""
        device = self._devices.revoke_device(
            device_id.strip(), self._clock().isoformat(timespec="seconds")
        )
        self._audit.record("device_revoked", device_id=device.device_id)
        return device

    def authenticate(self, token: str) -> Device:
        """The active device ``token`` belongs to, else ``NotAuthenticated``
        (``device_not_enrolled``): missing, made up, or revoked all look the same."""
        parts = split_token(token)
        if parts is None:
            raise NotAuthenticated("device_not_enrolled")
        device_id, secret = parts
        device = self._devices.get_device(device_id)
        if device is None or not device.active:
            raise NotAuthenticated("device_not_enrolled")
        if not matches(device.token_hash, secret):
            raise NotAuthenticated("device_not_enrolled")
        return device
