"""审批岗位: who may approve what. A reviewer acts on an item only with a post
(业务主管 / 管理岗 / 分管领导) at the item's unit or above it; each post may carry
a monthly limit. The list shows, for each post, how far today's approval rules
let it approve.

Posts are saved per person: the server replaces one reviewer's posts as a whole,
asks for a fresh authenticator code and records the change in the operation log.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from client.admin.page_base import AdminPage, ask_yes_no, lay_out_list_page, page_title
from client.admin.reviewer_posts.dialog import PostDialog
from client.admin.reviewer_posts.model import PostsModel
from client.api import ApiClient, ApiError
from client.core.changes import Changed
from client.core.labels import level_name
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from common.enums import Role
from common.schemas.admin import UnitOut, UserOut
from common.schemas.approval_admin import ApprovalRuleOut, ReviewerPostIn, ReviewerPostOut

Loaded = tuple[list[ReviewerPostOut], list[UserOut], list[UnitOut], list[ApprovalRuleOut]]


def _load(api: ApiClient) -> Loaded:
    admin = api.admin
    return admin.reviewer_posts(), admin.users(), admin.units(), admin.approval_rules()


def as_input(post: ReviewerPostOut) -> ReviewerPostIn:
    return ReviewerPostIn(unit_id=post.unit_id, level=post.level, monthly_limit=post.monthly_limit)


class ReviewerPostsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("postsMessage")
        self._generation = 0
        self.loaded = False
        self._add_for: int | None = None  # a person to give a post once the list is in
        self.users: list[UserOut] = []
        self.units: list[UnitOut] = []
        self.dialog: PostDialog | None = None
        self.title = page_title("postsTitle")
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("add", lambda: self.open_dialog()),
            ("edit", lambda: self.open_dialog(post=self.selected())),
            ("end", self.end_post),
            ("refresh", lambda: self.refresh()),
        ):
            button = QPushButton()
            button.setObjectName(f"posts_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = PostsModel()
        self.table = ListTable(self.model, "postsTable")
        self.table.doubleClicked.connect(lambda _: self.open_dialog(post=self.selected()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer())
        self.without_post = QLabel()
        self.without_post.setObjectName("reviewersWithoutPost")
        self.without_post.setWordWrap(True)
        set_state(self.without_post, "warn")
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons[key] for key in ("add", "edit", "end", "refresh")],
            message=self.message,
            hint=self.hint,
            above=[self.without_post],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._offer()

    def retranslate(self) -> None:
        self.title.setText(self.tr("审批岗位"))
        for key, text in (
            ("add", self.tr("新增岗位")),
            ("edit", self.tr("修改")),
            ("end", self.tr("结束岗位")),
            ("refresh", self.tr("刷新")),
        ):
            self.buttons[key].setText(text)
        self.table.retranslate(self.tr("筛选:审批人、岗位、单位…"))
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "审核员须有审批岗位才能审批:岗位在某单位即管该单位及其下级单位的单据,"
                "高一级岗位可代低一级审批。可审批金额由审批规则决定(见“审批规则”)。"
                "保存需要重新验证动态口令,并记入操作日志。"
            )
        )
        self._show_without_post()
        if self.dialog is not None:
            self.dialog.retranslate()

    # -- loading ---------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.loaded = False
        self.users, self.units = [], []
        self.model.set_data([], [], [])
        self.message.clear()
        self._show_without_post()
        if self.dialog is not None:
            self.dialog.reject()

    def refresh(self, *, select: tuple[int, int, str] | None = None) -> None:
        """Posts, people, units and rules; ``select``: (user, unit, level) to select."""
        self._generation += 1
        generation = self._generation

        def loaded(answer: Loaded) -> None:
            if generation != self._generation:
                return
            posts, users, units, rules = answer
            self.loaded = True
            self.users, self.units = list(users), list(units)
            self.model.set_data(list(posts), self.units, list(rules))
            self._show_without_post()
            if select is not None:
                user_id, unit_id, level = select
                self.table.select_where(
                    lambda p: (p.user_id, p.unit_id, p.level) == (user_id, unit_id, level)
                )
            self._offer()
            if self._add_for is not None:
                person, self._add_for = self._add_for, None
                self.open_dialog(user_id=person)

        self.run(_load, loaded)

    def add_post_for(self, user_id: int) -> None:
        """From 用户管理: a reviewer without a post gets the add dialog, with the
        list fresh (the role was granted a moment ago)."""
        self._add_for = user_id
        self.refresh()

    def reviewers(self) -> list[UserOut]:
        """Active people holding the reviewer role: only they can hold a post."""
        return [u for u in self.users if Role.REVIEWER in u.roles and u.is_active]

    def reviewers_without_post(self) -> list[UserOut]:
        holding = {post.user_id for post in self.model.rows}
        return [user for user in self.reviewers() if user.id not in holding]

    def _show_without_post(self) -> None:
        missing = self.reviewers_without_post() if self.loaded else []
        self.without_post.setVisible(bool(missing))
        names = "、".join(f"{u.display_name}({u.username})" for u in missing)
        self.without_post.setText(
            self.tr("以下审核员还没有审批岗位,目前什么也不能审批:{names}").format(names=names)
        )

    def selected(self) -> ReviewerPostOut | None:
        return self.table.selected()

    def _offer(self) -> None:
        chosen = self.selected() is not None
        self.buttons["add"].setEnabled(self.loaded)
        self.buttons["edit"].setEnabled(chosen)
        self.buttons["end"].setEnabled(chosen)

    # -- add / change / end ----------------------------------------------------
    def open_dialog(
        self, *, post: ReviewerPostOut | None = None, user_id: int | None = None
    ) -> PostDialog | None:
        """A new post (for ``user_id`` if given) or a change to ``post``."""
        if self.dialog is not None or not self.loaded:
            return self.dialog
        dialog = PostDialog(
            self.reviewers(), self.units, self.context.language, post=post, user_id=user_id,
            parent=self,
        )  # fmt: skip
        dialog.submitted.connect(lambda person, body: self._save(dialog, person, body))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: PostDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def posts_of(self, user_id: int) -> list[ReviewerPostOut]:
        return [post for post in self.model.rows if post.user_id == user_id]

    def _save(self, dialog: PostDialog, user_id: int, body: ReviewerPostIn) -> None:
        """The person's posts with this one added, or put in place of the one changed."""
        replaced = dialog.post
        if replaced is not None:
            user_id = replaced.user_id  # a change never moves a post to someone else
        kept = [
            as_input(post)
            for post in self.posts_of(user_id)
            if replaced is None or (post.unit_id, post.level) != (replaced.unit_id, replaced.level)
        ]

        def saved(_: list[ReviewerPostOut]) -> None:
            if self.dialog is dialog:
                dialog.accept()
            self.say(self.tr("已保存审批岗位:{post}").format(post=self._describe(user_id, body)))
            self.context.changes.announce(Changed.USERS)
            self.refresh(select=(user_id, body.unit_id, body.level.value))

        def refused(error: Exception) -> bool:
            if self.dialog is not dialog:
                return False
            dialog.set_busy(False)
            field = error.params.get("field") if isinstance(error, ApiError) else None
            dialog.show_error(describe(error), field)
            return True

        dialog.set_busy(True)
        self.run(
            lambda api: api.admin.set_reviewer_posts(user_id, [*kept, body]), saved, failure=refused
        )

    def end_post(self) -> None:
        post = self.selected()
        if post is None:
            return
        described = self._describe(post.user_id, as_input(post))

        def end() -> None:
            kept = [as_input(p) for p in self.posts_of(post.user_id) if p != post]

            def ended(_: list[ReviewerPostOut]) -> None:
                self.say(self.tr("已结束审批岗位:{post}").format(post=described))
                self.context.changes.announce(Changed.USERS)
                self.refresh()

            self.run(lambda api: api.admin.set_reviewer_posts(post.user_id, kept), ended)

        self.pending_confirm = ask_yes_no(
            self,
            "endPostConfirm",
            self.tr("结束审批岗位"),
            self.tr("结束 {post}?此后此人不能再以该岗位审批,已审批的不受影响。").format(
                post=described
            ),
            on_yes=end,
            on_closed=self._confirm_closed,
        )

    def _confirm_closed(self) -> None:
        self.pending_confirm = None

    def _describe(self, user_id: int, post: ReviewerPostIn) -> str:
        person = next((u for u in self.users if u.id == user_id), None)
        who = f"{person.display_name}({person.username})" if person else f"#{user_id}"
        unit = next((u for u in self.units if u.id == post.unit_id), None)
        where = f"{unit.code} {unit.name}" if unit else f"#{post.unit_id}"
        return f"{who} {level_name(post.level)} @ {where}"

    def _prompt_closed(self) -> None:
        super()._prompt_closed()
        if self.dialog is not None:
            self.dialog.set_busy(False)
