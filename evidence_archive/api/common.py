"""The API blueprint and what every route shares: authentication, CSRF, bodies, errors, paging."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, jsonify, make_response, request, url_for
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy import func, select
from wtforms.validators import ValidationError as CsrfInvalid

from ..auth import visible
from ..db import db
from ..errors import ArchiveError, ValidationError
from ..models import by_public_id
from ..services import catalog
from ..thai import parse_int

bp = Blueprint("api", __name__, url_prefix="/api/v1")

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
PER_PAGE, MAX_PER_PAGE = 50, 200


class UnsupportedMediaType(ArchiveError):
    """The request body is neither JSON nor multipart form data."""

    status = 415


# --------------------------------------------------------------------------- errors

def fail(status: int, message: str, errors: dict | None = None, headers: dict | None = None):
    """Stop the request with a JSON error `{"error", "errors"}` (Thai message)."""
    response = make_response(jsonify(error=message, errors=errors or {}), status)
    response.headers.update(headers or {})
    abort(response)


def unauthorized(message: str = "กรุณาเข้าสู่ระบบหรือส่งโทเค็น (Authorization: Bearer …)",
                 challenge: str = "Bearer"):
    fail(401, message, headers={"WWW-Authenticate": challenge})


def not_found(message: str = "ไม่พบรายการที่ต้องการ"):
    fail(404, message)


# --------------------------------------------------------------------------- who is calling

def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


@bp.before_request
def _authenticate_and_check_csrf():
    """Make a presented token decide who calls; hold session callers to CSRF on changes."""
    # A presented token decides alone (auth._load_user ignores the session then).
    if _bearer_secret() is not None and not current_user.is_authenticated:
        unauthorized("โทเค็นไม่ถูกต้อง หรือถูกยกเลิกแล้ว", 'Bearer error="invalid_token"')
    if (request.method not in SAFE_METHODS and current_user.is_authenticated
            and not g.get("token_auth") and current_app.config.get("WTF_CSRF_ENABLED", True)):
        headers = current_app.config.get("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"])
        try:
            validate_csrf(next((request.headers[h] for h in headers if h in request.headers), None))
        except CsrfInvalid:
            fail(400, "โทเค็น CSRF ไม่ถูกต้องหรือไม่ได้ส่งมา (ส่งในส่วนหัว X-CSRFToken)")


def require(role: str | None = None):
    """Return the signed-in user if they hold `role` (None: any signed-in user); else 401/403."""
    if not current_user.is_authenticated:
        unauthorized()
    if role is not None and not current_user.can(role):
        fail(403, "คุณไม่มีสิทธิ์ใช้งานส่วนนี้")
    return current_user._get_current_object()


def get_visible_or_404(model, public_id: str):
    """Return the set, item or file with this public id if the caller may see it."""
    target = by_public_id(model, public_id)
    if target is None or not visible(target):
        not_found()
    return target


def get_year_or_404(raw: str):
    """Return the assessment year named in a URL (BE, CE or Thai digits)."""
    try:
        row = catalog.get_year(catalog.parse_year(raw))
    except ValidationError:
        row = None
    if row is None:
        not_found("ไม่พบปีงบประมาณนี้")
    return row


# --------------------------------------------------------------------------- bodies

def json_body(allowed: tuple[str, ...], required: tuple[str, ...] = (),
              optional: bool = False) -> dict:
    """Return the JSON object sent; refuse other bodies, unknown keys and missing ones.

    ``request.get_json`` (ArchiveRequest) has already refused JSON nested too
    deep (400) and text holding control characters (422): see :mod:`..inputs`.
    """
    if optional and not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict):
        raise ArchiveError("ต้องส่งข้อมูลเป็น JSON object (Content-Type: application/json)")
    errors = {key: "ไม่รู้จักช่องนี้" for key in body if key not in allowed}
    errors.update({key: "กรุณาระบุค่านี้" for key in required if body.get(key) in (None, "")})
    if errors:
        raise ValidationError(errors)
    return body


def text_of(body: dict, key: str, default=None):
    """Return body[key] as text (numbers become text), `default` when absent or null."""
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError({key: "ต้องเป็นข้อความ"})
    return str(value)


def int_arg(name: str, default: int | None = None, errors: dict | None = None) -> int | None:
    """Read an integer query parameter (Thai digits too); note a bad one in `errors`."""
    raw = request.args.get(name, "")
    if raw.strip() == "":
        return default
    try:
        return parse_int(raw)
    except ValueError:
        if errors is not None:
            errors[name] = "ต้องเป็นตัวเลขจำนวนเต็ม"
        return default


# --------------------------------------------------------------------------- lists

def page_args() -> tuple[int, int]:
    """Read `page` (from 1) and `per_page` (1–200) from the query string."""
    errors: dict = {}
    page = int_arg("page", 1, errors)
    per_page = int_arg("per_page", PER_PAGE, errors)
    if "page" not in errors and page < 1:
        errors["page"] = "หน้าต้องเริ่มที่ 1"
    if "per_page" not in errors and not 1 <= per_page <= MAX_PER_PAGE:
        errors["per_page"] = f"per_page ต้องอยู่ระหว่าง 1 ถึง {MAX_PER_PAGE}"
    if errors:
        raise ValidationError(errors)
    return page, per_page


def paginate(stmt, serialize) -> dict:
    """Run a select one page at a time: `{"items", "total", "page", "per_page"}`."""
    page, per_page = page_args()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": [serialize(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def listing(rows, serialize) -> dict:
    """Wrap a short, unpaged list as `{"items": [...]}`."""
    return {"items": [serialize(r) for r in rows]}


def created(payload: dict, location: str | None = None):
    """Answer 201 Created with the new resource (and where it lives)."""
    response = make_response(jsonify(payload), 201)
    if location:
        response.headers["Location"] = location
    return response


def trash_ref(kind: str, ident, name: str) -> dict:
    """Say what went to the trash and where an admin restores it."""
    return {"kind": kind, "id": ident, "name": name,
            "restore_url": url_for("api.restore", kind=kind, ident=ident, _external=True)}
