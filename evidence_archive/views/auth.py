"""Sign in, sign out and language choice."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..auth import is_safe_next, login_throttled
from ..i18n import LOCALES, gettext as _
from ..services import users
from . import form_again

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    next_url = request.values.get("next")
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()
        if login_throttled(username):
            return _throttled(username, next_url)
        user = users.sign_in(username, request.form.get("password", ""))
        if user is None:
            return render_template("login.html", error=_("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"),
                                   next=next_url, username=username), 401
        login_user(user, remember=bool(request.form.get("remember")))
        return redirect(next_url if is_safe_next(next_url) else url_for("browse.home"))
    if (refused := form_again.refusal()) is not None:  # the name or password held a control character
        return render_template("login.html", next=next_url, error=" • ".join(refused.errors.values()),
                               username=request.form.get("username", ""))
    return render_template("login.html", next=next_url)


def _throttled(username: str, next_url: str | None):
    """Refuse a sign-in from an address that failed too often; the refusal counts as a failure."""
    users.failed_sign_in(username, f"ถูกระงับชั่วคราว: {username}")
    window = current_app.config["LOGIN_FAILURE_WINDOW"]
    error = _("เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไปจากเครื่องนี้ กรุณารอ {minutes} นาทีแล้วลองใหม่",
              minutes=max(1, -(-window // 60)))
    page = render_template("login.html", error=error, next=next_url, username=username)
    return page, 429, {"Retry-After": str(window)}


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (POST only, so a link elsewhere cannot sign anyone out)."""
    users.signed_out(current_user)
    logout_user()
    flash(_("ออกจากระบบแล้ว"), "info")
    return redirect(url_for("browse.home"))


@bp.route("/lang/<code>")
def language(code: str):
    """Switch the interface language, then return where the user was."""
    if code not in LOCALES:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        users.set_locale(current_user, code)
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("browse.home"))
