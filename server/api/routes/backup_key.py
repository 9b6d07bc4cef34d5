"""The backup key's export (备份密钥): whether an administrator has confirmed
that the key exported on the server (``countersign-server export-backup-key``)
is kept offline. The key itself never travels over the API."""

from __future__ import annotations

from fastapi import Request

from common.schemas.system_status import BackupKeyOut
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.core import audit
from server.services.operations import backup_crypto
from server.services.operations.system_status import key_status

router = api_router(prefix="/admin/backups/key", tags=["admin"])


@router.get("", response_model=BackupKeyOut)
def key_state(caller: AdminAuth, request: Request) -> BackupKeyOut:
    """The key's id, when it was exported and whether that was confirmed."""
    return key_status(request.app.state.settings.data_dir)


@router.post("/confirm", response_model=BackupKeyOut)
def confirm_export(
    caller: FreshAdmin, session: Transaction, request: Request, origin: RequestOrigin, now: Now
) -> BackupKeyOut:
    """The exported key is kept offline (refused, 409, before any export); logged."""
    data_dir = request.app.state.settings.data_dir
    known = backup_crypto.confirm(data_dir, by=caller.user.username, now=now)
    audit.record(
        session,
        caller.actor,
        "backup.key_confirmed",
        origin=origin,
        at=now,
        target_type="backup_key",
        target_id=known["key_id"],
        after={"exported_at": known.get("exported_at"), "exported_to": known.get("exported_to")},
    )
    return key_status(data_dir)
