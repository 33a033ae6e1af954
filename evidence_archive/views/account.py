"""The signed-in user's own account: API tokens and password.

These views live in the ``admin`` blueprint (registered by views/admin.py
through :data:`ROUTES`), so their endpoints read ``admin.tokens`` and so on.
"""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import login_required

from ..db import db
from ..errors import ValidationError
from ..i18n import gettext as _
from ..models import ApiToken
from ..services import users
from . import form_again
from .admin_helpers import me


@login_required
def tokens():
    """List my API tokens; a POST makes a new one and shows its secret once."""
    errors: dict = {}
    if request.method == "POST":
        try:
            token, secret = users.create_token(me(), request.form.get("name", ""))
        except ValidationError as exc:
            errors = exc.errors
        else:
            response = make_response(render_template("admin/token_created.html",
                                                     token=token, secret=secret))
            response.headers["Cache-Control"] = "no-store"
            return response
    errors = errors or form_again.refused_errors()
    return render_template("admin/tokens.html", tokens=users.tokens_of(me()), errors=errors,
                           form=request.form), 422 if errors else 200


@login_required
def token_revoke(token_id: int):
    """Revoke one of my tokens (another user's token answers 404)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != me().id:
        abort(404)
    if token.revoked_at is None:
        users.revoke_token(token, actor=me())
        flash(_("ยกเลิกโทเค็น {prefix}… แล้ว", prefix=token.prefix), "success")
    return redirect(url_for("admin.tokens"))


@login_required
def password():
    """Change my own password (the current one is required)."""
    errors = {}
    if request.method == "POST":
        form = request.form
        try:
            users.change_password(me(), form.get("current", ""), form.get("password", ""),
                                  form.get("confirm", ""))
        except ValidationError as exc:
            errors = exc.errors
        else:
            flash(_("เปลี่ยนรหัสผ่านแล้ว"), "success")
            return redirect(url_for("admin.tokens"))
    errors = errors or form_again.refused_errors()
    return render_template("admin/password.html", errors=errors), 422 if errors else 200


#: (rule, endpoint, view, methods) for views/admin.py to add to its blueprint.
ROUTES = (
    ("/account/tokens", "tokens", tokens, ("GET", "POST")),
    ("/account/tokens/<int:token_id>/revoke", "token_revoke", token_revoke, ("POST",)),
    ("/account/password", "password", password, ("GET", "POST")),
)
