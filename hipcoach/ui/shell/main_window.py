"""The main window: library, history and settings under a slim bar, then player and check-in.

The window is handed a Backend by the composition root and asks it for everything: the
library, a prepared session, the check-in's save, the history, the settings. Notices (no
voice, routine files with problems, an unknown routine, an export saved) are banners inside
the window, never dialogs, so ``hipcoach gui --routine ID`` goes from launch to the first
phase with nothing in the way. The bar hides while a session and its check-in are on
screen: the player has the whole window, and notices from before the session step aside
with it until the session is over.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.core.errors import KnownError
from hipcoach.core.settings import Look
from hipcoach.ui.common.icon import app_icon
from hipcoach.ui.common.theme import Theme, current_theme, first_frame_theme, stylesheet
from hipcoach.ui.pages import SECTIONS, section
from hipcoach.ui.shell.nav import NavBar

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from PySide6.QtCore import Qt
    from PySide6.QtGui import (
        QCloseEvent,
        QDragEnterEvent,
        QDropEvent,
        QPaintEvent,
        QShortcut,
        QShowEvent,
    )

    from hipcoach.adapters.desktop.color_scheme import PortalColorScheme
    from hipcoach.adapters.desktop.screen_saver import Inhibitor
    from hipcoach.application.backend import ActiveSession, Backend, HistoryOpened
    from hipcoach.application.coaching import BeforeSession
    from hipcoach.application.editing import RoutineDraft
    from hipcoach.application.session import SessionDose
    from hipcoach.core.engine import Finished, Stopped
    from hipcoach.core.library import Library
    from hipcoach.core.model import Routine
    from hipcoach.core.records import CheckIn, LastDone
    from hipcoach.core.settings import Settings
    from hipcoach.ui.after.page import AfterPage
    from hipcoach.ui.before.page import Answer, BeforePage
    from hipcoach.ui.common.enter import EnterClicks
    from hipcoach.ui.common.mute import MuteSwitch
    from hipcoach.ui.common.widgets import Banner
    from hipcoach.ui.editor.page import EditorPage
    from hipcoach.ui.history.page import HistoryPage
    from hipcoach.ui.library.actions import RoutineActions
    from hipcoach.ui.library.runs import RunActions
    from hipcoach.ui.library.today import TodayPanel
    from hipcoach.ui.player.page import PlayerPage
    from hipcoach.ui.settings.page import SettingsPage

READY_CHECK_MS = 20  # how often a session getting ready asks its player whether it is
# The player page is built (and styled) this long after the window is made, while it idles,
# rather than at Start, where building it held the loop for 70-80 ms (bench/gui_stall.py).
PLAYER_AHEAD_MS = 250
NOTICE_DURING_SESSION_MS = 8000  # a notice shown over the player gives the clock back after this
NOTICE_MS = 10000  # an export's result, and the like
SHOWN_PROBLEMS = 3
LOAD_UNPAINTED_MS = 500  # a window shown but never painted reads its library after this


class MainWindow(QMainWindow):
    """The window is painted first: its bar and a quiet "reading your routines", built
    from Qt and the theme alone. Then the backend is attached (the composition root builds
    it once that frame is on screen), the library page and Today are built, and the history,
    the routines and Today are read on the worker and filled in; the other pages are built
    when first needed (start-up is measured: bench/startup.py)."""

    library_loaded = Signal()  # the routines are on their cards (each time they are read)
    # The first frame is on screen (or the window was shown and never painted): the
    # composition root attaches the backend now, if it did not give one to start with.
    first_painted = Signal()
    # The desktop is dark (True) or light, seen after the first paint: for the next start's
    # first frame (``dark``), when it differs from what that was given.
    desktop_dark = Signal(bool)

    def __init__(
        self,
        backend: Backend | None = None,
        parent: QWidget | None = None,
        desktop_scheme: PortalColorScheme | None = None,
        look: Look = Look.DESKTOP,
        dark: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend: Backend | None = None
        # The desktop's light or dark, where Qt's platform theme does not say (the portal).
        self.desktop_scheme = desktop_scheme
        self.look = backend.current_settings().look if backend is not None else look
        self._dark = dark  # the desktop's, as last seen (the first frame's guess)
        self._painted = False  # until then, nothing here uses Qt's namespace (theme.py)
        self.session: ActiveSession | None = None
        self.mute: MuteSwitch | None = None
        self.muted = False
        self._screen_saver: Inhibitor | None = None  # made with the first session
        self.tasks = Tasks(self)  # history and voices are read on a worker thread
        self._ready_check = QTimer(self)  # a session getting ready starts when its player is
        self._ready_check.setInterval(READY_CHECK_MS)
        self._ready_check.timeout.connect(self._start_when_ready)
        self._dosing: Routine | None = None  # Start pressed: today's doses being read
        # "Pain now" (docs/coaching.md): the routine asked about, what the coach read for it
        # (on the worker), and the answer while it waits for that read.
        self._asking: Routine | None = None
        self._before: BeforeSession | None = None
        self._before_read = False
        self._before_ticket: int | None = None
        self._answer: Answer | None = None
        self._library_stale = False
        self.setWindowTitle("hipcoach")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(800, 600)
        self.resize(1000, 700)

        root = QWidget()
        root.setObjectName("root")
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = NavBar()
        self.nav.chosen.connect(self.show_section)
        layout.addWidget(self.nav)
        self.banners = QWidget()
        self.banner_layout = QVBoxLayout(self.banners)
        self.banner_layout.setContentsMargins(16, 10, 16, 0)
        self.banner_layout.setSpacing(6)
        self.banners.hide()
        self._banner_list: list[Banner] = []  # shown and not dismissed, oldest first
        layout.addWidget(self.banners)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(root)

        # Until the backend is attached: the library's place, saying it is being read (in
        # the middle, by stretches: an alignment is one of Qt's enums).
        self._waiting = QWidget()
        waiting = QVBoxLayout(self._waiting)
        middle = QHBoxLayout()
        quiet = QLabel("Reading your routines\u2026")  # (the library page's own words)
        quiet.setAccessibleName("Loading")
        quiet.setProperty("role", "muted")
        middle.addStretch(1)
        middle.addWidget(quiet)
        middle.addStretch(1)
        waiting.addStretch(1)
        waiting.addLayout(middle)
        waiting.addStretch(1)
        self.pages.addWidget(self._waiting)
        self._player: PlayerPage | None = None
        self._after: AfterPage | None = None
        self._before_page: BeforePage | None = None
        self._editor: EditorPage | None = None
        self._sections: dict[str, QWidget] = {"library": self._waiting}  # built so far
        self._coaching_ticket: int | None = None
        self.setAcceptDrops(True)

        # The keys: made with the backend (attach), when there is something for them to do.
        self._player_keys: list[QShortcut] = []
        self._section_keys: list[QShortcut] = []
        # Enter on a focused button presses it: watched from the first paint on. An event
        # filter on the whole app sees every object, Qt's own too, and PySide's first look
        # at one of those (the gesture manager a scroll area makes) costs it 30-40 ms.
        self.enter_clicks: EnterClicks | None = None

        self.theme: Theme | None = None
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._scheme_changed)
        if desktop_scheme is not None:
            desktop_scheme.changed.connect(self.apply_theme)
        self.apply_theme()
        self._last_done: Mapping[str, LastDone] | None = None  # not read yet
        self._last_done_ticket: int | None = None
        # The window is painted first; then the history is opened, and the routine files,
        # Today and the history are read, on the worker, and filled in (bench/startup.py
        # times the first paint). ``library_loaded`` says when.
        self._loading_library: int | None = None
        self._loading_begun = False
        self.loaded = False
        self._pending_start: str | None = None  # ``--routine ID`` asked before the cards came
        self._pending_requests: list[tuple[str | None, tuple[str, ...]]] = []  # before attach
        self.pages.setCurrentWidget(self._waiting)
        self._page_changed()
        if backend is not None:
            self.attach(backend)

    def _make_keys(self) -> None:
        """The player's keys (enabled on the player only), the sections', F11 and Esc."""
        from PySide6.QtGui import QKeySequence, QShortcut

        for keys, action in (
            (("Space",), lambda: self.player.toggle_pause()),
            (("Right", "N"), lambda: self.player.skip()),
            (("Left", "P"), lambda: self.player.back()),
            (("Return", "Enter"), lambda: self.player.done()),
            (("M",), self.toggle_mute),
            (("H",), lambda: self.player.this_hurts()),  # docs/coaching.md: "this hurts"
            (("S",), lambda: self.player.skip_rest()),  # its offer: skip the rest of it
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(action)
                self._player_keys.append(shortcut)
        for entry in SECTIONS:
            shortcut = QShortcut(QKeySequence(entry.keys), self)
            shortcut.activated.connect(lambda n=entry.name: self.show_section(n))
            self._section_keys.append(shortcut)
        QShortcut(QKeySequence("F11"), self).activated.connect(self.toggle_full_screen)
        QShortcut(QKeySequence("Esc"), self).activated.connect(self._escape)

    @property
    def screen_saver(self) -> Inhibitor:
        """Held off while a session runs (over D-Bus, on a thread of its own)."""
        if self._screen_saver is None:
            from hipcoach.adapters.desktop.screen_saver import ScreenSaver

            self._screen_saver = ScreenSaver()
        return self._screen_saver

    @screen_saver.setter
    def screen_saver(self, inhibitor: Inhibitor) -> None:
        self._screen_saver = inhibitor

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise RuntimeError("the window has no backend yet (attach() gives it one)")
        return self._backend

    def attach(self, backend: Backend) -> None:
        """Give the window its backend: the library page and Today are built, and once the
        first frame is on screen the history and the routines are read (on the worker)."""
        from hipcoach.core.library import Library
        from hipcoach.ui.library.actions import RoutineActions
        from hipcoach.ui.library.page import LibraryPage
        from hipcoach.ui.library.runs import RunActions
        from hipcoach.ui.library.today import TodayPanel

        assert self._backend is None, "a window is attached once"
        self._backend = backend
        if self._painted:
            self._begin_loading()  # the worker opens and reads while the page is built
        look = backend.current_settings().look
        if look != self.look:
            self.look = look
            self.apply_theme()
        QTimer.singleShot(PLAYER_AHEAD_MS, self, lambda: self.player.ensurePolished())
        self.library_page = LibraryPage()
        self.pages.addWidget(self.library_page)
        self._sections["library"] = self.library_page
        self.library_page.start_requested.connect(self.start)
        self.library_page.coaching_wanted.connect(self._read_coaching)
        self.library_page.start_over_requested.connect(self._start_over)
        self.today: TodayPanel = TodayPanel(backend, self.tasks)  # read again with the library
        self.library_page.set_today(self.today)
        self.today.start_requested.connect(self.start_routine)
        self.runs: RunActions = RunActions(self, backend, self.tasks)
        self.today.log_run_requested.connect(self.runs.log_run)
        self.today.import_requested.connect(self.runs.choose_files)
        self.runs.done.connect(lambda text: self.notify(text, NOTICE_MS, "runs"))
        self.runs.changed.connect(self.today.refresh)
        self.pages.currentChanged.connect(self._page_changed)
        # New, Edit, Duplicate, Delete, Import, Export; .toml files dropped on the window.
        self.routine_actions: RoutineActions = RoutineActions(backend, self)
        self.routine_actions.connect_page(self.library_page)
        self.routine_actions.open_editor.connect(self.edit_routine)
        self.routine_actions.changed.connect(self._routines_changed)
        self.routine_actions.notice.connect(lambda text: self.notify(text, NOTICE_MS, "files"))
        self.library_page.built_in_under = lambda i: backend.built_in_routine(i) is not None
        self._make_keys()
        self.library: Library = Library(())
        self.library_page.show_loading()
        showing = self.pages.currentWidget() is self._waiting
        self.pages.removeWidget(self._waiting)
        self._waiting.deleteLater()
        if showing:
            self.pages.setCurrentWidget(self.library_page)
        self._page_changed()
        for routine, files in self._pending_requests:
            self.answer_request(routine, files)
        self._pending_requests.clear()

    @property
    def player(self) -> PlayerPage:
        if self._player is None:
            from hipcoach.ui.player.page import PlayerPage

            self._player = PlayerPage()
            self._player.stop_requested.connect(self.ask_stop)
            self._player.mute_toggled.connect(self.set_muted)
            if self.theme is not None:
                self._player.apply_theme(self.theme)
            self.pages.addWidget(self._player)
        return self._player

    @property
    def after(self) -> AfterPage:
        if self._after is None:
            from hipcoach.ui.after.page import AfterPage

            self._after = AfterPage()
            self._after.saved.connect(self._save_check_in)
            self._after.skipped.connect(self._close_session)
            self.pages.addWidget(self._after)
        return self._after

    @property
    def before_page(self) -> BeforePage:
        if self._before_page is None:
            from hipcoach.ui.before.page import BeforePage

            self._before_page = BeforePage()
            self._before_page.answered.connect(self._answered)
            self._before_page.left.connect(self.give_up_asking)
            self.pages.addWidget(self._before_page)
        return self._before_page

    def section_page(self, name: str) -> QWidget:
        """A section's page (see hipcoach/ui/pages.py), built the first time it is asked for."""
        page = self._sections.get(name)
        if page is None:
            build = section(name).build
            assert build is not None, name
            page = build(self)
            apply = getattr(page, "apply_theme", None)
            if apply is not None and self.theme is not None:
                apply(self.theme)
            self.pages.addWidget(page)
            self._sections[name] = page
        return page

    @property
    def history(self) -> HistoryPage:
        from hipcoach.ui.history.page import HistoryPage

        page = self.section_page("history")
        assert isinstance(page, HistoryPage)
        return page

    @property
    def settings(self) -> SettingsPage:
        from hipcoach.ui.settings.page import SettingsPage

        page = self.section_page("settings")
        assert isinstance(page, SettingsPage)
        return page

    @property
    def editor(self) -> EditorPage:
        if self._editor is None:
            from hipcoach.ui.editor.page import EditorPage

            self._editor = EditorPage(self.backend)
            self._editor.closed.connect(self._editor_closed)
            self._editor.saved.connect(lambda _path: setattr(self, "_library_stale", True))
            self.pages.addWidget(self._editor)
        return self._editor

    # -- the sections --------------------------------------------------------------------------

    def show_section(self, name: str) -> None:
        """Routines, History or Settings; never while a session or its check-in is shown."""
        if not self.nav.isVisibleTo(self) or self._backend is None:
            return
        if name == "library" and self._library_stale:
            self.reload_library()
        page = self.section_page(name)
        self.pages.setCurrentWidget(page)
        section(name).shown(page)

    def settings_saved(self, settings: Settings) -> None:
        self._library_stale = True  # default timings change the routines' plans
        if settings.look != self.look:
            self.look = settings.look
            self.apply_theme()  # the look changes at once, not from the next session

    # -- the library, read after the first paint ---------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            QTimer.singleShot(0, self, self._after_first_paint)  # once this paint is on screen

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Shown but not painted (minimised, on another workspace): load all the same.
        QTimer.singleShot(LOAD_UNPAINTED_MS, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        from hipcoach.ui.common.enter import EnterClicks

        self.nav.finish()
        self.apply_theme()  # the desktop's own colour scheme, now (first_frame_theme)
        self.enter_clicks = EnterClicks(self)
        self.first_painted.emit()  # the composition root may attach the backend here
        if self._backend is not None:
            self._begin_loading()

    def _begin_loading(self) -> None:
        """Open the history and read the library on the worker, in that order; once the
        cards are built, Today, when each routine was last done and (weekly) the history's
        check follow, while the window is idle. The worker takes one task at a time, in
        order, so nothing reads the history before it is open, and a session (which waits
        for the cards) is always recorded."""
        if self._loading_begun:
            return
        self._loading_begun = True
        backend = self.backend
        if backend.open_history is not None:
            self.tasks.run(backend.open, self._history_opened)
        if not self.loaded:  # (unless the library was read again already)
            self._loading_library = self.tasks.run(
                backend.library, self._library_read, self._library_failed
            )

    def _history_opened(self, opened: HistoryOpened) -> None:
        if opened.problem is not None:
            self.notify(f"History is not available: {opened.problem}")

    def _check_history(self) -> None:
        """A history found damaged is offered to be moved aside; else the weekly check."""
        if self.backend.damaged is not None:
            self.offer_set_aside(self.backend.damaged)
        elif self.backend.checkup is not None:
            self.tasks.run(self.backend.checkup, self._checked, self._check_failed)

    def _library_read(self, library: Library) -> None:
        self._loading_library = None
        self.library = library
        self._show_library()
        self.today.refresh()
        self._read_last_done()
        self._loaded()

    def _library_failed(self, error: Exception) -> None:
        self._loading_library = None
        self.today.refresh()
        self._loaded()
        raise error  # a bug: logged and said in one line (catch_bugs), the window goes on

    def _loaded(self) -> None:
        first = not self.loaded
        self.loaded = True
        if first:
            self.library_page.show_loading(False)
            if self.isActiveWindow() and self.library_page.isVisible():
                focused = QApplication.focusWidget()
                if focused is None or focused is self or not focused.isVisible():
                    self.library_page.focus_chosen()
            self._check_history()  # after Today's read: the weekly check can take a while
        pending, self._pending_start = self._pending_start, None
        self.library_loaded.emit()
        if pending is not None:
            self.start_routine(pending)

    def reload_library(self) -> None:
        """Read the routine files again (after an edit, an import, new default timings)."""
        self._library_stale = False
        if self._loading_library is not None:  # this read is newer than the first one
            self.tasks.forget(self._loading_library)
            self._loading_library = None
        self.today.refresh()
        self.library = self.backend.library()
        self._show_library()
        self._read_last_done()
        self._loaded()

    def _read_last_done(self) -> None:
        # When each routine was last done is the history's to say: read on the worker (a
        # big or locked history never holds up the window); the cards show the last answer
        # until the new one comes.
        if self._last_done_ticket is not None:
            self.tasks.forget(self._last_done_ticket)
        self._last_done_ticket = self.tasks.run(self.backend.last_done, self._show_last_done)

    def _show_library(self) -> None:
        self.library_page.set_library(self.library, self._last_done)
        if self.library.notices:
            said = " ".join(n[0].upper() + n[1:] + "." for n in self.library.notices)
            self.notify(said, key="folders")
        if self.library.problems:
            count = len({p.path for p in self.library.problems})
            shown = "; ".join(
                f"{Path(p.path).name}:{p.line}: {p.message}"
                for p in self.library.problems[:SHOWN_PROBLEMS]
            )
            more = len(self.library.problems) - SHOWN_PROBLEMS
            self.notify(
                f"{count} routine file{'' if count == 1 else 's'} could not be read: {shown}"
                + (f" (and {more} more)" if more > 0 else ""),
                key="problems",
            )

    def _read_coaching(self, routine: Routine) -> None:
        """The detail's prescriptions today and why (docs/coaching.md), read on the worker."""
        if self._coaching_ticket is not None:
            self.tasks.forget(self._coaching_ticket)
        self._coaching_ticket = self.tasks.run(
            lambda: self.backend.coaching(routine),
            self.library_page.detail.show_coaching,
            self._coaching_failed,
        )

    def _coaching_failed(self, error: Exception) -> None:
        if not isinstance(error, KnownError):
            raise error  # no history (or one that cannot be read): the detail shows the file

    def _start_over(self, routine: Routine, exercise_id: str) -> None:
        """ "Start this exercise over", asked and answered yes: a reset, then the new doses."""

        def failed(error: Exception) -> None:
            self._coaching_failed(error)
            self.notify(f"Could not start it over: {error}", NOTICE_MS)

        self.tasks.run(
            lambda: self.backend.start_over(routine, exercise_id),
            lambda _reset: self._read_coaching(routine),
            failed,
        )

    # -- the editor and routine files ----------------------------------------------------------

    def edit_routine(self, draft: RoutineDraft) -> None:
        if self.session is not None:
            return
        self.pages.setCurrentWidget(self.editor)
        self.editor.open(draft)

    def _editor_closed(self) -> None:
        editor = self.editor
        chosen = editor.last_saved_id
        self._routines_changed(chosen)

    def _routines_changed(self, routine_id: str) -> None:
        self.reload_library()
        entry = self.library.find(routine_id) if routine_id else None
        if entry is not None:
            self.library_page.choose(entry.routine)
        self.pages.setCurrentWidget(self.library_page)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._backend is not None and self.nav.isVisibleTo(self) and _dropped_routines(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = _dropped_routines(event)
        if self._backend is not None and self.nav.isVisibleTo(self) and files:
            event.acceptProposedAction()
            self.routine_actions.import_files(files)

    # -- a session -----------------------------------------------------------------------------

    def _show_last_done(self, last_done: Mapping[str, LastDone]) -> None:
        self._last_done_ticket = None
        self._last_done = last_done
        self.library_page.show_last_done(last_done)

    def start_routine(self, routine_id: str) -> None:
        """Start the routine with this id at once (``hipcoach gui --routine ID``); asked
        before the library is read, as soon as it is."""
        if not self.loaded:
            self._pending_start = routine_id
            return
        entry = self.library.find(routine_id)
        if entry is None:
            self.notify(f'There is no routine "{routine_id}" in the library.')
            return
        self.library_page.choose(entry.routine)
        self.start(entry.routine)

    def start_named(self, spec: str) -> None:
        """Start ROUTINE as the command line names it: a routine file's path, else an id
        (docs/command-line.md, "Naming a routine")."""
        if "/" not in spec and not spec.endswith(".toml"):
            self.start_routine(spec)
            return
        from hipcoach.core.routine_file import RoutineFileError, load_routine

        chosen = self.backend.current_settings()
        try:
            routine = load_routine(
                Path(spec), base=chosen.timings(), override=chosen.timings_override()
            )
        except RoutineFileError as error:
            self.notify(f"{spec} could not be started: {error.problems[0]}", key="request")
            return
        self.start(routine)

    def answer_request(self, routine: str | None, files: Sequence[str] = ()) -> None:
        """Another ``hipcoach gui`` (the menu, a file manager, a reminder, a terminal) asked
        for this window: it comes to the front, imports the files asked and starts what was
        asked, unless a session is running."""
        from PySide6.QtCore import Qt

        state = self.windowState() & ~Qt.WindowState.WindowMinimized
        self.setWindowState(state | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()
        if self._backend is None:  # asked in the window's first instants: once it has one
            self._pending_requests.append((routine, tuple(files)))
            return
        if files:
            # Not from inside the socket's slot: an import may ask (an id you have already).
            chosen = tuple(files)
            QTimer.singleShot(0, lambda: self._import_then_start(chosen, routine))
            return
        self._start_requested(routine)

    def _import_then_start(self, files: Sequence[str], routine: str | None) -> None:
        self.import_requested(files)
        self._start_requested(routine)

    def _start_requested(self, routine: str | None) -> None:
        if routine is None:
            return
        if self.session is not None:
            self.notify(
                "A session is running: finish or stop it to start another.", NOTICE_MS, "request"
            )
            return
        self.start_named(routine)

    def import_requested(self, files: Sequence[str]) -> None:
        """``hipcoach gui FILE...``: each file through the library's Import (the same checks,
        a bad file said beside its name, an id you have already asked about), then the
        library shows what came in. Not while a session or the editor has the window."""
        from hipcoach.core.routine_file import escaped

        names = ", ".join(escaped(Path(f).name) for f in files)
        if self.session is not None or self._dosing is not None:
            self.notify(
                f"A session is running: import {names} again once it is over.",
                key="request",
            )
            return
        if not self.nav.isVisibleTo(self):
            self.notify(
                f"Not imported yet: close what is open, then import {names} again.",
                key="request",
            )
            return
        self.routine_actions.import_files([Path(f) for f in files])

    def start(self, routine: Routine) -> None:
        """Ask "pain now" first (unless the runner turned it off, or there is no history to
        keep it in), or show the player at once, "getting ready" while today's doses are
        read (on the worker: the whole history) and the voice and sounds get ready (the
        first phrases rendered, the output warm, seconds with a cold speech cache); the
        session starts by itself when they are. Nothing here waits."""
        if self.session is not None or self._dosing is not None or self._asking is not None:
            return
        if self.backend.history is not None and self.backend.current_settings().ask_pain_before:
            self._ask(routine)
            return
        self.player.get_ready(routine, self.muted)
        self.pages.setCurrentWidget(self.player)
        if self.backend.history is None:  # nothing to read: the file's doses, at once
            self._prepare(routine, self.backend.session_dose(routine))
            return
        self._dosing = routine
        self.tasks.run(
            lambda: self.backend.session_dose(routine), lambda dose: self._dosed(routine, dose)
        )

    def _dosed(self, routine: Routine, dose: SessionDose) -> None:
        if self._dosing is not routine:
            return  # given up meanwhile
        self._dosing = None
        self._prepare(routine, dose)

    # -- "pain now", before the session (docs/coaching.md, "Pain before the session") ------

    def _ask(self, routine: Routine) -> None:
        """The question at once; what the coach says of today (the red flags, whether one
        rung lower is there to offer, the doses) is read on the worker meanwhile."""
        self._asking = routine
        self._before, self._before_read, self._answer = None, False, None
        self.before_page.ask(routine)
        self.pages.setCurrentWidget(self.before_page)
        self._before_ticket = self.tasks.run(
            lambda: self.backend.before_session(routine),
            lambda before: self._coach_read(routine, before),
            lambda error: self._coach_unread(routine, error),
        )

    def _coach_read(self, routine: Routine, before: BeforeSession | None) -> None:
        self._before_ticket = None
        if self._asking is not routine:
            return  # given up meanwhile
        self._before, self._before_read = before, True
        if self._answer is None:
            self.before_page.show_before(before)
            return
        answer, self._answer = self._answer, None
        self._dosing = None
        self._begin_answered(routine, answer)

    def _coach_unread(self, routine: Routine, error: Exception) -> None:
        """A history that cannot be read now: the file's doses, as ``session_dose`` gives."""
        if not isinstance(error, KnownError):
            raise error
        self._coach_read(routine, None)

    def _answered(self, answer: Answer) -> None:
        """Start as answered: the player's "getting ready" at once; the session is prepared
        as soon as the coach's read is in (at once, mostly: it came while the runner chose)."""
        routine = self._asking
        if routine is None:
            return
        self.player.get_ready(routine, self.muted)
        self.pages.setCurrentWidget(self.player)
        if not self._before_read:
            self._answer = answer
            self._dosing = routine  # getting ready: Esc, Stop or closing gives it up
            return
        self._begin_answered(routine, answer)

    def _begin_answered(self, routine: Routine, answer: Answer) -> None:
        from hipcoach.application.session import SessionDose
        from hipcoach.core.records import Dosing

        before = self._before
        self._asking, self._before, self._before_read = None, None, False
        dose = before.dose(answer.dosing) if before is not None else None
        self._prepare(routine, dose or SessionDose(dosing=Dosing.AS_WRITTEN), answer.pain)

    def give_up_asking(self) -> None:
        """Back, "Not today", or the window closing: no session, nothing recorded."""
        routine = self._asking
        if routine is None or self.pages.currentWidget() is not self._before_page:
            return
        self._forget_asking()
        self._back_to_library(routine)

    def _forget_asking(self) -> None:
        if self._before_ticket is not None:
            self.tasks.forget(self._before_ticket)
            self._before_ticket = None
        self._asking, self._before, self._before_read, self._answer = None, None, False, None

    def _back_to_library(self, routine: Routine | None) -> None:
        from PySide6.QtCore import Qt

        self.pages.setCurrentWidget(self.library_page)
        card = self.library_page.card(routine.id) if routine is not None else None
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    def _prepare(self, routine: Routine, dose: SessionDose, pain_before: int | None = None) -> None:
        from hipcoach.ui.common.mute import MuteSwitch

        session = self.backend.prepare_session(routine, dose, pain_before)
        self.session = session
        self.mute = MuteSwitch(session.driver.player, self.muted)
        session.driver.player = self.mute
        session.driver.ended.connect(self._ended)
        self._start_when_ready()

    def getting_ready(self) -> bool:
        """Start was pressed and the session has not begun: Esc, Stop or closing gives it up."""
        return self._dosing is not None or (self.session is not None and not self.session.begun)

    def _start_when_ready(self) -> None:
        session = self.session
        if session is None or session.begun or self.mute is None:
            self._ready_check.stop()
            return
        if not session.ready():
            self._ready_check.start()
            return
        self._ready_check.stop()
        reason = self.mute.silent_reason()
        flash = self.backend.current_settings().flash
        self.player.attach(session, reason, self.muted, flash=flash)
        if reason:
            self.notify(f"No voice: {reason}. Follow the screen.", NOTICE_DURING_SESSION_MS)
        self.screen_saver.hold("A hipcoach session is running")
        session.begin()
        session.driver.start()

    def give_up_getting_ready(self) -> None:
        """Back to the routines before the session began: nothing is recorded."""
        if not self.getting_ready():
            return
        routine = self._dosing
        self._dosing = None
        self._forget_asking()  # an answer waiting for the coach's read goes with it
        session = self.session
        self._ready_check.stop()
        self.player.detach()
        if session is not None:
            routine = session.routine
            session.close()
        self.session = None
        self.mute = None
        self._back_to_library(routine)

    def ask_stop(self) -> bool:
        """Esc, Stop or the window's close button: pause while asking, so the answer costs
        no time; stop only on a yes. True when no session runs any more."""
        session = self.session
        if self.getting_ready():
            self.give_up_getting_ready()  # nothing started: nothing to ask
            return True
        if session is None or not self.player.running():
            return True
        from hipcoach.core.engine import State
        from hipcoach.ui.common.confirm import ConfirmStop

        driver = session.driver
        was_running = driver.engine.state is State.RUNNING
        if was_running:
            driver.pause()
        if ConfirmStop.ask(self):
            if self.player.running():  # a signal may have stopped it while the question was up
                driver.stop()
            return True
        if was_running and self.session is session and driver.engine.state is State.PAUSED:
            driver.resume()
        return not self.player.running()

    def _ended(self, event: Finished | Stopped) -> None:
        from PySide6.QtCore import Qt

        self.screen_saver.release()
        session = self.session
        self.player.detach()
        if session is None:
            return
        after = self.after
        after.show_result(session.plan, event, session.driver.engine.work)
        after.pain_before.set_value(session.pain_before)  # given before it: shown, editable
        self.pages.setCurrentWidget(after)
        # The keyboard carries on where the eyes go: the first question not yet answered.
        first = after.pain_before if session.pain_before is None else after.pain_after
        first.tab_stop().setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_check_in(self, check_in: CheckIn) -> None:
        if self.session is not None:
            self.backend.save_check_in(self.session, check_in)
        self._close_session()

    def _close_session(self) -> None:
        from PySide6.QtCore import Qt

        done = self.session.routine.id if self.session is not None else None
        self.session = None
        self.mute = None
        for banner in self.visible_banners():
            if banner.property("session"):
                banner.dismiss()  # "no voice" and the like: about the session just ended
        self.reload_library()
        self.pages.setCurrentWidget(self.library_page)
        card = self.library_page.card(done) if done is not None else None
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)  # back where the runner began

    # -- keys, mute, full screen -----------------------------------------------------------

    def _page_changed(self, _index: int = 0) -> None:
        current = self.pages.currentWidget()
        on_player = self._player is not None and current is self._player
        for shortcut in self._player_keys:
            shortcut.setEnabled(on_player)
        shown = next((n for n, page in self._sections.items() if page is current), None)
        self.nav.setVisible(shown is not None)
        for shortcut in self._section_keys:
            shortcut.setEnabled(shown is not None)
        if shown is not None:
            self.nav.select(shown)
        self._park_banners(shown is None)
        if self._player is not None and on_player:
            from PySide6.QtCore import Qt  # (not in the first frame: see apply_theme)

            self._player.setFocus(Qt.FocusReason.OtherFocusReason)

    def _escape(self) -> None:
        """Esc leaves full screen first; on the player, the next Esc asks to stop; in the
        editor, it goes back to the library (asking first when there are unsaved edits)."""
        if self.isFullScreen():
            self.showNormal()
        elif self._before_page is not None and self.pages.currentWidget() is self._before_page:
            self._before_page.escape()
        elif self.getting_ready():
            self.give_up_getting_ready()
        elif self._editor is not None and self.pages.currentWidget() is self._editor:
            self._editor.request_leave()
        elif (
            self._player is not None
            and self.pages.currentWidget() is self._player
            and self._player.running()
        ):
            self.ask_stop()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def toggle_mute(self) -> None:
        self.set_muted(not self.muted)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if self.mute is not None:
            self.mute.set_muted(muted)
        if self._player is not None and self._player.mute_button.isChecked() != muted:
            self._player.set_muted(muted)

    # -- notices ---------------------------------------------------------------------------------

    def notify(self, message: str, dismiss_after: int | None = None, key: str = "") -> Banner:
        """Show a banner at the top of the window; ``key`` replaces an earlier one of its kind."""
        from hipcoach.ui.common.widgets import Banner

        if key:
            for old in list(self._banner_list):
                if old.property("key") == key:
                    old.dismiss()
        banner = Banner(message)
        banner.setProperty("key", key)
        banner.setProperty("session", self.session is not None)  # said during a session
        banner.dismissed.connect(self._banner_gone)
        self._banner_list.append(banner)
        self.banner_layout.addWidget(banner)
        self.banners.show()
        if dismiss_after is not None:
            banner.dismiss_after(dismiss_after)
        return banner

    def offer_set_aside(self, damaged: str) -> Banner:
        """A damaged history is never written: say so, and move it aside (a rename) only if
        the runner asks, from the banner."""
        from PySide6.QtCore import Qt

        banner = self.notify(f"History is not available: {damaged}", key="damaged")
        if self.backend.set_aside is not None:
            button = QPushButton("Move it aside")
            button.setAccessibleName("Move the damaged history aside and start a new one")
            button.clicked.connect(lambda: self._set_aside(banner))
            layout = banner.layout()
            if isinstance(layout, QHBoxLayout):
                layout.insertWidget(1, button, 0, Qt.AlignmentFlag.AlignTop)
            banner.setProperty("action", button)
        return banner

    def _checked(self, damaged: str | None) -> None:
        if damaged is not None:
            self.offer_set_aside(damaged)

    def _check_failed(self, error: Exception) -> None:
        if not isinstance(error, KnownError):
            raise error
        self.notify(f"History could not be checked: {error}", key="damaged")

    def _set_aside(self, banner: Banner) -> None:
        if self.session is not None or self.backend.set_aside is None:
            self.notify("Finish the session first, then move the history aside.", NOTICE_MS)
            return
        try:
            moved = self.backend.set_aside()
        except KnownError as error:
            self.notify(f"Could not move the history aside: {error}", key="damaged")
            return
        banner.dismiss()
        self.notify(
            f"The damaged history was moved to {moved}; a new one starts with your next session.",
            NOTICE_MS,
        )
        if "history" in self._sections:
            self.history.refresh()

    def visible_banners(self) -> list[Banner]:
        return [b for b in self._banner_list if not b.isHidden()]

    def _banner_gone(self) -> None:
        # Dismissed: deleted once the loop comes back, so forgotten here, before that.
        self._banner_list = [b for b in self._banner_list if not b.property("dismissed")]
        if not self.visible_banners():
            self.banners.hide()

    def _park_banners(self, in_session: bool) -> None:
        """Notices from before a session (routine files with problems, a history moved
        aside) step aside while the player and the check-in are shown, and come back after."""
        for banner in self._banner_list:
            if in_session and not banner.property("session") and not banner.isHidden():
                banner.setProperty("parked", True)
                banner.hide()
            elif not in_session and banner.property("parked"):
                banner.setProperty("parked", False)
                banner.show()
        self.banners.setVisible(bool(self.visible_banners()))

    # -- look and lifetime -----------------------------------------------------------------------

    def apply_theme(self) -> None:
        """The runner's look, else the desktop's. The style sheet colours every widget, so a
        look the desktop's palette does not give needs no palette of its own."""
        if not self._painted:
            theme = first_frame_theme(self.look, self._dark)
        else:
            desktop = self.desktop_scheme.scheme if self.desktop_scheme is not None else None
            theme = current_theme(None, self.look, desktop)
            if self.look is Look.DESKTOP and theme.dark != self._dark:
                self._dark = theme.dark
                self.desktop_dark.emit(theme.dark)
        if theme == self.theme:
            return
        self.theme = theme
        self.setStyleSheet(stylesheet(theme))
        if self._player is not None:
            self._player.apply_theme(theme)
        for page in self._sections.values():
            apply = getattr(page, "apply_theme", None)
            if apply is not None:
                apply(theme)

    def follow_desktop(self, scheme: PortalColorScheme) -> None:
        """The desktop's light or dark from the settings portal, where Qt's platform theme
        does not say: asked once the window is painted, followed from then on."""
        self.desktop_scheme = scheme
        scheme.changed.connect(self.apply_theme)
        self.apply_theme()

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.apply_theme()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.ThemeChange,
        ):
            self.apply_theme()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """The close button mid-session asks as Esc does, and a no keeps the session going;
        with unsaved edits in the editor, it asks whether to save them.

        A close that does not come from the runner (``close()`` from Ctrl-C or SIGTERM, the
        app quitting) does not ask: it stops the session, which the history records as
        stopped, and leaves unsaved edits unsaved."""
        self.give_up_asking()
        self.give_up_getting_ready()
        running = self.session is not None and self._player is not None and self._player.running()
        if running and event.spontaneous() and not self.ask_stop():
            event.ignore()
            return
        editor = self._editor if self.pages.currentWidget() is self._editor else None
        if editor is not None and event.spontaneous() and not editor.may_leave():
            event.ignore()
            return
        if self.session is not None and self._player is not None and self._player.running():
            self.session.driver.stop()
        self.screen_saver.release()
        if "history" in self._sections:
            self.history.close_report()  # a report being made stops at its next step
        self.wait_for_tasks()
        super().closeEvent(event)

    def wait_for_tasks(self) -> None:
        """Let reads already on the worker finish: the store closes after the window."""
        self.tasks.wait()


def _dropped_routines(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local .toml files being dragged onto the window."""
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in found if path.suffix.lower() == ".toml"]
