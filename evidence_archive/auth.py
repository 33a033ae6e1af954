"""Sign-in, roles, API tokens, CSRF and login throttling."""
from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, g, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import case, func, select

from . import access
from .db import db
from .models import AuditEvent, User, utcnow
from .services import users

login_manager = LoginManager()
csrf = CSRFProtect()


@login_manager.user_loader
def _load_user(user_id: str):
    """Load the session's user, unless the request presents a token, which then decides alone."""
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


@login_manager.request_loader
def _load_user_from_token(req):
    """Authenticate `Authorization: Bearer <token>` requests (the API)."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = users.user_for_token(header[7:].strip())
    if user is not None:
        g.token_auth = True
    return user


def visible(target) -> bool:
    """Tell whether the current visitor (a page's, an API call's) may see a set, item or file."""
    return access.may_see(target, drafts=can("staff"))


def role_required(role: str):
    """Let a view run only for signed-in users holding `role` or a stronger one."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def can(role: str) -> bool:
    """Tell whether the current visitor holds `role` (anonymous holds none)."""
    return bool(current_user.is_authenticated and current_user.can(role))


def is_safe_next(target: str | None) -> bool:
    """Accept only a path on this site (``/years/2563/``) as a redirect target.

    Anything with a scheme or host, a protocol-relative ``//``, a backslash or a
    control character is refused: browsers read ``http:///evil.com`` and
    ``/\\evil.com`` as other sites, and a CR/LF would break the header.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(ch) < 0x20 or ch in "\\\x7f" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_referrer() -> str | None:
    """Return the path (and query) of the page this request came from, if it is on this site."""
    parts = urlsplit(request.referrer or "")
    if not parts.path or parts.netloc != request.host:
        return None
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return target if is_safe_next(target) else None


def login_throttled(username: str) -> bool:
    """Tell whether this address failed too often lately, for this name or for any names.

    Failures count per (name, address) pair (``LOGIN_MAX_FAILURES``) and per
    address over all names (``LOGIN_MAX_FAILURES_PER_ADDRESS``), never per name
    alone: whoever guesses `staff`'s password slows down only their own address,
    and the real staff member still signs in from theirs.  The address is the
    client's as ``TRUSTED_PROXIES`` allows (see http.init_app).
    """
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["LOGIN_FAILURE_WINDOW"])
    same_name = case((AuditEvent.username == username.strip().lower(), 1))
    from_address, for_name = db.session.execute(
        select(func.count(), func.count(same_name)).select_from(AuditEvent).where(
            AuditEvent.action == "login_failed", AuditEvent.at >= since,
            AuditEvent.ip == (request.remote_addr or ""))).one()
    return (for_name >= config["LOGIN_MAX_FAILURES"]
            or from_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"])


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "กรุณาเข้าสู่ระบบก่อน"
    login_manager.login_message_category = "warning"
    csrf.init_app(app)
