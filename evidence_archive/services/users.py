"""Accounts and API tokens."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import columns
from ..db import db
from ..errors import ValidationError
from ..models import ROLES, ApiToken, User, utcnow
from ..thai import normalize_text
from . import audit

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{3,100}$")
MIN_PASSWORD = 8
TOKEN_PREFIX = "ea_"


def get_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def create_user(username: str, password: str, role: str = "staff", display_name: str = "",
                actor: User | None = None) -> User:
    """Create an account; user names are case-insensitive."""
    username = (username or "").strip().lower()
    errors = {}
    if not USERNAME_RE.match(username):
        errors["username"] = "ชื่อผู้ใช้ต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ . _ - @ ยาว 3–100 ตัว"
    elif get_by_username(username):
        errors["username"] = "ชื่อผู้ใช้นี้ถูกใช้แล้ว"
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร"
    if role not in ROLES:
        errors["role"] = "บทบาทต้องเป็น admin, staff หรือ assessor"
    display_name = normalize_text(display_name)
    columns.check(errors, "display_name", display_name, User.display_name)
    if errors:
        raise ValidationError(errors)
    user = User(username=username, role=role, display_name=display_name or username)
    user.set_password(password, _hash_method())
    db.session.add(user)
    db.session.flush()
    audit.record("create", user, f"สร้างผู้ใช้ {username} ({role})", user=actor)
    db.session.commit()
    return user


def update_user(user: User, actor: User | None, role: str | None = None, active: bool | None = None,
                password: str | None = None, display_name: str | None = None) -> User:
    """Change role, active flag, password or display name, refusing to drop the last admin."""
    if role is not None and role not in ROLES:
        raise ValidationError({"role": "บทบาทต้องเป็น admin, staff หรือ assessor"})
    losing_admin = user.role == "admin" and ((role and role != "admin") or active is False)
    if losing_admin and _active_admins() <= 1:
        raise ValidationError({"role": "ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน"})
    errors: dict = {}
    display_name = None if display_name is None else normalize_text(display_name)
    columns.check(errors, "display_name", display_name, User.display_name)
    if errors:  # checked before anything changes, so a refusal leaves the user as it was
        raise ValidationError(errors)
    if password is not None and len(password) < MIN_PASSWORD:
        raise ValidationError({"password": f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร"})
    changes = {}
    if role is not None and role != user.role:
        changes["role"] = [user.role, role]
        user.role = role
    if active is not None and active != user.active:
        changes["active"] = [user.active, active]
        user.active = active
    if display_name is not None:
        user.display_name = display_name or user.username
    if password is not None:
        user.set_password(password, _hash_method())
        changes["password"] = "changed"
    audit.record("update", user, f"แก้ไขผู้ใช้ {user.username}", changes, user=actor)
    db.session.commit()
    return user


def sign_in(username: str, password: str) -> User | None:
    """Check a sign-in; record it (or the failure) on the audit log; return the user or None.

    The caller logs the user into the session; a disabled account never signs in.
    """
    user = get_by_username(username)
    if user is None or not user.active or not user.check_password(password):
        failed_sign_in(username, f"เข้าสู่ระบบไม่สำเร็จ: {username}")
        return None
    user.last_login_at = utcnow()
    audit.record("login", user, f"{user.username} เข้าสู่ระบบ", user=user)
    db.session.commit()
    return user


def failed_sign_in(username: str, summary: str) -> None:
    """Record a failed (or refused) sign-in: login throttling counts these."""
    audit.record("login_failed", summary=summary, username=username)
    db.session.commit()


def signed_out(user: User) -> None:
    audit.record("logout", user, f"{user.username} ออกจากระบบ")
    db.session.commit()


def set_locale(user: User, code: str) -> None:
    """Keep a signed-in user's interface language for their next visit."""
    user.locale = code
    db.session.commit()


def _active_admins() -> int:
    return len(db.session.scalars(select(User).where(User.role == "admin",
                                                     User.active.is_(True))).all())


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "", actor: User | None = None) -> tuple[ApiToken, str]:
    """Make an API token for an active user; the secret is returned once and only its hash is kept.

    A disabled account gets none: its tokens would never sign in, and a token
    made for it would start working the day it is enabled again.
    """
    errors: dict = {}
    if not user.active:
        errors["user"] = f"บัญชี {user.username} ถูกปิดใช้งานอยู่ จึงสร้างโทเค็นไม่ได้ (เปิดใช้งานบัญชีก่อน)"
    name = normalize_text(name)  # one line, no bidirectional controls: it is shown in lists
    columns.check(errors, "name", name, ApiToken.name)
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    audit.record("token_create", token, f"สร้างโทเค็น {token.prefix}… ของ {user.username}",
                 user=actor or user)
    db.session.commit()
    return token, secret


def revoke_token(token: ApiToken, actor: User | None = None) -> None:
    token.revoked_at = utcnow()
    audit.record("token_revoke", token, f"ยกเลิกโทเค็น {token.prefix}…", user=actor or token.user)
    db.session.commit()


TOKEN_USE_NOTED_EVERY = timedelta(minutes=1)


def user_for_token(secret: str) -> User | None:
    """Return the active user owning a live token, noting when it was last used.

    The note is written at most once a minute per token: a write (and, on
    SQLite, the database's one write lock and an fsync) for every read of the
    API would make each search wait behind every upload.
    """
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now, last = utcnow(), token.last_used_at  # naive UTC both
    if last is None or now - last >= TOKEN_USE_NOTED_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token.user


def list_tokens(user: User | None = None) -> list[ApiToken]:
    """List the API tokens of one user, or of everyone, by user name then oldest first."""
    query = select(ApiToken).join(ApiToken.user).order_by(User.username, ApiToken.created_at,
                                                          ApiToken.id)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def tokens_of(user: User) -> list[ApiToken]:
    """List a user's API tokens, newest first (revoked ones too)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def change_password(user: User, current: str, new: str, confirm: str) -> User:
    """Change one's own password after checking the current one."""
    errors = {}
    if not user.check_password(current or ""):
        errors["current"] = "รหัสผ่านปัจจุบันไม่ถูกต้อง"
    if len(new or "") < MIN_PASSWORD:
        errors["password"] = f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร"
    elif new != confirm:
        errors["confirm"] = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"
    if errors:
        raise ValidationError(errors)
    return update_user(user, user, password=new)
