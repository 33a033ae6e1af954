"""Blueprints of the web interface, one per area."""
from __future__ import annotations

from flask import (Blueprint, Flask, Response, current_app, flash, jsonify, render_template,
                   request)

from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed

from .. import hookspecs
from ..admission import Busy
from ..archive import archive_of
from ..auth import safe_referrer
from ..db import db
from ..errors import ArchiveError
from ..http import answers_in_json, security_headers
from ..i18n import gettext
from ..inputs import InputRefused
from . import form_again


def init_app(app) -> None:
    from . import admin, auth, browse, downloads, edit, public, search

    for module in (auth, public, browse, edit, admin, downloads, search):
        app.register_blueprint(module.bp)
    register_plugin_blueprints(app)

    form_again.init_app(app)

    @app.errorhandler(ArchiveError)
    def _archive_error(exc: ArchiveError):
        _roll_back()
        if answers_in_json():
            return jsonify(error=exc.message, errors=exc.errors), exc.status, exc.headers
        if isinstance(exc, InputRefused) and (page := form_again.answer(exc)) is not None:
            return page  # the form again, each refused field marked
        flash(gettext(exc.message), "error")
        if isinstance(exc, Busy) and (page := form_again.answer(exc)) is not None:
            page.headers.update(exc.headers)
            return page  # the form again, as typed: sending it again is one click
        return render_template("error.html", error=exc, back=_back_to_form()), exc.status, exc.headers

    for code in (400, 403, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(code, _http_error)
    for error in (OverflowError, DataError):
        app.register_error_handler(error, _out_of_range)
    app.after_request(security_headers)


def register_plugin_blueprints(app) -> None:
    """Register the blueprints plugins return from ``register_blueprints``, after the core's.

    Anything that is not a blueprint, or a blueprint whose name is taken, is
    reported and skipped.  The core's URLs stay first, so a plugin cannot
    take them over.
    """
    plugins = archive_of(app).plugins
    for name, returned in plugins.call_each(hookspecs.register_blueprints, app=app):
        for blueprint in returned if isinstance(returned, (list, tuple)) else [returned]:
            if not isinstance(blueprint, Blueprint):
                plugins.report(name, f"register_blueprints returned {type(blueprint).__name__}, "
                                     "not a flask.Blueprint")
                continue
            if blueprint.name in app.blueprints:
                plugins.report(name, f"register_blueprints: the blueprint name "
                                     f"{blueprint.name!r} is taken")
                continue
            try:
                taken = _taken_urls(app, blueprint)
                if taken:
                    plugins.report(name, f"register_blueprints: {blueprint.name} would take "
                                         f"URLs the archive or another plugin uses: {taken}")
                    continue
                app.register_blueprint(blueprint)
            except Exception as exc:  # noqa: BLE001 - a plugin's blueprint may be broken anyhow
                app.logger.exception("could not register blueprint %s of plugin %s",
                                     blueprint.name, name)
                plugins.report(name, f"register_blueprints: {blueprint.name}: "
                                     f"{type(exc).__name__}: {exc}", log=False)


def _taken_urls(app, blueprint: Blueprint) -> list[str]:
    """List the blueprint's URL rules that an already registered route answers (or has)."""
    trial = Flask(app.import_name)
    trial.url_map.converters = app.url_map.converters
    trial.register_blueprint(blueprint)
    existing = {r.rule for r in app.url_map.iter_rules()}
    adapter = app.url_map.bind("localhost")
    taken = []
    for rule in trial.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if rule.rule in existing:
            taken.append(rule.rule)
        elif not rule.arguments:  # a fixed path: does a route of ours match it already?
            try:
                adapter.match(rule.rule, method="GET")
                taken.append(rule.rule)
            except MethodNotAllowed:  # ours, for other methods
                taken.append(rule.rule)
            except HTTPException:  # not found, or only a redirect to another URL
                pass
    return taken


def _roll_back() -> None:
    """Drop whatever the failed request left in its transaction, before the error page reads the database.

    A failed flush leaves the session unusable until rolled back: the error
    page (its locale, its signed-in user) would fail in turn and the client get
    a bare 500 instead of the answer it asked for.
    """
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - a dead connection: the page still renders without it
        current_app.logger.exception("could not roll back after an error")


def _back_to_form() -> str | None:
    """Return the page a refused form was posted from (this site's), to link back to it."""
    return safe_referrer() if request.method == "POST" else None


def _out_of_range(exc):
    """Answer 400 for a value the database cannot hold, whatever slipped past the checks."""
    return _http_error(BadRequest())


def _http_error(exc):
    _roll_back()
    code = getattr(exc, "code", 500)
    text = ERROR_TEXT.get(code, "เกิดข้อผิดพลาด")
    api = answers_in_json()
    try:
        if api:
            return jsonify(error=gettext(text)), code
        return render_template("error.html", code=code, message=text), code
    except Exception:  # noqa: BLE001 - the error page itself failed: answer plainly, never a bare 500
        current_app.logger.exception("the error page for %s failed", code)
        if api:
            return jsonify(error=text), code
        return Response(text, code, mimetype="text/plain")


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
