"""Print an application's accessible tree as a screen reader sees it, through AT-SPI.

Run by Debian's ``/usr/bin/python3`` (``python3-pyatspi``), not the project's
interpreter: ``walker.py PID [TIMEOUT]``. It waits until the process with that PID is
registered on the accessibility bus, then prints one JSON object, each node with its
role, name, description, states, Qt's accessible id (the object names from the window
down) and children. This file imports nothing of the project.
"""

import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]


def application(pid, timeout):
    end = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.get_process_id() == pid and app.childCount > 0:
                return app
        if time.monotonic() > end:
            raise SystemExit(f"no application with pid {pid} on the accessibility bus")
        time.sleep(0.2)


def node(accessible):
    try:
        identifier = accessible.accessibleId or ""
    except Exception:  # older AT-SPI: no AccessibleId
        identifier = ""
    children = []
    for index in range(accessible.childCount):
        child = accessible.getChildAtIndex(index)
        if child is not None:
            children.append(node(child))
    return {
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "id": identifier,
        "states": sorted(pyatspi.stateToString(s) for s in accessible.getState().getStates()),
        "children": children,
    }


def main():
    pid = int(sys.argv[1])
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    print(json.dumps(node(application(pid, timeout))))


if __name__ == "__main__":
    main()
