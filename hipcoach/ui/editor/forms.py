"""The three forms of the editor: the routine (name, kind, summary, tags, defaults), an
exercise, and a circuit. Each shows the file's values, sends every change to the page as
one edit of the draft, and puts each problem the loader found beside the field whose key
is written on the problem's line (docs/routine-format.md, "Errors").

A field left empty falls back to what the routine (or the runner's settings) gives; the
placeholder says what that is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hipcoach.application.editing import Checked, RoutineDraft, shown
from hipcoach.core.model import Kind, exercise_id
from hipcoach.core.toml_lines import KeyPath
from hipcoach.ui.common.theme import set_role
from hipcoach.ui.common.widgets import bold, plain_label
from hipcoach.ui.editor.fields import (
    CheckField,
    ChoiceField,
    FieldBox,
    GeneralProblems,
    LineField,
    TextArea,
)
from hipcoach.ui.editor.items import exercise

NUMBER_WIDTH = 76
AMOUNT_WIDTH = 104
KIND_CHOICES = (
    ("Stretch", Kind.STRETCH),
    ("Yoga", Kind.YOGA),
    ("Strength", Kind.STRENGTH),
    ("Mobility", Kind.MOBILITY),
    ("Foam roll", Kind.FOAM_ROLL),
    ("Warm-up", Kind.WARM_UP),
    ("Mixed", Kind.MIXED),
)
DOSE_CHOICES = (("Hold", "hold"), ("Breaths", "breaths"), ("Reps", "reps"))
DOSE_UNITS = {"hold": "seconds", "breaths": "breaths", "reps": "reps"}
RANGE_HINT = "A number, or a range like 10-12: trained at its low end, built toward the high."
TIMING_LABELS = {
    "prepare": "Get ready",
    "switch": "Switch sides",
    "set_rest": "Rest between sets",
    "rest": "Rest after",
    "breath": "One breath",
}
Apply = Callable[[RoutineDraft], object]


def _fixed(path: KeyPath) -> Callable[[], KeyPath]:
    return lambda: path


def _default_text(key: str) -> Callable[[str], Apply]:
    return lambda typed: lambda draft: draft.set_default_text(key, typed)


class EditSink(Protocol):
    """The page: where a form's edits go, as one undoable step each."""

    def edit(self, field: KeyPath, what: str, apply: Apply, typing: bool = False) -> None: ...

    def field_left(self) -> None: ...


def heading(text: str) -> QLabel:
    label = plain_label(text, wrap=True)
    label.setFont(bold(22))
    return label


def section(text: str) -> QLabel:
    return plain_label(text.upper(), role="section")


def effective_default(draft: RoutineDraft, key: str) -> str:
    """What an exercise gets when it leaves ``key`` out: the file's default, else the
    runner's setting, else hipcoach's own."""
    given = draft.document.default_field(key)
    if isinstance(given, int) and not isinstance(given, bool):
        return str(given)
    if key == "tempo":
        if isinstance(given, list) and len(given) == 3:
            return ", ".join(map(str, given))
        tempo = draft.base.tempo
        return f"{tempo.up}, {tempo.hold}, {tempo.down}"
    return str(getattr(draft.base, key))


class Form(QWidget):
    """A column of fields; ``boxes`` get the problems under their keys, ``general`` the
    rest of what belongs to this form."""

    focus_requested = Signal()

    def __init__(self, sink: EditSink) -> None:
        super().__init__()
        self.sink = sink
        self.boxes: list[FieldBox] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(12)
        self.general = GeneralProblems("Problems")
        # Where problems that no field holds go, by the key they are under.
        self.generals: list[tuple[KeyPath, GeneralProblems]] = [((), self.general)]

    def box(
        self,
        label: str,
        controls: Sequence[QWidget],
        paths: Sequence[KeyPath] = (),
        hint: str = "",
        unit: str = "",
    ) -> FieldBox:
        made = FieldBox(label, controls, paths, hint, unit)
        self.boxes.append(made)
        return made

    def line(self, name: str, field: Callable[[], KeyPath], apply: Callable[[str], Apply],
             placeholder: str = "", width: int | None = None) -> LineField:  # fmt: skip
        edit = LineField(name, placeholder, width)
        edit.field_key = field
        edit.edited.connect(lambda text: self.sink.edit(field(), name, apply(text), typing=True))
        edit.left.connect(self.sink.field_left)
        return edit

    def area(self, name: str, field: Callable[[], KeyPath], apply: Callable[[str], Apply],
             placeholder: str = "") -> TextArea:  # fmt: skip
        edit = TextArea(name, placeholder)
        edit.field_key = field
        edit.edited.connect(lambda text: self.sink.edit(field(), name, apply(text), typing=True))
        edit.left.connect(self.sink.field_left)
        return edit

    def belongs(self, path: KeyPath) -> bool:
        raise NotImplementedError

    def fill(self, draft: RoutineDraft, checked: Checked) -> None:
        raise NotImplementedError

    def place_problems(self, checked: Checked) -> None:
        """Each problem beside the shown field of the longest key that holds it; problems
        of this form that no shown field holds, at the top of its part of the form."""
        found: dict[int, list[str]] = {id(box): [] for box in self.boxes}
        loose: dict[int, list[str]] = {id(general): [] for _, general in self.generals}
        for path, messages in checked.problems.items():
            if not self.belongs(path):
                continue
            best: FieldBox | None = None
            best_length = -1
            for box in self.boxes:
                if box.isHidden():
                    continue
                for key in box.paths:
                    if path[: len(key)] == key and len(key) > best_length:
                        best, best_length = box, len(key)
            if best is not None:
                found[id(best)].extend(messages)
                continue
            _, place = max(
                (g for g in self.generals if path[: len(g[0])] == g[0]),
                key=lambda g: len(g[0]),
                default=self.generals[0],
            )
            loose[id(place)].extend(messages)
        for box in self.boxes:
            box.show_problems(found[id(box)])
        for _, general in self.generals:
            general.show_problems(loose[id(general)])

    def first_problem(self) -> QWidget | None:
        """The control of the first field that shows a problem, else the form's first."""
        for box in self.boxes:
            if not box.problem.isHidden() and box.controls:
                return box.controls[0]
        return None

    def control_for(self, path: KeyPath) -> QWidget | None:
        """The control that edits ``path`` (where undo puts the cursor back)."""
        for box in self.boxes:
            if box.isHidden():
                continue
            for control in box.controls:
                key = getattr(control, "field_key", None)
                if key is not None and key() == path:
                    return control
        for box in self.boxes:
            if path in box.paths and box.controls and not box.isHidden():
                return box.controls[0]
        return None


class RoutineForm(Form):
    def __init__(self, sink: EditSink) -> None:
        super().__init__(sink)
        layout = self.layout_
        self.title = heading("Routine")
        layout.addWidget(self.title)
        layout.addWidget(self.general)

        def routine_text(key: str) -> Callable[[str], Apply]:
            return lambda typed: lambda draft: draft.set_routine_text(key, typed)

        self.name = self.line("Routine name", _fixed(("name",)), routine_text("name"))
        layout.addWidget(self.box("Name", [self.name], [("name",)]))
        self.kind = ChoiceField("Kind", KIND_CHOICES)
        self.kind.field_key = lambda: ("kind",)
        self.kind.chosen.connect(
            lambda kind: self.sink.edit(("kind",), "Kind", lambda d: d.set_kind(kind))
        )
        layout.addWidget(self.box("Kind", [self.kind], [("kind",)]))
        self.summary = self.area(
            "Summary", _fixed(("summary",)), routine_text("summary"), "What it is for"
        )
        layout.addWidget(self.box("Summary", [self.summary], [("summary",)]))
        self.tags = self.line(
            "Tags", _fixed(("tags",)), routine_text("tags"), "post-run, itb (commas between)"
        )
        layout.addWidget(self.box("Tags", [self.tags], [("tags",)]))

        layout.addSpacing(6)
        layout.addWidget(section("Defaults"))
        note = plain_label(
            "Every exercise uses these unless it sets its own. Empty: your settings' "
            "time, or hipcoach's.",
            role="muted",
            wrap=True,
        )
        layout.addWidget(note)
        self.defaults_general = GeneralProblems("Problems with the defaults")
        self.generals.append((("defaults",), self.defaults_general))
        layout.addWidget(self.defaults_general)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        self.default_fields: dict[str, LineField] = {}
        for number, key in enumerate(("prepare", "switch", "set_rest", "rest", "breath")):
            edit = self.line(
                f"Default {TIMING_LABELS[key].lower()}",
                _fixed(("defaults", key)),
                _default_text(key),
                width=NUMBER_WIDTH,
            )
            self.default_fields[key] = edit
            box = self.box(TIMING_LABELS[key], [edit], [("defaults", key)], unit="s")
            grid.addWidget(box, number // 2, number % 2)
        self.tempo = [
            self.line(
                f"Default tempo, {part}",
                _fixed(("defaults", "tempo")),
                self._tempo,
                width=NUMBER_WIDTH - 16,
            )
            for part in ("seconds up", "seconds held", "seconds down")
        ]
        tempo_box = self.box(
            "Rep tempo: up, hold, down", self.tempo, [("defaults", "tempo")], unit="s"
        )
        grid.addWidget(tempo_box, 2, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _tempo(self, _typed: str) -> Apply:
        texts = [edit.text() for edit in self.tempo]
        return lambda draft: draft.set_default_tempo(texts)

    def belongs(self, path: KeyPath) -> bool:
        return not (len(path) >= 2 and path[0] in ("exercise", "circuit"))

    def fill(self, draft: RoutineDraft, checked: Checked) -> None:
        self.title.setText(shown(draft.value(("name",))).strip() or "Routine")
        self.name.show_text(shown(draft.value(("name",))))
        kind = draft.value(("kind",))
        self.kind.show_choice(Kind(kind) if kind in [k.value for k in Kind] else Kind.MIXED)
        self.summary.show_text(shown(draft.value(("summary",))))
        self.tags.show_text(shown(draft.value(("tags",))))
        for key, edit in self.default_fields.items():
            edit.show_text(shown(draft.value(("defaults", key))))
            edit.setPlaceholderText(str(getattr(draft.base, key)))
        tempo = draft.value(("defaults", "tempo"))
        parts = tempo if isinstance(tempo, list) else []
        usual = (draft.base.tempo.up, draft.base.tempo.hold, draft.base.tempo.down)
        for number, edit in enumerate(self.tempo):
            edit.show_text(shown(parts[number]) if number < len(parts) else "")
            edit.setPlaceholderText(str(usual[number]))
        self.place_problems(checked)


class ExerciseForm(Form):
    def __init__(self, sink: EditSink) -> None:
        super().__init__(sink)
        self.index = 0
        layout = self.layout_
        self.where = plain_label("", role="section")
        layout.addWidget(self.where)
        self.title = heading("Exercise")
        layout.addWidget(self.title)
        layout.addWidget(self.general)

        key, text = self._key, self._text
        self.name = self.line("Exercise name", key("name"), text("name"))
        self.name_box = self.box("Name", [self.name], [])
        layout.addWidget(self.name_box)

        self.dose_kind = ChoiceField("Dose", DOSE_CHOICES)
        self.dose_kind.field_key = lambda: ("exercise", self.index, "dose-kind")
        self.dose_kind.chosen.connect(self._dose_kind)
        self.amount = self.line("Dose: seconds", key("dose"), text("dose"), width=AMOUNT_WIDTH)
        self.dose_box = self.box("Dose", [self.dose_kind, self.amount], [], RANGE_HINT, "s")
        layout.addWidget(self.dose_box)

        row = QHBoxLayout()
        row.setSpacing(18)
        self.sets = self.line("Sets", key("sets"), text("sets"), "1", width=NUMBER_WIDTH)
        self.sets_box = self.box("Sets", [self.sets], [])
        row.addWidget(self.sets_box)
        self.circuit = ChoiceField("Circuit")
        self.circuit.field_key = lambda: ("exercise", self.index, "circuit")
        self.circuit.chosen.connect(self._join)
        self.circuit_box = self.box("Circuit", [self.circuit], [])
        row.addWidget(self.circuit_box)
        row.addStretch(1)
        layout.addLayout(row)

        self.sides = CheckField("Each side: left, then right")
        self.sides.field_key = lambda: ("exercise", self.index, "sides")
        self.sides.toggled_by_hand.connect(self._sides)
        self.sides_box = self.box("Sides", [self.sides], [])
        layout.addWidget(self.sides_box)

        self.how = self.area("How to do it", key("how"), text("how"), "In your own words")
        self.how_box = self.box("How to do it", [self.how], [])
        layout.addWidget(self.how_box)
        self.targets = self.line(
            "Targets", key("targets"), text("targets"), "glutes, piriformis (commas between)"
        )
        self.targets_box = self.box("Targets", [self.targets], [])
        layout.addWidget(self.targets_box)

        self.tempo = [
            self.line(f"Tempo, {part}", key("tempo"), self._tempo, width=NUMBER_WIDTH - 16)
            for part in ("seconds up", "seconds held", "seconds down")
        ]
        self.tempo_box = self.box("Rep tempo: up, hold, down", self.tempo, [], unit="s")
        layout.addWidget(self.tempo_box)

        layout.addSpacing(4)
        layout.addWidget(section("Timing"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(2, 1)
        self.timing_grid = grid
        self.timings: dict[str, LineField] = {}
        self.timing_boxes: dict[str, FieldBox] = {}
        for number, name in enumerate(("breath", "prepare", "switch", "set_rest", "rest")):
            edit = self.line(TIMING_LABELS[name], key(name), text(name), width=NUMBER_WIDTH)
            self.timings[name] = edit
            self.timing_boxes[name] = self.box(TIMING_LABELS[name], [edit], [], unit="s")
            grid.addWidget(self.timing_boxes[name], number // 2, number % 2)
        layout.addLayout(grid)

        self.id = self.line("Id", key("id"), text("id"))
        self.id_box = self.box(
            "Id",
            [self.id],
            [],
            "History and coaching follow the id: keep it when you rename the exercise.",
        )
        layout.addWidget(self.id_box)
        layout.addStretch(1)

    def _key(self, name: str) -> Callable[[], KeyPath]:
        return lambda: ("exercise", self.index, name)

    def _text(self, name: str) -> Callable[[str], Apply]:
        def make(typed: str) -> Apply:
            index = self.index
            return lambda draft: draft.set_exercise_text(index, name, typed)

        return make

    def _tempo(self, _typed: str) -> Apply:
        index, texts = self.index, [edit.text() for edit in self.tempo]
        return lambda draft: draft.set_exercise_tempo(index, texts)

    def _dose_kind(self, chosen: object) -> None:
        index = self.index
        self.sink.edit(
            ("exercise", index, "dose-kind"),
            "Dose",
            lambda draft: draft.set_dose_kind(index, str(chosen)),
        )

    def _join(self, chosen: object) -> None:
        index = self.index
        circuit = chosen if isinstance(chosen, str) else None
        self.sink.edit(
            ("exercise", index, "circuit"),
            "Circuit",
            lambda draft: exercise(draft.join_circuit(index, circuit)),
        )

    def _sides(self, each: bool) -> None:
        index = self.index
        self.sink.edit(
            ("exercise", index, "sides"), "Sides", lambda draft: draft.set_sides(index, each)
        )

    def bind(self, index: int) -> None:
        self.index = index

        def at(*names: str) -> list[KeyPath]:
            return [("exercise", index, name) for name in names]

        self.name_box.paths = at("name")
        self.dose_box.paths = at("hold", "breaths", "reps")
        self.sets_box.paths = at("sets")
        self.circuit_box.paths = at("circuit")
        self.sides_box.paths = at("sides")
        self.how_box.paths = at("how")
        self.targets_box.paths = at("targets")
        self.tempo_box.paths = at("tempo")
        for name, box in self.timing_boxes.items():
            box.paths = at(name)
        self.id_box.paths = at("id")

    def belongs(self, path: KeyPath) -> bool:
        return path[:2] == ("exercise", self.index)

    def fill(self, draft: RoutineDraft, checked: Checked) -> None:
        index = self.index
        values = draft.document.exercise_values(index)
        circuit = draft.document.exercise_circuit(index)
        name = shown(values.get("name"))
        self.title.setText(name.strip() or "Exercise")
        items = draft.items()
        item = next(i for i in items if index in i.exercises)
        if circuit is not None and item.circuit == circuit:
            position = index - item.exercises.start + 1
            self.where.setText(
                f"Exercise {position} of {len(item.exercises)} in {draft.circuit_name(circuit)}"
            )
        else:
            self.where.setText(f"Exercise {index + 1} of {draft.exercise_count()}")
        self.name.show_text(name)

        dose = draft.dose_key(index)
        self.dose_kind.show_choice(dose or "hold")
        self.amount.show_text(shown(values.get(dose)) if dose else "")
        self.dose_box.unit.setText(DOSE_UNITS[dose or "hold"])
        self.amount.setAccessibleName(f"Dose: {DOSE_UNITS[dose or 'hold']}")

        in_circuit = circuit is not None
        self.sets_box.setVisible(not in_circuit or "sets" in values)
        self.sets.show_text(shown(values.get("sets")))
        self.circuit.set_choices([("None", None), *[(n, k) for k, n in draft.circuits()]])
        self.circuit.show_choice(circuit)
        self.circuit_box.setVisible(bool(draft.circuits()) or in_circuit)
        self.sides.show_checked(values.get("sides") == "each")
        self.how.show_text(shown(values.get("how")))
        self.targets.show_text(shown(values.get("targets")))

        self.tempo_box.setVisible(dose == "reps" or "tempo" in values)
        tempo = values.get("tempo")
        parts = tempo if isinstance(tempo, list) else []
        usual = effective_default(draft, "tempo").split(", ")
        for number, edit in enumerate(self.tempo):
            edit.show_text(shown(parts[number]) if number < len(parts) else "")
            edit.setPlaceholderText(usual[number] if number < len(usual) else "")

        two_sided = values.get("sides") == "each"
        shown_timings = {
            "breath": dose == "breaths",
            "prepare": True,
            "switch": two_sided,
            "set_rest": not in_circuit,
            "rest": True,
        }
        place = 0
        for key, edit in self.timings.items():
            box = self.timing_boxes[key]
            visible = shown_timings[key] or key in values
            box.setVisible(visible)
            if visible:  # the shown ones side by side, two a row, with no gaps between
                self.timing_grid.addWidget(box, place // 2, place % 2)
                place += 1
            edit.show_text(shown(values.get(key)))
            edit.setPlaceholderText(effective_default(draft, key))
        self.timing_boxes["rest"].label.setText(
            "Rest after (in each round)" if in_circuit else "Rest after"
        )
        self.id.show_text(shown(values.get("id")))
        made = exercise_id(name) if name.strip() else ""
        self.id.setPlaceholderText(made or "needs an id: its name has no letters")
        self.place_problems(checked)


class CircuitForm(Form):
    add_to_circuit = Signal(str)

    def __init__(self, sink: EditSink) -> None:
        super().__init__(sink)
        self.key = ""
        layout = self.layout_
        layout.addWidget(section("Circuit"))
        self.title = heading("Circuit")
        layout.addWidget(self.title)
        explain = plain_label(
            "Its exercises are done one after another, round after round.",
            role="muted",
            wrap=True,
        )
        layout.addWidget(explain)
        layout.addWidget(self.general)

        key, text = self._key, self._text
        self.name = self.line("Circuit name", key("name"), text("name"))
        self.name_box = self.box(
            "Name",
            [self.name],
            [],
            "Spoken as each round starts: \u201cGlute circuit, round 2\u201d.",
        )
        layout.addWidget(self.name_box)
        self.rounds = self.line("Rounds", key("rounds"), text("rounds"), width=AMOUNT_WIDTH)
        self.rounds_box = self.box("Rounds", [self.rounds], [], RANGE_HINT)
        layout.addWidget(self.rounds_box)
        row = QHBoxLayout()
        row.setSpacing(18)
        self.round_rest = self.line(
            "Rest between rounds", key("round_rest"), text("round_rest"), width=NUMBER_WIDTH
        )
        self.round_rest_box = self.box("Rest between rounds", [self.round_rest], [], unit="s")
        row.addWidget(self.round_rest_box)
        self.rest = self.line(
            "Rest after the circuit", key("rest"), text("rest"), width=NUMBER_WIDTH
        )
        self.rest_box = self.box("Rest after the circuit", [self.rest], [], unit="s")
        row.addWidget(self.rest_box)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(4)
        self.members = plain_label("", role="muted", wrap=True, name="Its exercises")
        layout.addWidget(self.members)
        self.add_button = QPushButton("Add an exercise to this circuit")
        self.add_button.setAccessibleName("Add an exercise to this circuit")
        set_role(self.add_button, "quiet")
        self.add_button.clicked.connect(lambda: self.add_to_circuit.emit(self.key))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _key(self, name: str) -> Callable[[], KeyPath]:
        return lambda: ("circuit", self.key, name)

    def _text(self, name: str) -> Callable[[str], Apply]:
        def make(typed: str) -> Apply:
            key = self.key
            return lambda draft: draft.set_circuit_text(key, name, typed)

        return make

    def bind(self, key: str) -> None:
        self.key = key
        self.name_box.paths = [("circuit", key, "name")]
        self.rounds_box.paths = [("circuit", key, "rounds")]
        self.round_rest_box.paths = [("circuit", key, "round_rest")]
        self.rest_box.paths = [("circuit", key, "rest")]

    def belongs(self, path: KeyPath) -> bool:
        return path[:2] == ("circuit", self.key)

    def fill(self, draft: RoutineDraft, checked: Checked) -> None:
        key = self.key
        self.title.setText(draft.circuit_name(key))
        self.name.show_text(shown(draft.value(("circuit", key, "name"))))
        self.name.setPlaceholderText(key)
        self.rounds.show_text(shown(draft.value(("circuit", key, "rounds"))))
        self.round_rest.show_text(shown(draft.value(("circuit", key, "round_rest"))))
        self.round_rest.setPlaceholderText(effective_default(draft, "set_rest"))
        self.rest.show_text(shown(draft.value(("circuit", key, "rest"))))
        self.rest.setPlaceholderText(effective_default(draft, "rest"))
        item = next((i for i in draft.items() if i.circuit == key), None)
        names = [
            draft.exercise_name(i) or f"Exercise {i + 1}" for i in (item.exercises if item else [])
        ]
        self.members.setText("In it: " + ", ".join(names) if names else "")
        self.place_problems(checked)
