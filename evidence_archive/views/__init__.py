"""Blueprints of the web interface, one per area."""
from __future__ import annotations

from flask import flash, jsonify, render_template, request

from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest

from ..db import db
from ..errors import ArchiveError
from ..http import security_headers
from ..i18n import gettext


def wants_json() -> bool:
    """Tell whether the caller (our upload script, say) asked for JSON back."""
    return request.accept_mimetypes.best == "application/json" or request.is_json


def init_app(app) -> None:
    from . import admin, auth, browse, downloads, edit, public

    for module in (auth, public, browse, edit, admin, downloads):
        app.register_blueprint(module.bp)

    @app.errorhandler(ArchiveError)
    def _archive_error(exc: ArchiveError):
        if request.path.startswith("/api/") or wants_json():
            return jsonify(error=exc.message, errors=exc.errors), exc.status
        flash(exc.message, "error")
        return render_template("error.html", error=exc), exc.status

    for code in (400, 403, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(code, _http_error)
    for error in (OverflowError, DataError):
        app.register_error_handler(error, _out_of_range)
    app.after_request(security_headers)


def _out_of_range(exc):
    """Answer 400 for a value the database cannot hold, whatever slipped past the checks."""
    db.session.rollback()
    return _http_error(BadRequest())


def _http_error(exc):
    code = getattr(exc, "code", 500)
    if request.path.startswith("/api/") or wants_json():
        return jsonify(error=gettext(ERROR_TEXT.get(code, "เกิดข้อผิดพลาด"))), code
    return render_template("error.html", code=code, message=ERROR_TEXT.get(code)), code


ERROR_TEXT = {
    400: "คำขอไม่ถูกต้อง",
    403: "คุณไม่มีสิทธิ์ใช้งานส่วนนี้",
    404: "ไม่พบหน้าที่ต้องการ",
    405: "ไม่รองรับวิธีการเรียกนี้",
    410: "รายการนี้ถูกลบแล้ว",
    413: "ไฟล์มีขนาดเกินกำหนด",
    429: "พยายามเข้าสู่ระบบหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่",
    500: "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง",
}
