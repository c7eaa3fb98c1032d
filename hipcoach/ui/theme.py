"""Colours and type for every page, in a light and a dark variant picked from the palette.

The phase hues are the player's language: a runner learns them in one session and reads
them from across the room, so they are fixed per phase kind and none of them is red; red
means stop and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

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

    def phase(self, kind: PhaseKind) -> QColor:
        return QColor(
            {
                PhaseKind.PREPARE: self.prepare,
                PhaseKind.WORK: self.work,
                PhaseKind.SWITCH: self.switch,
                PhaseKind.SET_REST: self.rest,
                PhaseKind.REST: self.rest,
            }[kind]
        )

    def tint(self, kind: PhaseKind, amount: float) -> QColor:
        """The page background washed with a phase hue: the phase reads from afar."""
        return mix(QColor(self.background), self.phase(kind), amount)


LIGHT = Theme(
    dark=False,
    background="#f4f5f7",
    surface="#ffffff",
    raised="#eceef2",
    line="#dfe3e8",
    text="#13161b",
    muted="#5a6270",
    accent="#15803d",
    on_accent="#ffffff",
    hover="#e3e7ec",
    stop="#c8262b",
    prepare="#b06a00",
    work="#15803d",
    switch="#7c3aed",
    rest="#0878b8",
    banner="#fff4d6",
    banner_text="#4a3500",
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
)


def mix(base: QColor, over: QColor, amount: float) -> QColor:
    keep = 1.0 - amount
    return QColor.fromRgbF(
        base.redF() * keep + over.redF() * amount,
        base.greenF() * keep + over.greenF() * amount,
        base.blueF() * keep + over.blueF() * amount,
    )


def current_theme(widget: QWidget | None = None) -> Theme:
    """Dark when the palette is dark: the desktop's choice, followed both ways."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
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
    QFrame[role="card"]:focus {{ border: 2px solid {t.muted}; }}
    QFrame[role="card"][selected="true"]:focus {{ border: 2px solid {t.accent}; }}
    QFrame[role="panel"] {{
        background: {t.surface}; border: none; border-radius: 16px;
    }}
    QFrame[role="banner"] {{
        background: {t.banner}; border: none; border-radius: 10px;
    }}
    QFrame[role="banner"] QLabel {{ color: {t.banner_text}; font-size: 14px; }}
    QPushButton {{
        color: {t.text}; background: transparent; border: none; border-radius: 12px;
        padding: 8px 16px;
    }}
    QPushButton:hover {{ background: {t.hover}; }}
    QPushButton:focus {{ outline: none; }}
    QPushButton:disabled {{ color: {t.line}; }}
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
        font-weight: 600; min-width: 30px; min-height: 38px;
    }}
    QPushButton[role="chip"]:checked {{ background: {t.accent}; color: {t.on_accent}; }}
    QPushButton[role="chip"]:focus {{ border: 2px solid {t.muted}; }}
    QPushButton[role="close"] {{
        color: {t.banner_text}; padding: 4px 10px; font-size: 16px; font-weight: 700;
    }}
    QPushButton[role="close"]:hover {{ background: transparent; }}
    QPushButton[role="toggle"] {{ font-size: 13px; padding: 6px 10px; color: {t.muted}; }}
    QPushButton[role="toggle"]:checked {{ color: {t.text}; background: {t.raised}; }}
    QPlainTextEdit {{
        background: {t.raised}; color: {t.text}; border: 2px solid transparent;
        border-radius: 10px; padding: 6px; font-size: 15px;
        selection-background-color: {t.accent}; selection-color: {t.on_accent};
    }}
    QPlainTextEdit:focus {{ border: 2px solid {t.accent}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
    QScrollBar::handle:vertical {{ background: {t.line}; border-radius: 3px; min-height: 30px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
    QToolTip {{
        background: {t.surface}; color: {t.text}; border: 1px solid {t.line}; padding: 4px;
    }}
    QDialog {{ background: {t.surface}; color: {t.text}; }}
    """


def set_role(widget: QWidget, role: str, **properties: object) -> None:
    """Tag a widget for the style sheet; a widget already styled is re-polished to show it."""
    widget.setProperty("role", role)
    for name, value in properties.items():
        widget.setProperty(name, value)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        repolish(widget)


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
