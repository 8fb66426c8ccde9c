"""The app on ``--backend api`` imports no data adapter: a whole visit (sign up, book, my
appointments, log out) in a fresh interpreter, then what it has loaded. A kiosk that holds
no data credentials must not even carry the code that would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.server.support import REPO_ROOT, enrol, tomorrow

#: Never in the app's process on the API.
FORBIDDEN = ("boto3", "botocore", "sqlite3", "_sqlite3", "care4u_desktop.adapters")

PROBE = """
import json, sys, time
from datetime import date
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QPushButton
from care4u_desktop import app

window = app.build_main_window(sys.argv[2:])

def settle():
    deadline = time.monotonic() + 30
    while True:
        QApplication.processEvents()
        if not window.runner.pending and time.monotonic() > settle.quiet:
            return
        if window.runner.pending:
            settle.quiet = time.monotonic() + 0.2
        assert time.monotonic() < deadline, "no answer in time"
        time.sleep(0.01)
settle.quiet = 0.0

settle.quiet = time.monotonic() + 1.0
settle()
signup = window.signup
window.show_view(signup)
for field, text in ((signup.name, "Maria Garcia"), (signup.email, "maria@example.com"),
                    (signup.phone, "555 123 4567"), (signup.password, "correct horse 1"),
                    (signup.confirm, "correct horse 1")):
    field.input.setText(text)
signup.signup_button.click()
settle()
assert window.session is not None and window.current_view() is window.doctors
window.doctors.search.setText("Sarah")
window.doctors.table.selectRow(0)
window.doctors.book_button.click()
settle()
window.booking.calendar.setSelectedDate(QDate(date.fromisoformat(sys.argv[1])))
settle()
window.booking.findChild(QPushButton, "slot-10:00").click()
window.booking.findChild(QPushButton, "confirmBookingButton").click()
settle()
number = window.booking.appointment_id.text()
window.navigator.show_appointments()
settle()
rows = window.appointments.model.rowCount()
window.log_out()
settle()
print(json.dumps({"number": number, "rows": rows, "modules": sorted(sys.modules)}))
"""


def test_a_whole_visit_on_the_api_loads_no_data_adapter(server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARE4U_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
        CARE4U_CONFIG=str(tmp_path / "none.toml"),
        CARE4U_MACHINE_CONFIG=os.devnull,
        CARE4U_LOG_DIR=str(tmp_path / "logs"),
        CARE4U_DEVICE_TOKEN=enrol(server, "kiosk"),
        CARE4U_API_CA_FILE=str(server.ca_file),
        CARE4U_TIMEZONE=server.env["CARE4U_TIMEZONE"],
    )
    argv = ["--backend", "api", "--api-url", server.url, "--data-dir", str(tmp_path / "data")]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, tomorrow().isoformat(), *argv],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["number"] and result["rows"] == 1  # the visit really happened
    assert "care4u_desktop.client.http" in result["modules"]  # ... on the API
    loaded = [
        m for m in result["modules"] if m.split(".")[0] in FORBIDDEN or m.startswith(FORBIDDEN[-1])
    ]
    assert loaded == []
    [stored] = server.services().store.appointments_for_doctor_day(
        "doc-every", tomorrow().isoformat()
    )
    assert stored.appointment_id == result["number"]
