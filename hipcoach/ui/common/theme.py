"""Colours and type for every page, in a light and a dark variant picked from the palette.

The phase hues are the player's language: a runner learns them in one session and reads
them from across the room, so they are fixed per phase kind and none of them is red; red
means stop and nothing else. Every colour text or a phase is drawn in keeps a contrast ratio
of at least 4.5:1 (WCAG AA) against what it is drawn on, in both variants (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from hipcoach.core.settings import Look

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from hipcoach.core.plan import PhaseKind


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool
    background: str
    surface: str  # cards and panels
    raised: str  # chips, inputs
    line: str
    text: str
    muted: str
    accent: str  # "go": the Start and Save buttons
    on_accent: str
    hover: str
    stop: str
    prepare: str
    work: str
    switch: str
    rest: str
    banner: str
    banner_text: str
    side_left: str  # the history's charts: the left side and the right, told apart by hue
    side_right: str

    def phase(self, kind: PhaseKind) -> QColor:
        from hipcoach.core.plan import PhaseKind  # the player's: not before the first paint

        return QColor(
            {
                PhaseKind.PREPARE: self.prepare,
                PhaseKind.WORK: self.work,
                PhaseKind.SWITCH: self.switch,
                PhaseKind.EXPLAIN: self.prepare,
                PhaseKind.SET_REST: self.rest,
                PhaseKind.ROUND_REST: self.rest,
                PhaseKind.REST: self.rest,
            }[kind]
        )

    def tint(self, kind: PhaseKind, amount: float) -> QColor:
        """The page background washed with a phase hue: the phase reads from afar."""
        return mix(QColor(self.background), self.phase(kind), amount)

    def ring_track(self, hue: QColor) -> QColor:
        """The emptied part of the player's ring: the hue, faint."""
        return mix(QColor(self.background), hue, 0.22 if self.dark else 0.18)

    def pacer(self, hue: QColor) -> QColor:
        """The breath pacer's disc behind the digits (and the words, then drawn in text)."""
        return mix(QColor(self.background), hue, 0.26 if self.dark else 0.22)

    def flash(self, kind: PhaseKind) -> QColor:
        """The visual cue's flash: the phase hue, strong, that the digits still read on."""
        return self.tint(kind, 0.42 if self.dark else 0.34)

    def player_background(self, kind: PhaseKind) -> QColor:
        """The player's page during a phase of ``kind``: a wash that every text and the
        phase hue itself still stand out from."""
        return self.tint(kind, 0.10 if self.dark else 0.07)


LIGHT = Theme(
    dark=False,
    background="#f4f5f7",
    surface="#ffffff",
    raised="#eceef2",
    line="#dfe3e8",
    text="#13161b",
    muted="#5a6270",
    accent="#137538",
    on_accent="#ffffff",
    hover="#e3e7ec",
    stop="#c8262b",
    prepare="#915800",
    work="#137538",
    switch="#7a38ed",
    rest="#076ba4",
    banner="#fff4d6",
    banner_text="#4a3500",
    side_left="#076ba4",
    side_right="#a34a00",
)

DARK = Theme(
    dark=True,
    background="#0f1216",
    surface="#181c22",
    raised="#222831",
    line="#2c333d",
    text="#f3f5f8",
    muted="#9aa4b3",
    accent="#22c55e",
    on_accent="#06210f",
    hover="#262d37",
    stop="#f26b6b",
    prepare="#fbbf24",
    work="#22c55e",
    switch="#b18cff",
    rest="#38bdf8",
    banner="#3a2f10",
    banner_text="#ffe7a3",
    side_left="#38bdf8",
    side_right="#fb923c",
)


def mix(base: QColor, over: QColor, amount: float) -> QColor:
    keep = 1.0 - amount
    return QColor.fromRgbF(
        base.redF() * keep + over.redF() * amount,
        base.greenF() * keep + over.greenF() * amount,
        base.blueF() * keep + over.blueF() * amount,
    )


def current_theme(
    widget: QWidget | None = None,
    look: Look = Look.DESKTOP,
    desktop: Qt.ColorScheme | None = None,
) -> Theme:
    """The runner's choice; else the desktop's, both ways: a dark palette or colour scheme
    from Qt's platform theme, else ``desktop``, the freedesktop colour-scheme preference
    (read from the settings portal where Qt's platform theme gives none)."""
    if look is Look.DARK:
        return DARK
    if look is Look.LIGHT:
        return LIGHT
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    if palette.color(QPalette.ColorRole.Window).lightness() < 128:
        return DARK
    from PySide6.QtCore import Qt  # (see first_frame_theme)

    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Unknown and desktop is not None:
        scheme = desktop
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def first_frame_theme(look: Look, dark: bool | None) -> Theme:
    """The window's first frame, asking nothing of Qt's namespace: the runner's look, else
    the desktop's as it was the last time (``dark``), else its palette. The desktop's colour
    scheme is one of Qt's enums, and PySide makes all 93 of the ``Qt`` namespace the first
    time any is used: about 15 ms, half of what a bare window takes to paint (bench/startup.py).
    The window asks ``current_theme`` once it is painted, and changes if the desktop did."""
    if look is Look.DARK:
        return DARK
    if look is Look.LIGHT:
        return LIGHT
    if dark is not None:
        return DARK if dark else LIGHT
    palette = QGuiApplication.palette()
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def font(pixels: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    """The system font at a pixel size: sizes follow the window, not the point setting."""
    chosen = QFont(QGuiApplication.font())
    chosen.setPixelSize(max(1, round(pixels)))
    chosen.setWeight(weight)
    return chosen


def clock_font(pixels: float) -> QFont:
    """Bold, condensed where the family has it, tabular: digits that do not jump as they tick."""
    chosen = font(pixels, QFont.Weight.Bold)
    chosen.setStretch(QFont.Stretch.Condensed)
    chosen.setFeature(QFont.Tag("tnum"), 1)
    return chosen


IMAGES = Path(__file__).resolve().parent / "images"


def _image(name: str, theme: Theme) -> str:
    """A small drawing the style sheet needs as a file (a check mark, a chevron), in the
    variant's colour (muted for chevrons, on-accent for checks)."""
    return (IMAGES / f"{name}-{'dark' if theme.dark else 'light'}.svg").as_posix()


def disabled_text(theme: Theme) -> str:
    """Text of a control that does nothing now: plainly faded, yet still there to see."""
    return mix(QColor(theme.background), QColor(theme.muted), 0.45).name()


def stylesheet(theme: Theme) -> str:
    t = theme
    return f"""
    QWidget#root, QStackedWidget > QWidget {{ background: {t.background}; color: {t.text}; }}
    QLabel {{ color: {t.text}; background: transparent; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QLabel[role="heading"] {{ font-size: 26px; font-weight: 700; }}
    QLabel[role="section"] {{
        color: {t.muted}; font-size: 12px; font-weight: 700; letter-spacing: 1px;
    }}
    QFrame[role="card"] {{
        background: {t.surface}; border: 1px solid {t.line}; border-radius: 14px;
    }}
    QFrame[role="card"][selected="true"] {{
        border: 2px solid {t.accent};
    }}
    QFrame[role="card"]:focus, QFrame[role="card"][selected="true"]:focus {{
        border: 2px solid {t.text};
    }}
    QFrame[role="panel"] {{
        background: {t.surface}; border: none; border-radius: 16px;
    }}
    QFrame[role="banner"] {{
        background: {t.banner}; border: none; border-radius: 10px;
    }}
    QFrame[role="banner"] QLabel {{ color: {t.banner_text}; font-size: 14px; }}
    QFrame[role="advice"] {{ background: {t.banner}; border: none; border-radius: 14px; }}
    QFrame[role="advice"] QLabel {{ color: {t.banner_text}; }}
    QPushButton {{
        color: {t.text}; background: transparent; border: none; border-radius: 12px;
        padding: 8px 16px;
    }}
    QPushButton:hover {{ background: {t.hover}; }}
    QPushButton:focus {{ outline: none; border: 2px solid {t.muted}; }}
    QPushButton:disabled {{ color: {disabled_text(t)}; }}
    QPushButton[role="primary"] {{
        background: {t.accent}; color: {t.on_accent}; font-size: 19px; font-weight: 700;
        padding: 14px 34px; border-radius: 14px;
    }}
    QPushButton[role="primary"]:hover {{ background: {t.accent}; }}
    QPushButton[role="primary"]:focus {{ border: 2px solid {t.text}; }}
    QPushButton[role="secondary"] {{
        background: {t.raised}; font-size: 17px; font-weight: 600; padding: 14px 28px;
        border-radius: 14px;
    }}
    QPushButton[role="control"] {{ padding: 10px 18px; border-radius: 14px; }}
    QPushButton[role="control"][main="true"] {{ background: {t.raised}; }}
    QPushButton[role="stop"] {{ color: {t.stop}; padding: 10px 18px; border-radius: 14px; }}
    QPushButton[role="chip"] {{
        background: {t.raised}; border-radius: 9px; padding: 0px; font-size: 16px;
        font-weight: 600; min-width: 28px; min-height: 38px;
    }}
    QPushButton[role="chip"]:checked {{ background: {t.accent}; color: {t.on_accent}; }}
    QPushButton[role="chip"]:focus {{ border: 2px solid {t.muted}; }}
    QPushButton[role="close"] {{
        color: {t.banner_text}; padding: 4px 10px; font-size: 16px; font-weight: 700;
    }}
    QPushButton[role="close"]:hover {{ background: transparent; }}
    QPushButton[role="close"]:focus {{ border: 2px solid {t.banner_text}; }}
    QPushButton[role="toggle"] {{ font-size: 13px; padding: 6px 10px; color: {t.muted}; }}
    QPushButton[role="toggle"]:checked {{ color: {t.text}; background: {t.raised}; }}
    QPlainTextEdit {{
        background: {t.raised}; color: {t.text}; border: 2px solid transparent;
        border-radius: 10px; padding: 6px; font-size: 15px;
        selection-background-color: {t.accent}; selection-color: {t.on_accent};
    }}
    QPlainTextEdit:focus {{ border: 2px solid {t.accent}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollArea[role="list"] {{ border: 2px solid transparent; border-radius: 10px; }}
    QScrollArea[role="list"]:focus {{ border: 2px solid {t.muted}; }}
    QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
    QScrollBar::handle:vertical {{ background: {t.line}; border-radius: 3px; min-height: 30px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
    QToolTip {{
        background: {t.surface}; color: {t.text}; border: 1px solid {t.line}; padding: 4px;
    }}
    QDialog {{ background: {t.surface}; color: {t.text}; }}

    QWidget#nav {{ background: {t.surface}; border-bottom: 1px solid {t.line}; }}
    QLabel#wordmark {{ font-size: 17px; font-weight: 800; }}
    QPushButton[role="nav"], QPushButton[role="segment"] {{
        color: {t.muted}; font-size: 15px; font-weight: 600; padding: 6px 16px;
        border-radius: 10px; border: 2px solid transparent;
    }}
    QPushButton[role="nav"]:checked, QPushButton[role="segment"]:checked {{
        color: {t.text}; background: {t.raised};
    }}
    QPushButton[role="nav"]:focus, QPushButton[role="segment"]:focus {{
        border: 2px solid {t.muted};
    }}
    QPushButton[role="quiet"] {{
        background: {t.raised}; font-size: 14px; font-weight: 600; padding: 6px 14px;
        border-radius: 10px; border: 2px solid transparent;
    }}
    QPushButton[role="quiet"]:focus {{ border: 2px solid {t.accent}; }}
    QPushButton[role="quiet"]:checked {{ background: {t.surface}; color: {t.text}; }}
    QPushButton[role="quiet"]:checked:focus {{ border: 2px solid {t.accent}; }}
    QPushButton[role="small"] {{
        background: {t.raised}; font-size: 13px; font-weight: 600; padding: 4px 10px;
        border-radius: 9px; border: 2px solid transparent;
    }}
    QPushButton[role="small"]:focus {{ border: 2px solid {t.accent}; }}
    QPushButton[role="step"] {{
        background: {t.raised}; font-size: 18px; font-weight: 700; padding: 0px;
        border-radius: 10px; min-width: 38px; max-width: 38px; min-height: 34px;
    }}

    QCheckBox {{ color: {t.text}; font-size: 15px; spacing: 12px; padding: 4px 2px; }}
    QCheckBox::indicator {{
        width: 18px; height: 18px; border-radius: 6px; border: 2px solid {t.muted};
        background: {t.surface};
    }}
    QCheckBox::indicator:checked {{
        background: {t.accent}; border: 2px solid {t.accent}; image: url({_image("check", t)});
    }}
    QCheckBox:focus {{ outline: none; }}
    QCheckBox::indicator:focus {{ border: 2px solid {t.text}; }}
    QCheckBox:disabled {{ color: {t.muted}; }}
    QRadioButton {{ color: {t.text}; font-size: 15px; spacing: 10px; padding: 4px 2px; }}
    QRadioButton::indicator {{
        width: 16px; height: 16px; border-radius: 10px; border: 2px solid {t.muted};
        background: {t.surface};
    }}
    QRadioButton::indicator:checked {{
        border: 2px solid {t.accent};
        background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
            stop: 0 {t.accent}, stop: 0.55 {t.accent}, stop: 0.6 {t.surface}, stop: 1 {t.surface});
    }}
    QRadioButton:focus {{ outline: none; }}
    QRadioButton::indicator:focus {{ border: 2px solid {t.text}; }}
    QRadioButton::indicator:checked:focus {{ border: 3px solid {t.text}; }}

    QComboBox, QSpinBox, QTimeEdit {{
        background: {t.raised}; color: {t.text}; border: 2px solid transparent;
        border-radius: 10px; padding: 5px 10px; font-size: 15px; min-height: 24px;
        selection-background-color: {t.accent}; selection-color: {t.on_accent};
    }}
    QComboBox:focus, QSpinBox:focus, QTimeEdit:focus {{ border: 2px solid {t.accent}; }}
    QComboBox:disabled, QSpinBox:disabled, QTimeEdit:disabled {{ color: {t.muted}; }}
    QComboBox::drop-down {{ border: none; width: 30px; }}
    QComboBox::down-arrow {{ image: url({_image("chevron", t)}); width: 16px; height: 16px; }}
    QSpinBox::up-button, QSpinBox::down-button {{ width: 0px; border: none; }}
    QTimeEdit::up-button, QTimeEdit::down-button {{ width: 0px; border: none; }}
    QComboBox QAbstractItemView {{
        background: {t.surface}; color: {t.text}; border: 1px solid {t.line};
        selection-background-color: {t.accent}; selection-color: {t.on_accent};
        outline: none; padding: 4px;
    }}

    QSlider {{ min-height: 28px; }}
    QSlider::groove:horizontal {{ height: 6px; border-radius: 3px; background: {t.line}; }}
    QSlider::sub-page:horizontal {{ height: 6px; border-radius: 3px; background: {t.accent}; }}
    QSlider::handle:horizontal {{
        width: 20px; height: 20px; margin: -8px 0px; border-radius: 11px;
        background: {t.accent}; border: 1px solid {t.accent};
    }}
    QSlider::handle:horizontal:focus {{ border: 2px solid {t.text}; }}
    QSlider:disabled {{ color: {t.muted}; }}
    QSlider::sub-page:horizontal:disabled, QSlider::handle:horizontal:disabled {{
        background: {t.muted}; border-color: {t.muted};
    }}

    QTableView {{
        background: transparent; color: {t.text}; border: none; font-size: 14px;
        gridline-color: transparent; outline: none;
        selection-background-color: {t.raised}; selection-color: {t.text};
        alternate-background-color: {t.background};
    }}
    QTableView::item {{ padding: 4px 8px; border: none; }}
    QTableView:focus {{ border: none; }}
    QTableView::item:focus {{ border: 2px solid {t.muted}; border-radius: 4px; }}
    QHeaderView, QHeaderView::section {{
        background: transparent; color: {t.muted}; border: none; font-size: 12px;
        font-weight: 700;
    }}
    QHeaderView::section {{ padding: 6px 8px; border-bottom: 1px solid {t.line}; }}
    QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
    QScrollBar::handle:horizontal {{
        background: {t.line}; border-radius: 3px; min-width: 30px;
    }}
    QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0px; }}
    QScrollBar::add-page:horizontal, QScrollBar::sub-page:horizontal {{
        background: transparent;
    }}
    QGraphicsView {{ background: transparent; border: 2px solid transparent; border-radius: 10px; }}
    QGraphicsView:focus {{ border: 2px solid {t.muted}; }}

    QLineEdit {{
        background: {t.raised}; color: {t.text}; border: 2px solid transparent;
        border-radius: 10px; padding: 5px 10px; font-size: 15px; min-height: 24px;
        selection-background-color: {t.accent}; selection-color: {t.on_accent};
    }}
    QLineEdit:focus {{ border: 2px solid {t.accent}; }}
    QLineEdit[problem="true"], QPlainTextEdit[problem="true"] {{
        border: 2px solid {t.prepare};
    }}
    QLineEdit[problem="true"]:focus, QPlainTextEdit[problem="true"]:focus {{
        border: 2px solid {t.accent};
    }}
    QLabel[role="problem"] {{ color: {t.prepare}; font-size: 13px; font-weight: 600; }}
    QLabel[role="field"] {{ color: {t.muted}; font-size: 13px; font-weight: 600; }}
    QPushButton[role="problems"] {{
        color: {t.prepare}; font-size: 14px; font-weight: 700; padding: 2px 8px;
        border: 2px solid transparent; border-radius: 8px;
    }}
    QPushButton[role="problems"]:focus {{ border: 2px solid {t.prepare}; }}
    QTreeWidget {{
        background: {t.surface}; color: {t.text}; border: 2px solid transparent;
        border-radius: 12px; outline: none; font-size: 15px; padding: 4px;
        selection-background-color: transparent; selection-color: {t.text};
        show-decoration-selected: 0;
    }}
    QTreeWidget:focus {{ border: 2px solid {t.muted}; }}
    QTreeWidget::item {{ padding: 5px 4px; border: 2px solid transparent; border-radius: 8px; }}
    QTreeWidget::item:selected {{ background: {t.raised}; color: {t.text}; }}
    QTreeWidget::item:selected:focus {{ border: 2px solid {t.accent}; }}
    QTreeWidget::branch, QTreeWidget::branch:selected {{ background: {t.surface}; }}
    """


def set_role(widget: QWidget, role: str, **properties: object) -> None:
    """Tag a widget for the style sheet; a widget already styled is re-polished to show it.
    (A widget of the window's first frame is tagged with ``setProperty``: see
    ``first_frame_theme``.)"""
    from PySide6.QtCore import Qt

    widget.setProperty("role", role)
    for name, value in properties.items():
        widget.setProperty(name, value)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        repolish(widget)


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
