"""委托: choose who takes over the item in hand. The list comes from the server
(only reviewers who could act on the item's current step), so the choice offered
is the choice the server will accept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from client.core.labels import level_name
from common.schemas.reviews import DelegateCandidateOut


class DelegateDialog(QDialog):
    def __init__(self, candidates: list[DelegateCandidateOut], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("delegateDialog")
        self.setWindowTitle(self.tr("委托他人审批"))
        self.people = QComboBox()
        self.people.setObjectName("delegateTo")
        for candidate in candidates:
            label = f"{candidate.display_name}({level_name(candidate.level)})"
            self.people.addItem(label, candidate.user_id)
        self.opinion = QLineEdit()
        self.opinion.setObjectName("delegateOpinion")
        self.opinion.setMaxLength(500)
        self.opinion.setPlaceholderText(self.tr("例如:本人出差,委托处理"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(bool(candidates))
        form = QFormLayout(self)
        if not candidates:
            form.addRow(QLabel(self.tr("没有可以委托的审核人")))
        form.addRow(self.tr("委托给"), self.people)
        form.addRow(self.tr("说明"), self.opinion)
        form.addRow(buttons)

    def chosen(self) -> int | None:
        data = self.people.currentData()
        return int(data) if data is not None else None
