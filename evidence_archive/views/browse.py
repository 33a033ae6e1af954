"""Placeholder: being written."""
from flask import Blueprint

bp = Blueprint("browse", __name__)


@bp.route("/")
def home():
    return "home"
