"""Error answers: every error path rolls the session back first, then answers JSON or a page."""
from __future__ import annotations

import pytest

from evidence_archive.db import db
from evidence_archive.models import User

from .conftest import PASSWORD


@pytest.fixture
def failing_app(app):
    """The app with routes that fail inside a flush, as an unforeseen race would."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise into the test

    def duplicate_user():
        db.session.add(User(username="admin", password_hash="x", role="staff"))
        db.session.flush()  # IntegrityError, outside any handled block
        return "unreachable"

    app.add_url_rule("/api/v1/_fail", "fail_api", duplicate_user, methods=["POST"])
    app.add_url_rule("/_fail", "fail_page", duplicate_user, methods=["POST"])
    return app


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_failed_flush_still_gets_a_json_500_on_the_api(failing_app):
    client = failing_app.test_client()
    client.post("/login", data={"username": "staff", "password": PASSWORD})
    response = client.post("/api/v1/_fail")
    assert response.status_code == 500
    assert response.is_json, response.data[:200]
    assert response.json["error"]
    # The session is usable again: the next request reads the database normally.
    assert client.get("/api/v1/sets").status_code == 200


def test_a_failed_flush_still_gets_the_thai_error_page(failing_app):
    client = failing_app.test_client()
    client.post("/login", data={"username": "staff", "password": PASSWORD})
    response = client.post("/_fail")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "ระบบขัดข้อง" in response.get_data(as_text=True)
