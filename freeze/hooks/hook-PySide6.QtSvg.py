"""PyInstaller's own hook for PySide6.QtSvg, trimmed by freeze/care4u_freeze.py."""

from care4u_freeze import qt_hook

hiddenimports, binaries, datas = qt_hook(__file__)
