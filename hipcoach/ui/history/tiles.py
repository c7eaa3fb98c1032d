"""The page's building blocks: a tile with one number that matters, and a plain panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import font, set_role
from hipcoach.ui.common.widgets import bold, plain_label


class StatTile(QFrame):
    """One number that matters, with what it means underneath (and a picture beside it)."""

    def __init__(
        self, caption: str, aside: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        set_role(self, "panel")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 14, 18, 14)
        outer.setSpacing(18)
        layout = QVBoxLayout()
        layout.setSpacing(2)
        layout.addStretch(1)
        self.caption = plain_label(caption.upper(), role="section")
        layout.addWidget(self.caption)
        self.value = plain_label("\u2013", name=caption)
        self.value.setFont(bold(30))
        layout.addWidget(self.value)
        self.note = plain_label("", role="muted", wrap=True, name=f"{caption}, more")
        self.note.setFont(font(13))
        layout.addWidget(self.note)
        layout.addStretch(1)
        outer.addLayout(layout, 1)
        if aside is not None:
            outer.addWidget(aside, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, value: str, note: str) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.value.setAccessibleDescription(f"{value}. {note}")


def panel(*widgets: QWidget, margins: tuple[int, int, int, int] = (18, 14, 18, 14)) -> QFrame:
    frame = QFrame()
    set_role(frame, "panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    return frame
