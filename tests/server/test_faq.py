"""常见问题 through client/api: an administrator keeps entries per language;
each user reads those of the language their client asks in; the checks name the
field; every change is in the operation log."""

from __future__ import annotations

from common.enums import Language, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.faq import FaqIn
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import clerk
from tests.support.live_server import LiveServer


def test_entries_are_kept_per_language_and_read_by_every_user(live_server: LiveServer) -> None:
    admin = log_in(live_server, add_user(live_server, "faq.admin", [Role.ADMIN]))
    reader = log_in(live_server, clerk(live_server, "faq.clerk"))
    chinese = admin.faq.create(
        FaqIn(
            question="凭证保存后还能修改吗?",
            answer="提交前可以修改;提交后请收回,或在审核退回后修改。已审批的凭证只能红字冲销。",
            tags=["凭证", "冲销", "凭证"],
        )
    )
    assert chinese.tags == ["凭证", "冲销"]  # a repeated tag once
    english = admin.faq.create(
        FaqIn(
            language=Language.EN,
            question="Can I change a voucher after saving it?",
            answer="Before submitting, yes; after approval only by a reversal.",
        )
    )
    assert [e.id for e in reader.faq.for_me()] == [chinese.id]  # the client asks in zh_CN
    reader.transport.language = Language.EN
    assert [e.id for e in reader.faq.for_me()] == [english.id]

    changed = admin.faq.update(
        chinese.id, FaqIn(question="凭证提交后还能修改吗?", answer="请先收回。", tags=["收回"])
    )
    assert changed.question == "凭证提交后还能修改吗?" and changed.updated_by == "faq.admin"
    long_tag = refused(
        admin.faq.create, FaqIn(question="标签太长", answer="见标签", tags=["长" * 41])
    )
    assert (long_tag.status, long_tag.code) == (422, "faq.tag_too_long")
    assert "标签" in long_tag.message
    assert refused(reader.faq.every).status == 403
    admin.faq.delete(english.id)
    assert [e.id for e in admin.faq.every()] == [chinese.id]
    assert refused(admin.faq.delete, english.id).status == 404

    auditor = log_in(live_server, add_user(live_server, "faq.auditor", [Role.AUDITOR]))
    rows = auditor.audit_log.page(AuditLogQuery(target_type="faq")).rows
    assert sorted(r.action for r in rows) == [
        "faq.created",
        "faq.created",
        "faq.deleted",
        "faq.updated",
    ]
