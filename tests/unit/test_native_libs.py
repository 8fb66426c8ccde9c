"""The Debian package named in "install ..." messages, for a library that is missing (so
``dpkg -S`` cannot be asked). Each pair below was read from ``dpkg -S`` on Debian 12."""

from __future__ import annotations

import pytest

from care4u_desktop.native_libs import debian_package


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxcb-util.so.1", "libxcb-util1"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libfontconfig.so.1", "libfontconfig1"),
        ("libfreetype.so.6", "libfreetype6"),
        ("libwayland-client.so.0", "libwayland-client0"),
        ("libcups.so.2", "libcups2"),
        ("libGL.so.1", "libgl1"),
        ("libEGL.so.1", "libegl1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libgssapi_krb5.so.2", "libgssapi-krb5-2"),
        ("libz.so.1", "zlib1g"),
    ],
)
def test_the_package_debian_ships_it_in(soname: str, package: str) -> None:
    assert debian_package(soname) == package


def test_a_name_outside_the_rule_points_to_apt_file() -> None:
    assert debian_package("ld-linux-x86-64.so.2") == (
        "the package that provides ld-linux-x86-64.so.2 (apt-file search ld-linux-x86-64.so.2)"
    )
