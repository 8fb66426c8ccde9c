"""Which Debian/Ubuntu package ships a shared library, for messages that say what to install.

Used where a library is missing, so it cannot be asked of ``dpkg -S``: the frozen build's
check of its bundled files (``freeze/care4u_freeze.py``) and the smoke test's diagnosis of
a platform plug-in that does not load (``ui/qt_platform.py``).
"""

from __future__ import annotations

import re

#: Libraries whose package name does not follow Debian's rule for library packages.
KNOWN: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libz.so.1": "zlib1g",
    "libm.so.6": "libc6",
}

_SONAME = re.compile(r"^(lib[^/]+?)\.so\.(\d+)")


def debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``: the package Debian names after the
    library (policy 8.1: name plus soversion, a hyphen between two digits), or the known
    exception; ``apt-file search`` is the authority where neither fits."""
    if soname in KNOWN:
        return KNOWN[soname]
    found = _SONAME.match(soname)
    if not found:
        return f"the package that provides {soname} (apt-file search {soname})"
    name, version = found.group(1).lower().replace("_", "-"), found.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"
