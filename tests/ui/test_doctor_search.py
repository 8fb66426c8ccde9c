"""A patient finds doctors with the words they would use: "heart", "children", "GP",
in Spanish too, typed in the real doctors view (resources/search_words.json)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

from care4u_desktop.domain.models import Doctor, Role
from care4u_desktop.services import search_words
from tests.smoke_run import REPO_ROOT

from .support import PASSWORD, field, find, log_in, register

#: The demo doctors (resources/demo_doctors.json) by specialization.
CARDIOLOGY = {"Dr. Sarah Johnson", "Dr. Kenji Tanaka"}
PEDIATRICS = {"Dr. Michael Chen", "Dr. Grace Mensah"}
GENERAL_PRACTICE = {"Dr. James O'Connor", "Dr. Hannah Weber"}


def shown(window) -> set[str]:
    proxy = window.doctors.proxy
    return {str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())}


def type_keys(qtbot, widget, text: str) -> None:
    """Key by key, as a patient types. QTest's keyClicks knows only ASCII (it aborts on
    "ó"), so a letter beyond it is a key event carrying that text, as a keyboard layout
    with the letter (or a dead key and the vowel) delivers it."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def search(qtbot, window, words: str) -> set[str]:
    box = field(window.doctors, "doctorSearch")
    box.clear()
    type_keys(qtbot, box, words)
    assert box.text() == words
    return shown(window)


@pytest.fixture
def doctors(qtbot, window):
    register(window)
    log_in(qtbot, window)
    assert len(shown(window)) == 10
    return window


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("heart", CARDIOLOGY),
        ("Heart doctor", CARDIOLOGY),
        ("children", PEDIATRICS),
        ("kids", PEDIATRICS),
        ("baby", PEDIATRICS),
        ("GP", GENERAL_PRACTICE),
        ("family doctor", GENERAL_PRACTICE),
        ("skin", {"Dr. Amina Okafor"}),
        ("eyes", {"Dr. Elena Petrova"}),
        ("bones", {"Dr. Luis Fernández"}),
        ("brain", {"Dr. Priya Raman"}),
        ("nerves", {"Dr. Priya Raman"}),
    ],
)
def test_everyday_english_words_find_the_right_doctors(qtbot, doctors, words, expected):
    assert search(qtbot, doctors, words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("corazón", CARDIOLOGY),
        ("CORAZON", CARDIOLOGY),  # no accent, capitals: as a hurried patient types
        ("niños", PEDIATRICS),
        ("ninos", PEDIATRICS),
        ("bebé", PEDIATRICS),
        ("médico de cabecera", GENERAL_PRACTICE),
        ("medico de familia", GENERAL_PRACTICE),
        ("piel", {"Dr. Amina Okafor"}),
        ("ojos", {"Dr. Elena Petrova"}),
        ("huesos", {"Dr. Luis Fernández"}),
        ("cerebro", {"Dr. Priya Raman"}),
    ],
)
def test_spanish_words_find_the_right_doctors_in_either_language(qtbot, doctors, words, expected):
    assert search(qtbot, doctors, words) == expected
    doctors.set_language("es")
    assert search(qtbot, doctors, words) == expected


def test_the_list_shows_what_a_patients_word_found(qtbot, doctors):
    doctors.resize(1280, 1024)
    doctors.set_language("es")
    assert search(qtbot, doctors, "médico de cabecera") == GENERAL_PRACTICE
    table = doctors.doctors.table
    assert table.isVisible() and not doctors.doctors.empty.isVisible()
    rows = [table.model().index(r, 1).data() for r in range(table.model().rowCount())]
    assert rows == ["Medicina general", "Medicina general"]  # shown in the patient's language
    folder = os.environ.get("CARE4U_SCREENSHOT_DIR")
    if folder:
        qtbot.wait(200)
        doctors.grab().save(str(Path(folder) / "3-doctors-search-medico-de-cabecera-es.png"))


def test_a_word_being_typed_narrows_without_flooding(qtbot, doctors):
    assert search(qtbot, doctors, "hea") == CARDIOLOGY  # "heart" on its way
    assert search(qtbot, doctors, "chil") == PEDIATRICS
    assert search(qtbot, doctors, "corazo") == CARDIOLOGY


def test_names_and_specializations_still_match_as_before(qtbot, doctors):
    assert search(qtbot, doctors, "sarah") == {"Dr. Sarah Johnson"}
    assert search(qtbot, doctors, "Dr. Sarah") == {"Dr. Sarah Johnson"}  # as the list shows it
    assert search(qtbot, doctors, "o'connor") == {"Dr. James O'Connor"}
    assert search(qtbot, doctors, "fernandez") == {"Dr. Luis Fernández"}  # accent left out
    assert search(qtbot, doctors, "cardio") == CARDIOLOGY
    assert search(qtbot, doctors, "zzz") == set()
    assert doctors.doctors.empty.isVisible()


def test_a_specialization_not_in_the_word_list_still_matches_by_its_name(qtbot, window):
    admin = window.services.accounts.sign_up(
        "Ada Admin", "admin@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.ADMIN
    ).session
    window.services.staff.save_doctor(
        admin, Doctor("doc-900", "Noor Haddad", "Sports Médicine", ("09:00",), (1, 2, 3, 4, 5))
    )
    register(window)
    log_in(qtbot, window)
    assert search(qtbot, window, "sports medicine") == {"Dr. Noor Haddad"}
    assert search(qtbot, window, "heart") == CARDIOLOGY


def test_the_specialization_filter_and_the_words_together(qtbot, doctors):
    combo = find(doctors.doctors, QComboBox, "specializationFilter")
    combo.setCurrentIndex(combo.findData("Pediatrics"))
    assert search(qtbot, doctors, "kids") == PEDIATRICS
    assert search(qtbot, doctors, "heart") == set()  # a heart doctor is not a children's one


def test_the_filter_groups_the_other_spellings_of_a_specialization(qtbot, window):
    admin = window.services.accounts.sign_up(
        "Ada Admin", "admin@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.ADMIN
    ).session
    window.services.staff.save_doctor(
        admin, Doctor("doc-901", "Olu Bello", "Paediatrics", ("09:00",), (1, 2, 3, 4, 5))
    )
    register(window)
    log_in(qtbot, window)
    combo = find(window.doctors, QComboBox, "specializationFilter")
    choices = [combo.itemText(i) for i in range(combo.count())]
    assert choices.count("Pediatrics") == 1 and "Paediatrics" not in choices
    combo.setCurrentIndex(combo.findData("Pediatrics"))
    assert shown(window) == PEDIATRICS | {"Dr. Olu Bello"}
    assert search(qtbot, window, "niños") == PEDIATRICS | {"Dr. Olu Bello"}


# -- a broken word list: a clear message at start-up, and the kiosk still finds by name ---
def broken_copy(tmp_path: Path) -> Path:
    """The resources as a frozen build holds them, with a search word list cut short."""
    resources = tmp_path / "bundle" / "resources"
    shutil.copytree(search_words.shipped_path().parent, resources)
    whole = search_words.shipped_path().read_text(encoding="utf-8")
    (resources / search_words.FILE_NAME).write_text(whole[: len(whole) // 2], encoding="utf-8")
    return resources


def test_a_broken_word_list_fails_the_smoke_test_naming_the_file(tmp_path):
    resources = broken_copy(tmp_path)
    # The smoke test as a frozen build runs it: resources from sys._MEIPASS.
    code = (
        f"import sys; sys._MEIPASS = {str(resources.parent)!r}; "
        "from care4u_desktop.app import main; sys.exit(main(['--smoke-test']))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARE4U_", "QT_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CARE4U_CONFIG=str(tmp_path / "none.toml"),
        CARE4U_MACHINE_CONFIG=os.devnull,
        CARE4U_LOG_DIR=str(tmp_path / "logs"),
        CARE4U_DATA_DIR=str(tmp_path / "data"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 6, proc.stderr
    assert "Traceback" not in proc.stderr
    failed = [line for line in proc.stderr.splitlines() if "smoke test FAILED" in line]
    assert failed == [
        f"care4u-desktop smoke test FAILED: {resources / 'search_words.json'}: not JSON"
        f" (line {failed[0].split('(line ')[1]}"
    ]


def test_a_broken_word_list_is_logged_and_names_still_find_doctors(
    qtbot, window, tmp_path, monkeypatch, caplog
):
    path = broken_copy(tmp_path) / search_words.FILE_NAME
    monkeypatch.setattr(search_words, "shipped_path", lambda: path)
    search_words.forget()
    try:
        register(window)
        with caplog.at_level(logging.ERROR):
            log_in(qtbot, window)
        assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
            "The search word list is broken, doctors are found by name and specialization"
            f" only: {search_words.problem()}"
        ]
        assert search(qtbot, window, "sarah") == {"Dr. Sarah Johnson"}
        assert search(qtbot, window, "cardio") == CARDIOLOGY
        assert search(qtbot, window, "heart") == set()
    finally:
        search_words.forget()
