"""PyInstaller's hook for PySide6, minus the OpenGL/ANGLE DLLs a widgets app never loads."""

from care4u_freeze import keep_qt_binary
from PyInstaller.utils.hooks import check_requirement
from PyInstaller.utils.hooks.qt import ensure_single_qt_bindings_package, pyside6_library_info

ensure_single_qt_bindings_package("PySide6")

if pyside6_library_info.version is not None:
    hiddenimports = ["shiboken6", "inspect"]
    if check_requirement("PySide6 >= 6.4.0"):
        # The | and & operators on Qt key and modifier enums need it.
        hiddenimports += ["PySide6.support.deprecated"]
    binaries = [
        (src, dest)
        for src, dest in pyside6_library_info.collect_extra_binaries()
        if keep_qt_binary(src, dest)
    ]
