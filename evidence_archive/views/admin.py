"""Placeholder: being written."""
from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.route("/admin/")
def index():
    return "admin"


@bp.route("/account/tokens")
def tokens():
    return "tokens"
