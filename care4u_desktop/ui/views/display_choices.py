"""Text size, high contrast and language, chosen on the log-in screen.

The bar only reports choices (``look_chosen``, ``language_chosen``); the main window
applies them, remembers the look per machine and resets the language at log-out.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QWidget,
)

from ..i18n import LANGUAGES
from ..theme import Look, TextSize
from ..widgets import button, describe, label


class DisplayChoices(QFrame):
    look_chosen = Signal(object)  # Look
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("preferencesBar")
        self._look = Look()

        self.size_caption = label("", "field-label")
        # Three "A"s in three sizes: no words to translate or to cut off.
        self.size_buttons = {
            TextSize.NORMAL: button("textSizeNormal", "choice"),
            TextSize.LARGE: button("textSizeLarge", "choice"),
            TextSize.EXTRA_LARGE: button("textSizeExtraLarge", "choice"),
        }
        self.size_group = QButtonGroup(self)
        self.size_group.setExclusive(True)
        sizes = QFrame()
        sizes.setObjectName("textSizeSelector")
        row = QHBoxLayout(sizes)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for btn in self.size_buttons.values():
            btn.setCheckable(True)
            self.size_group.addButton(btn)
            row.addWidget(btn, 1)
        self.size_selector = sizes

        self.contrast_caption = label("", "field-label")
        self.contrast_toggle = button("highContrastToggle", "choice")
        self.contrast_toggle.setCheckable(True)

        self.language_caption = label("", "field-label")
        self.language = QComboBox()
        self.language.setObjectName("languageSelector")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language_caption.setBuddy(self.language)

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(24, 16, 24, 20)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        self._arrangement: tuple[bool, bool] | None = None
        self.arrange(side_panel=True)

        self.size_group.buttonClicked.connect(self._size_clicked)
        self.contrast_toggle.toggled.connect(self._contrast_toggled)
        self.language.currentIndexChanged.connect(self._language_activated)

    def arrange(self, *, side_panel: bool, strip: bool = False) -> None:
        """A narrow column beside the log-in card, or two rows above it on small screens;
        ``strip``: on a short screen, the three controls in one row, without their
        captions (the controls keep their names for screen readers)."""
        arrangement = (side_panel, strip and not side_panel)
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        for widget in self._parts():
            self.grid.removeWidget(widget)
        captions = (self.size_caption, self.contrast_caption, self.language_caption)
        controls = (self.size_selector, self.contrast_toggle, self.language)
        for caption in captions:
            caption.setVisible(not arrangement[1])
        if arrangement[1]:
            for column, control in enumerate(controls):
                self.grid.addWidget(control, 0, column)
                # In one row a button's text must hold its column's share: said outright.
                control.setMinimumWidth(control.minimumSizeHint().width())
            stretches = (2, 2, 1)
        else:
            for control in controls:
                control.setMinimumWidth(0)
            if side_panel:
                placement = [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)]
            else:
                placement = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
            for widget, (row, column) in zip(self._parts(), placement, strict=True):
                self.grid.addWidget(widget, row, column)
            stretches = (1, 0, 0) if side_panel else (0, 1, 0)
        for column, stretch in enumerate(stretches):
            self.grid.setColumnStretch(column, stretch)
        self.grid.setVerticalSpacing(8 if side_panel else 12)

    def _parts(self) -> list[QWidget]:
        return [
            self.size_caption,
            self.size_selector,
            self.contrast_caption,
            self.contrast_toggle,
            self.language_caption,
            self.language,
        ]

    def retranslate(self) -> None:
        self.size_caption.setText(self.tr("Text size"))
        self.size_selector.setAccessibleName(self.tr("Text size"))
        spoken = {
            TextSize.NORMAL: self.tr("Normal text size"),
            TextSize.LARGE: self.tr("Large text"),
            TextSize.EXTRA_LARGE: self.tr("Extra large text"),
        }
        for size, name in spoken.items():
            describe(
                self.size_buttons[size],
                "A",
                self.tr("Show all text at this size. The kiosk remembers it."),
                name,
            )
            self.size_buttons[size].setToolTip(name)
        self.contrast_caption.setText(self.tr("Contrast"))
        describe(
            self.contrast_toggle,
            self.tr("High contrast"),
            self.tr("Yellow and white on black, for easier reading. The kiosk remembers it."),
        )
        self.language_caption.setText(self.tr("Language"))
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setAccessibleDescription(
            self.tr("The language of every screen, until you log out.")
        )

    def show_state(self, look: Look, language: str) -> None:
        """Reflect the current choices without reporting them back."""
        self._look = look
        for widget in (self.size_group, self.contrast_toggle, self.language):
            widget.blockSignals(True)
        self.size_buttons[look.text_size].setChecked(True)
        self.contrast_toggle.setChecked(look.high_contrast)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        for widget in (self.size_group, self.contrast_toggle, self.language):
            widget.blockSignals(False)

    def _size_clicked(self) -> None:
        for size, btn in self.size_buttons.items():
            if btn.isChecked() and size is not self._look.text_size:
                self._look = Look(size, self._look.high_contrast)
                self.look_chosen.emit(self._look)

    def _contrast_toggled(self, on: bool) -> None:
        if on != self._look.high_contrast:
            self._look = Look(self._look.text_size, on)
            self.look_chosen.emit(self._look)

    def _language_activated(self, index: int) -> None:
        self.language_chosen.emit(str(self.language.itemData(index)))
