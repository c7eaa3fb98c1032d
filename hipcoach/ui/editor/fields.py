"""The editor's fields: a label above, the control, and the loader's problem right below it.

Every field shows its text literally and says what it edits to a screen reader, problem
included. Undo and redo are the editor's, not each line edit's own: a field passes
Ctrl+Z and Ctrl+Shift+Z on (a focused QLineEdit would otherwise take them for itself,
through the ShortcutOverride event), so one Ctrl+Z undoes the last edit of the routine
wherever the cursor is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.core.toml_lines import KeyPath
from hipcoach.ui.common.theme import repolish, set_role
from hipcoach.ui.common.widgets import plain_label

UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))
MAX_LINE = 400  # characters in a one-line field: names are at most 80, a typo shows as such
MAX_NUMBER = 24


class EditorKeys(QObject):
    """Lets the editor's own shortcuts win over a text field's: undo, redo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(
                pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch
                for keys in (*UNDO_KEYS, *REDO_KEYS)
            ):
                event.ignore()
                return True
        return False


_KEYS = EditorKeys()
FieldKey = Callable[[], KeyPath] | None  # which key a control edits, asked when it edits


def claim_editor_keys(widget: QWidget) -> None:
    widget.installEventFilter(_KEYS)


class LineField(QLineEdit):
    """One line of text; ``edited`` carries what the runner typed (never a refill)."""

    field_key: FieldKey = None

    edited = Signal(str)
    left = Signal()  # focus went elsewhere: the typing burst is over

    def __init__(self, name: str, placeholder: str = "", width: int | None = None) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setMaxLength(MAX_NUMBER if width is not None else MAX_LINE)
        if width is not None:
            self.setFixedWidth(width)
        claim_editor_keys(self)
        self.textEdited.connect(self.edited)

    def show_text(self, text: str) -> None:
        """Fill the field; the cursor stays where it was when the text did not change."""
        if self.text() != text:
            self.setText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.left.emit()


class TextArea(QPlainTextEdit):
    """Several lines (a summary, a how-to); Tab moves on, as everywhere else."""

    field_key: FieldKey = None

    edited = Signal(str)
    left = Signal()

    def __init__(self, name: str, placeholder: str = "") -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(104)
        claim_editor_keys(self)
        self._filling = False
        self.textChanged.connect(self._changed)

    def text(self) -> str:
        return self.toPlainText()

    def show_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self._filling = True
            try:
                self.setPlainText(text)
            finally:
                self._filling = False

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit(self.toPlainText())

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.left.emit()


class ChoiceField(QComboBox):
    """A fixed list of choices; ``chosen`` carries the data of the one picked."""

    field_key: FieldKey = None

    chosen = Signal(object)

    def __init__(self, name: str, choices: Sequence[tuple[str, object]] = ()) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_choices(choices)
        self.activated.connect(lambda index: self.chosen.emit(self.itemData(index)))

    def set_choices(self, choices: Sequence[tuple[str, object]]) -> None:
        current = self.currentData()
        if [(self.itemText(i), self.itemData(i)) for i in range(self.count())] == list(choices):
            return
        self.blockSignals(True)
        self.clear()
        for text, data in choices:
            self.addItem(text, data)
        self.blockSignals(False)
        self.show_choice(current)

    def show_choice(self, data: object) -> None:
        index = self.findData(data)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)


class CheckField(QCheckBox):
    field_key: FieldKey = None
    toggled_by_hand = Signal(bool)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setAccessibleName(text)
        self.clicked.connect(self.toggled_by_hand)

    def show_checked(self, checked: bool) -> None:
        if self.isChecked() != checked:
            self.blockSignals(True)
            self.setChecked(checked)
            self.blockSignals(False)


class FieldBox(QWidget):
    """A label, the control(s), a hint, and the problem below, which shows only when there
    is one. ``paths`` are the keys whose problems belong here."""

    def __init__(
        self,
        label: str,
        controls: Sequence[QWidget],
        paths: Sequence[KeyPath] = (),
        hint: str = "",
        unit: str = "",
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.controls = list(controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = plain_label(label, role="field")
        if controls:
            self.label.setBuddy(controls[0])
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.setSpacing(8)
        for control in controls:
            row.addWidget(control)
        self.unit = plain_label(unit, role="muted")
        row.addWidget(self.unit)
        # Text takes the width; numbers, choices and boxes stay their size, on the left.
        if not any(
            isinstance(c, QLineEdit | QPlainTextEdit) and c.maximumWidth() > 10000 for c in controls
        ):
            row.addStretch(1)
        layout.addLayout(row)
        self.hint = plain_label(hint, role="muted", wrap=True)
        layout.addWidget(self.hint)
        self.problem = plain_label("", role="problem", wrap=True, name=f"Problem: {label}")
        self.problem.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.problem)
        # Hidden only once they have a parent: shown on their own, they would be windows.
        self.unit.setVisible(bool(unit))
        self.hint.setVisible(bool(hint))
        self.problem.hide()
        self._descriptions = {id(c): c.accessibleDescription() for c in controls}

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def show_problems(self, messages: Sequence[str]) -> None:
        text = "\n".join(f"\u26a0 {message}" for message in messages)
        if self.problem.text() != text:
            self.problem.setText(text)
        self.problem.setVisible(bool(messages))
        for control in self.controls:
            has = bool(messages)
            if control.property("problem") != has:
                control.setProperty("problem", has)
                repolish(control)
            base = self._descriptions.get(id(control), "")
            control.setAccessibleDescription(
                "; ".join(filter(None, [base, *messages])) if messages else base
            )


class GeneralProblems(QLabel):
    """Problems of a whole exercise, circuit or routine (a key no field shows, a missing
    exercise, a split circuit): at the top of its form."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(name)
        set_role(self, "problem")
        self.hide()

    def show_problems(self, messages: Sequence[str]) -> None:
        self.setText("\n".join(f"\u26a0 {message}" for message in messages))
        self.setVisible(bool(messages))
