"""A daily reminder timer in memory: what the Settings page asks of systemd's."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time

from hipcoach.adapters.desktop.systemd import calendar
from hipcoach.application.reminder_time import TimerState


@dataclass
class FakeReminderTimer:
    installed: bool = False
    at: time = time(18, 0)
    days: Sequence[int] | None = None
    active: bool | None = True
    moves: list[tuple[time, Sequence[int] | None, str]] = field(default_factory=list)

    def state(self) -> TimerState:
        if not self.installed:
            return TimerState(False)
        return TimerState(True, calendar(self.at, self.days), self.active)

    def follow(self, at: time, days: Sequence[int] | None) -> TimerState:
        """Records each move with the thread it was made on."""
        if self.installed:
            self.at, self.days = at, days
            self.moves.append((at, days, threading.current_thread().name))
        return self.state()
