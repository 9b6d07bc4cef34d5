"""The query screen's people filters under 更多条件: 制单人 and 审核人 (who decided
a step: approved, rejected or returned it), and 只看我制的单. A person is picked by
name, user name or the pinyin initials of the name (“lkj” finds 李会计); the query
gets the id.

The people offered are those the server names (``api.search.people``: colleagues
and the reviewers above, never the whole user list). A picker matches at once
against everyone the server has named so far; after a pause in the typing it asks
for the text (``wanted``; the page asks in the background) and the answer widens
the list when it comes. A name typed but not chosen is settled when it names one
person only, as the code pickers do."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QSignalBlocker, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QCompleter, QLabel, QLineEdit, QWidget

from client.widgets.code_picker import initials
from common.schemas.search import DocumentQuery, PersonOut


class PersonPicker(QLineEdit):
    picked = Signal(object)  # int | None
    entered = Signal()  # Enter pressed with a person chosen: search
    wanted = Signal(str)  # the typed text, to ask the server for after a pause

    LIMIT = 30
    PAUSE_MS = 300

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_id: int | None = None
        self._known: dict[int, PersonOut] = {}
        self._keys: dict[int, tuple[str, str, str]] = {}
        self._shown: dict[str, PersonOut] = {}  # the popup's labels
        self._quiet = False  # the text is being set to a choice, not typed
        self._model = QStringListModel(self)
        self.picker = QCompleter(self._model, self)
        self.picker.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.picker.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.picker)
        self.picker.activated.connect(self._choose_label)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(self.PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self.textChanged.connect(self._changed)
        self.textEdited.connect(lambda _text: self._offer())
        self.editingFinished.connect(self.settle)
        self.returnPressed.connect(self._enter)

    def label(self, person: PersonOut) -> str:
        return self.tr("{name}({username})").format(
            name=person.display_name, username=person.username
        )

    def person(self, person_id: int | None) -> PersonOut | None:
        return self._known.get(person_id) if person_id is not None else None

    # -- the people known ---------------------------------------------------
    def add_people(self, people: Iterable[PersonOut]) -> None:
        """People the server named: offered from now on. The choice shown takes a
        changed name; text typed meanwhile is matched again."""
        for person in people:
            self._known[person.id] = person
            name = person.display_name.lower()
            self._keys[person.id] = (person.username.lower(), name, initials(person.display_name))
        chosen = self.person(self.current_id)
        if chosen is not None and self.text() != self.label(chosen):
            self._show(chosen)
        if self.current_id is None and self.text().strip():
            if self.hasFocus():
                self._offer()
            else:
                self.settle()

    def forget_people(self) -> None:
        """Another user logged in: their colleagues are not these."""
        self._known.clear()
        self._keys.clear()
        self.set_current(None)

    def matches(self, text: str) -> list[PersonOut]:
        """Names and user names starting with the text first, then containing it."""
        needle = text.strip().lower()
        people = sorted(self._known.values(), key=lambda p: p.username)
        if not needle:
            return people[: self.LIMIT]
        starting, containing = [], []
        for person in people:
            keys = self._keys[person.id]
            if needle == self.label(person).lower() or any(k.startswith(needle) for k in keys):
                starting.append(person)
            elif any(needle in key for key in keys):
                containing.append(person)
        return (starting + containing)[: self.LIMIT]

    # -- choosing -----------------------------------------------------------
    def set_current(self, person_id: int | None) -> None:
        """Show this person (if known; else nothing, and nothing is searched)."""
        person = self.person(person_id)
        self.current_id = person.id if person is not None else None
        self._show(person)

    def set_person(self, person: PersonOut | None) -> None:
        if person is not None:
            self.add_people([person])
        self.set_current(person.id if person is not None else None)

    def settle(self) -> None:
        """Text that names one person only (a whole label, user name or name, or
        the only match) chooses them; otherwise it stays unresolved."""
        text = self.text().strip()
        if self.current_id is not None or not text:
            return
        lowered = text.lower()
        exact = [
            p
            for p in self._known.values()
            if lowered in (self.label(p).lower(), p.username.lower(), p.display_name.lower())
        ]
        found = exact or self.matches(text)
        if len(found) == 1:
            self._choose(found[0])

    def _choose(self, person: PersonOut) -> None:
        self.current_id = person.id
        self._show(person)
        self.picked.emit(person.id)

    def _choose_label(self, label: str) -> None:
        person = self._shown.get(label)
        if person is not None:
            self._choose(person)

    def _show(self, person: PersonOut | None) -> None:
        self._quiet = True
        self.setText(self.label(person) if person is not None else "")
        self._quiet = False

    def _changed(self, _text: str) -> None:
        """Typed (or set) text is no longer the choice; ask the server after a pause."""
        if self._quiet:
            return
        if self.current_id is not None:
            self.current_id = None
            self.picked.emit(None)
        if self.text().strip():
            self._pause.start()
        else:
            self._pause.stop()

    def _ask(self) -> None:
        text = self.text().strip()
        if self.current_id is None and text and text not in self._shown:  # not a label
            self.wanted.emit(text)

    def _offer(self) -> None:
        found = self.matches(self.text())
        self._shown = {self.label(p): p for p in found}
        self._model.setStringList(list(self._shown))
        if found:
            self.picker.complete()

    def _enter(self) -> None:
        popup = self.picker.popup()
        if popup is not None:
            popup.hide()
        self.settle()
        if self.current_id is not None:
            self.entered.emit()


class PeopleFilters(QObject):
    """The two pickers, their captions and 只看我制的单; the filter bar lays them out."""

    wanted = Signal(str)  # ask the server who matches this text
    entered = Signal()  # Enter on a chosen person: search
    edited = Signal()  # a picker's text changed (the folded section counts its filters)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.me: PersonOut | None = None
        self.maker = self._picker("queryMaker")
        self.reviewer = self._picker("queryReviewer")
        self.mine = QCheckBox()
        self.mine.setObjectName("queryMine")
        self.mine.setEnabled(False)  # until someone is logged in
        self.mine.toggled.connect(self._mine_toggled)
        self.captions = {"maker": QLabel(), "reviewer": QLabel()}
        self.retranslate()

    def _picker(self, name: str) -> PersonPicker:
        picker = PersonPicker()
        picker.setObjectName(name)
        picker.setClearButtonEnabled(True)
        picker.setMinimumWidth(220)
        picker.textChanged.connect(lambda _text: self.edited.emit())
        picker.entered.connect(self.entered)
        picker.wanted.connect(self.wanted)
        return picker

    def pickers(self) -> dict[str, PersonPicker]:
        return {"maker": self.maker, "reviewer": self.reviewer}

    def widgets(self) -> list[QWidget]:
        return [*self.captions.values(), self.maker, self.mine, self.reviewer]

    def retranslate(self) -> None:
        self.captions["maker"].setText(self.tr("制单人"))
        self.captions["reviewer"].setText(self.tr("审核人"))
        for picker in self.pickers().values():
            picker.setPlaceholderText(self.tr("任何人(可输入姓名、用户名或拼音首字母)"))
        self.reviewer.setToolTip(self.tr("审核过单据的人:通过、不通过或退回修改"))
        self.mine.setText(self.tr("只看我制的单"))

    # -- who ----------------------------------------------------------------
    def set_me(self, me: PersonOut | None) -> None:
        """Who is logged in; the people the one before could see are forgotten."""
        self.me = me
        for picker in self.pickers().values():
            picker.forget_people()
        self._show_mine(False)
        self.mine.setEnabled(me is not None)

    def found(self, people: Iterable[PersonOut]) -> None:
        people = list(people)
        for picker in self.pickers().values():
            picker.add_people(people)

    def named(self, query: DocumentQuery) -> list[PersonOut]:
        """The people the query names, to be remembered with it."""
        found = [self.maker.person(query.maker_id), self.reviewer.person(query.reviewer_id)]
        return [person for person in found if person is not None]

    def _mine_toggled(self, checked: bool) -> None:
        """只看我制的单: the maker is the user, fixed until unticked."""
        self.maker.set_person(self.me if checked else None)
        self.maker.setEnabled(not checked)

    def _show_mine(self, checked: bool) -> None:
        blocker = QSignalBlocker(self.mine)
        self.mine.setChecked(checked)
        blocker.unblock()
        self.maker.setEnabled(not checked)

    # -- the query ----------------------------------------------------------
    def show(self, query: DocumentQuery, people: Iterable[PersonOut]) -> None:
        """A person neither named here nor known already is left out (not searched)."""
        self.found(people)
        self.maker.set_current(query.maker_id)
        self.reviewer.set_current(query.reviewer_id)
        self._show_mine(self.me is not None and query.maker_id == self.me.id)

    def settle(self) -> None:
        for picker in self.pickers().values():
            picker.settle()

    def unresolved(self) -> str | None:
        for name, picker in self.pickers().items():
            if picker.text().strip() and picker.current_id is None:
                return self.captions[name].text()
        return None

    def count(self) -> int:
        return sum(1 for picker in self.pickers().values() if picker.text().strip())

    def describe(self, query: DocumentQuery) -> list[tuple[str, str]]:
        found = []
        for name, chosen in (("maker", query.maker_id), ("reviewer", query.reviewer_id)):
            picker = self.pickers()[name]
            person = picker.person(chosen)
            if chosen is not None:
                label = picker.label(person) if person is not None else f"#{chosen}"
                found.append((self.captions[name].text(), label))
        return found
