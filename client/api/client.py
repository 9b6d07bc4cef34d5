"""The API client: one transport, one attribute per area of the server."""

from __future__ import annotations

from client.api.admin import AdminApi
from client.api.admin_system import AdminSystemApi
from client.api.announcements import AnnouncementsApi
from client.api.attachments import AttachmentsApi
from client.api.audit_log import AuditLogApi
from client.api.auth import AuthApi
from client.api.client_versions import ClientVersionsApi
from client.api.documents import DocumentsApi
from client.api.faq import FaqApi
from client.api.feedback import FeedbackApi
from client.api.mail import MailApi
from client.api.notifications import NotificationsApi
from client.api.openings import OpeningsApi
from client.api.posting import PostingApi
from client.api.quotas import QuotasApi
from client.api.reference_admin import ReferenceAdminApi
from client.api.report_versions import ReportVersionsApi
from client.api.reports import ReportsApi
from client.api.restores import RestoresApi
from client.api.reviews import ReviewsApi
from client.api.search import SearchApi
from client.api.statements import StatementsApi
from client.api.system import SystemApi
from client.api.tls import ServerAddress
from client.api.transport import Transport
from client.api.year_end import YearEndApi
from common.enums import DEFAULT_LANGUAGE, Language


class ApiClient:
    """``api.system.health()``; later areas (auth, documents …) hang off it the same way."""

    def __init__(
        self,
        address: ServerAddress,
        *,
        pinned_pem: str,
        pinned_fingerprint: str,
        language: Language = DEFAULT_LANGUAGE,
    ) -> None:
        self.address = address
        self.transport = Transport(
            address,
            pinned_pem=pinned_pem,
            pinned_fingerprint=pinned_fingerprint,
            language=language,
        )
        self.system = SystemApi(self.transport)
        self.auth = AuthApi(self.transport)
        self.admin = AdminApi(self.transport)
        self.admin_system = AdminSystemApi(self.transport)
        self.restores = RestoresApi(self.transport)
        self.audit_log = AuditLogApi(self.transport)
        self.documents = DocumentsApi(self.transport)
        self.attachments = AttachmentsApi(self.transport)
        self.reviews = ReviewsApi(self.transport)
        self.posting = PostingApi(self.transport)
        self.openings = OpeningsApi(self.transport)
        self.statements = StatementsApi(self.transport)
        self.year_end = YearEndApi(self.transport)
        self.announcements = AnnouncementsApi(self.transport)
        self.feedback = FeedbackApi(self.transport)
        self.faq = FaqApi(self.transport)
        self.report_versions = ReportVersionsApi(self.transport)
        self.notifications = NotificationsApi(self.transport)
        self.mail = MailApi(self.transport)
        self.search = SearchApi(self.transport)
        self.reports = ReportsApi(self.transport)
        self.quotas = QuotasApi(self.transport)
        self.reference_admin = ReferenceAdminApi(self.transport)
        self.client_versions = ClientVersionsApi(self.transport)

    def close(self) -> None:
        self.transport.close()
