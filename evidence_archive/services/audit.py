"""The audit log: record every change in the same transaction as the change."""
from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from .. import columns
from ..db import db
from ..models import AuditEvent, User

ACTIONS = {
    # action: Thai label shown in the log
    "create": "สร้าง", "update": "แก้ไข", "publish": "เผยแพร่", "unpublish": "ยกเลิกเผยแพร่",
    "delete": "ย้ายไปถังขยะ", "restore": "กู้คืน", "purge": "ลบถาวร", "upload": "อัปโหลด",
    "download": "ดาวน์โหลด", "login": "เข้าสู่ระบบ", "login_failed": "เข้าสู่ระบบไม่สำเร็จ",
    "logout": "ออกจากระบบ", "move": "ย้าย", "copy_year": "คัดลอกปี", "import": "นำเข้า",
    "token_create": "สร้างโทเค็น", "token_revoke": "ยกเลิกโทเค็น",
    "plugin_disable": "ปิดใช้งานปลั๊กอิน", "plugin_enable": "เปิดใช้งานปลั๊กอิน",
}


def _actor(user: User | None):
    if user is not None:
        return user
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(action: str, target=None, summary: str = "", details: dict | None = None,
           user: User | None = None, username: str = "") -> AuditEvent:
    """Add an audit event to the session; the caller's commit saves it with the change."""
    actor = _actor(user)
    if target is not None and getattr(target, "id", 0) is None:
        db.session.flush()  # a new row gets its id, so the event can point at it
    event = AuditEvent(
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        summary=summary,
        details=details or {},
        user_id=actor.id if actor else None,
        # A failed sign-in records the name as typed, however long: shortened to fit.
        username=actor.username if actor else columns.fit(username, AuditEvent.username),
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    return event


def record_download(target, summary: str, **details) -> None:
    """Log a download (who, or anonymous and the address) and commit; HEAD only asks the size."""
    if has_request_context() and request.method == "HEAD":
        return
    if not (has_request_context() and current_user and current_user.is_authenticated):
        details["anonymous"] = True
    record("download", target, summary, details)
    db.session.commit()


def query(action: str | None = None, username: str | None = None, target_type: str | None = None,
          since: datetime | None = None, until: datetime | None = None, text: str | None = None):
    """Build a select of audit events, newest first, with the given filters."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if target_type:
        stmt = stmt.where(AuditEvent.target_type == target_type)
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    if until:
        stmt = stmt.where(AuditEvent.at < until)
    if text:
        stmt = stmt.where(AuditEvent.summary.contains(text))
    return stmt
