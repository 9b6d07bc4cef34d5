"""问题反馈 through client/api: a clerk reports a problem with a screenshot and
the (already cleaned) log; an administrator reads it, answers — the answer is in
the clerk's notifications and beside the report — and closes it; the checks name
the field; answering and closing are in the operation log."""

from __future__ import annotations

import base64
import io

import segno

from common.enums import NotificationKind, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.feedback import FeedbackAnswerIn, FeedbackIn, FeedbackState
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import clerk
from tests.support.live_server import LiveServer


def png() -> bytes:
    out = io.BytesIO()
    segno.make("countersign").save(out, kind="png", scale=4)
    return out.getvalue()


def test_a_report_with_a_screenshot_reaches_the_console_and_the_answer_comes_back(
    live_server: LiveServer,
) -> None:
    reporter = log_in(live_server, clerk(live_server, "fb.clerk"))
    admin = log_in(live_server, add_user(live_server, "fb.admin", [Role.ADMIN]))
    picture = png()
    sent = reporter.feedback.send(
        FeedbackIn(
            description="保存凭证时提示“网络中断”,但网络正常。\n第二次保存成功。",
            screen="voucher",
            client_version="1.2.3",
            screenshot=base64.b64encode(picture),
            log="2026-12-06 10:00:01 WARNING client.api: POST /documents failed",
        )
    )
    assert sent.state is FeedbackState.OPEN and sent.has_screenshot and sent.has_log
    assert sent.username == "fb.clerk"

    assert refused(reporter.feedback.listing).status == 403  # the console's, not a clerk's
    listed = [f for f in admin.feedback.listing(FeedbackState.OPEN) if f.id == sent.id]
    assert listed and listed[0].description.startswith("保存凭证时提示")
    detail = admin.feedback.detail(sent.id)
    assert detail.screenshot == picture  # byte for byte
    assert detail.log is not None and "POST /documents failed" in detail.log
    assert detail.screen == "voucher" and detail.client_version == "1.2.3"

    answered = admin.feedback.answer(
        sent.id, FeedbackAnswerIn(body="已排查:服务器当时在切换,数据未丢失。")
    )
    assert answered.state is FeedbackState.ANSWERED
    notices = reporter.notifications.latest().items
    (notice,) = [n for n in notices if n.kind is NotificationKind.FEEDBACK]
    assert "已排查:服务器当时在切换" in notice.text and "保存凭证时提示" in notice.text
    (mine,) = [f for f in reporter.feedback.mine() if f.id == sent.id]
    assert [r.body for r in mine.replies] == ["已排查:服务器当时在切换,数据未丢失。"]
    assert mine.replies[0].author == "fb.admin"  # who answered, by name

    closed = admin.feedback.close(sent.id)
    assert closed.state is FeedbackState.CLOSED and closed.closed_at is not None
    assert sent.id not in [f.id for f in admin.feedback.listing(FeedbackState.OPEN)]
    again = refused(admin.feedback.answer, sent.id, FeedbackAnswerIn(body="再补充一句"))
    assert (again.status, again.code) == (409, "feedback.closed")

    auditor = log_in(live_server, add_user(live_server, "fb.auditor", [Role.AUDITOR]))
    rows = auditor.audit_log.page(AuditLogQuery(target_type="feedback")).rows
    assert sorted(r.action for r in rows) == ["feedback.answered", "feedback.closed"]


def test_bad_reports_are_refused_naming_the_field(live_server: LiveServer) -> None:
    reporter = log_in(live_server, clerk(live_server, "fb.clerk2"))
    not_png = refused(
        reporter.feedback.send,
        FeedbackIn(description="截图不是图片", screenshot=base64.b64encode(b"GIF89a....")),
    )
    assert (not_png.status, not_png.code) == (422, "feedback.screenshot_not_png")
    assert "截图" in not_png.message and "PNG" in not_png.message
    short = refused(reporter.feedback.send, FeedbackIn.model_construct(description="坏"))
    assert short.status == 422 and "description" in short.message
    assert reporter.feedback.mine() == []  # nothing half-saved
