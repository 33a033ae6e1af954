"""API: the caller, accounts, API tokens, the audit log and the trash."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from flask import g, jsonify, request, url_for
from sqlalchemy import select

from .. import thai
from ..db import db
from ..errors import Conflict, ValidationError
from ..models import ApiToken, Category, EvidenceItem, EvidenceSet, ItemFile, User, by_public_id
from ..services import audit, trash, users
from .common import bp, created, json_body, listing, not_found, paginate, require, text_of
from .idempotency import idempotent
from .serialize import BANGKOK, audit_json, token_json, user_json, when

#: Trash kinds in URLs, and how each is named there (public id or row id).
TRASH_KINDS = {"category": Category, "set": EvidenceSet, "item": EvidenceItem, "file": ItemFile}
KIND_OF = {model: kind for kind, model in TRASH_KINDS.items()}


# --------------------------------------------------------------------------- the caller

@bp.get("/me")
def me():
    """Say who is calling, with which role, and how they signed in."""
    user = require()
    return jsonify({**user_json(user), "auth": "token" if g.get("token_auth") else "session"})


# --------------------------------------------------------------------------- accounts

def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        not_found("ไม่พบผู้ใช้นี้")
    return user


@bp.get("/users")
def list_users():
    """List every account (admin)."""
    require("admin")
    return jsonify(listing(db.session.scalars(select(User).order_by(User.username)), user_json))


@bp.post("/users")
@idempotent
def create_user():
    """Create an account (admin)."""
    actor = require("admin")
    body = json_body(("username", "password", "role", "display_name"),
                     required=("username", "password"))
    user = users.create_user(text_of(body, "username"), text_of(body, "password"),
                             text_of(body, "role", "staff"), text_of(body, "display_name", ""),
                             actor=actor)
    return created(user_json(user), url_for("api.list_users"))


@bp.patch("/users/<int:user_id>")
def update_user(user_id: int):
    """Change an account's role, active flag, password or display name (admin)."""
    actor = require("admin")
    user = _user_or_404(user_id)
    body = json_body(("role", "active", "password", "display_name"))
    if "active" in body and not isinstance(body["active"], bool):
        raise ValidationError({"active": "ต้องเป็น true หรือ false"})
    users.update_user(user, actor, role=text_of(body, "role"), active=body.get("active"),
                      password=text_of(body, "password"),
                      display_name=text_of(body, "display_name"))
    return jsonify(user_json(user))


# --------------------------------------------------------------------------- tokens

@bp.get("/tokens")
def list_tokens():
    """List the caller's API tokens (an admin may add ?all=1 for everyone's)."""
    user = require()
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if not (request.args.get("all") == "1" and user.can("admin")):
        stmt = stmt.where(ApiToken.user_id == user.id)
    return jsonify(listing(db.session.scalars(stmt), token_json))


@bp.post("/tokens")  # not @idempotent: a replay would need the secret, which is never stored
def create_token():
    """Make an API token for the caller; the secret is shown in this answer only."""
    user = require()
    body = json_body(("name",), optional=True)
    token, secret = users.create_token(user, text_of(body, "name", ""), actor=user)
    return created({"token": token_json(token), "secret": secret}, url_for("api.list_tokens"))


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens (an admin: anyone's)."""
    user = require()
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and not user.can("admin")):
        not_found("ไม่พบโทเค็นนี้")
    if token.revoked_at is None:
        users.revoke_token(token, actor=user)
    return jsonify(token_json(token))


# --------------------------------------------------------------------------- audit log

def _moment(name: str, errors: dict, end: bool = False) -> datetime | None:
    """Read ?since= / ?until= as naive UTC: a Thai day (whole day for until) or an ISO time."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if "T" in raw:
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            errors[name] = "เวลาไม่ถูกต้อง ตัวอย่าง: 2020-05-15T09:00:00+07:00"
            return None
        if moment.tzinfo is not None:
            try:
                moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
            except OverflowError:
                errors[name] = "เวลาอยู่นอกช่วงที่รองรับ"
                return None
        return moment
    try:
        day = thai.parse_date(raw)
    except thai.ParseError as exc:
        errors[name] = exc.message
        return None
    start = datetime.combine(day + timedelta(days=1 if end else 0), time(), BANGKOK)
    return start.astimezone(timezone.utc).replace(tzinfo=None)


@bp.get("/audit")
def audit_log():
    """Page through the audit log, newest first (admin)."""
    require("admin")
    errors: dict = {}
    since, until = _moment("since", errors), _moment("until", errors, end=True)
    if errors:
        raise ValidationError(errors)
    stmt = audit.query(action=request.args.get("action") or None,
                       username=request.args.get("user") or None,
                       target_type=request.args.get("target_type") or None,
                       since=since, until=until, text=request.args.get("q") or None)
    return jsonify(paginate(stmt, audit_json))


# --------------------------------------------------------------------------- trash

def _ident(obj):
    return obj.id if isinstance(obj, Category) else obj.public_id


def _trash_json(obj) -> dict:
    kind, ident = KIND_OF[type(obj)], _ident(obj)
    deleted_by = db.session.get(User, obj.deleted_by_id) if obj.deleted_by_id else None
    return {"kind": kind, "id": ident, "name": trash.describe(obj),
            **when("deleted_at", obj.deleted_at),
            "deleted_by": {"id": deleted_by.id, "username": deleted_by.username}
            if deleted_by else None,
            "restore_url": url_for("api.restore", kind=kind, ident=ident, _external=True),
            "purge_url": url_for("api.purge", kind=kind, ident=ident, _external=True)}


def _trashed_or_404(kind: str, ident: str):
    model = TRASH_KINDS.get(kind)
    if model is None:
        not_found("ชนิดต้องเป็น category, set, item หรือ file")
    if model is Category:
        obj = (db.session.get(Category, int(ident))
               if ident.isascii() and ident.isdigit() and len(ident) < 10 else None)
    else:
        obj = by_public_id(model, ident)
    if obj is None:
        not_found()
    if not obj.is_deleted:
        raise Conflict("รายการนี้ไม่ได้อยู่ในถังขยะ")
    return obj


@bp.get("/trash")
def list_trash():
    """List what is in the trash, newest first (admin)."""
    require("admin")
    return jsonify(listing(trash.trashed(), _trash_json))


@bp.post("/trash/<kind>/<ident>/restore")
def restore(kind: str, ident: str):
    """Bring a category, set, item or file back from the trash (admin)."""
    user = require("admin")
    obj = _trashed_or_404(kind, ident)
    trash.restore(obj, user)
    return jsonify(restored={"kind": kind, "id": _ident(obj), "name": trash.describe(obj)})


@bp.post("/trash/<kind>/<ident>/purge")
def purge(kind: str, ident: str):
    """Delete a trashed thing for good, with its unshared files (admin)."""
    user = require("admin")
    obj = _trashed_or_404(kind, ident)
    name = trash.describe(obj)
    removed = trash.purge(obj, user)
    return jsonify(purged={"kind": kind, "id": ident, "name": name}, files_removed=removed)
