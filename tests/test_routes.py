"""Every route and API call checks the caller's role, and every form carries a CSRF token.

The table below names, for each URL rule, the weakest role allowed; a new
route that is missing here fails `test_every_route_is_in_the_access_table`.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select

from evidence_archive.db import db
from evidence_archive.models import ROLES, AuditEvent
from evidence_archive.services import evidence, trash, users

from .conftest import PASSWORD, get_user, make_item, make_set

ANYONE, SIGNED_IN = "anyone", "signed-in"
LEVELS = (ANYONE, SIGNED_IN) + ROLES  # weakest to strongest

ACCESS = {
    # endpoint: weakest role allowed
    "browse.home": ANYONE, "browse.year": ANYONE, "browse.category": ANYONE,
    "public.evidence_set": ANYONE, "public.item": ANYONE, "public.file": ANYONE,
    "public.thumbnail": ANYONE, "public.healthz": ANYONE,
    "downloads.set_zip": ANYONE, "downloads.links": ANYONE,
    "auth.login": ANYONE, "auth.language": ANYONE, "auth.logout": SIGNED_IN,
    "downloads.category_zip": "assessor", "downloads.year_zip": "assessor",
    "admin.tokens": SIGNED_IN, "admin.token_revoke": SIGNED_IN, "admin.password": SIGNED_IN,
    "api.me": SIGNED_IN, "api.list_tokens": SIGNED_IN, "api.create_token": SIGNED_IN,
    "api.revoke_token": SIGNED_IN,
    "search.results": ANYONE, "search.help": ANYONE, "api.search": ANYONE,
}
for endpoint in ("new_set", "edit_set", "reorder_set", "publish_set", "unpublish_set",
                 "delete_set", "new_item", "edit_item", "add_files", "move_item",
                 "publish_item", "unpublish_item", "delete_item", "update_file", "delete_file"):
    ACCESS[f"edit.{endpoint}"] = "staff"
API_READ = ("list_years", "year_categories", "year_indicators", "year_links", "get_category",
            "list_types", "get_type", "list_sets", "get_set", "download_set", "get_item",
            "get_file", "download_file")
API_STAFF = ("create_set", "update_set", "delete_set", "publish_set", "unpublish_set",
             "reorder_set", "create_item", "update_item", "delete_item", "publish_item",
             "unpublish_item", "add_files", "move_item", "update_file", "delete_file")
API_ADMIN = ("create_year", "copy_year", "create_category", "update_category",
             "delete_category", "list_users", "create_user", "update_user", "audit_log",
             "list_trash", "restore", "purge")
ACCESS.update({f"api.{e}": ANYONE for e in API_READ})
ACCESS.update({f"api.{e}": "staff" for e in API_STAFF})
ACCESS.update({f"api.{e}": "admin" for e in API_ADMIN})
QUERY = {"admin.category_new": "?year=2563", "admin.indicator_new": "?year=2563"}


def required_role(endpoint: str) -> str:
    return ACCESS.get(endpoint, "admin" if endpoint.startswith("admin.") else None)


def allowed(level: str, role: str | None) -> bool:
    if level == ANYONE:
        return True
    if role is None:
        return False
    return level == SIGNED_IN or ROLES.index(role) >= ROLES.index(level)


@pytest.fixture
def world(app):
    """A published set with an item and a photo, a trashed set, and ids for every URL part."""
    published = make_set(title="เผยแพร่แล้ว")
    item = make_item(app, published)
    photo = make_item(app, published, "activity_photos",
                      {"activity": "ประชุม", "activity_date": "15/05/2563", "venue": "ห้องประชุม"},
                      files=(("ภาพ.jpg", "photo-ktpn-1-2563.jpg"),))
    evidence.set_status(published, "published", get_user())
    trashed = make_set(title="ในถังขยะ")
    trash.trash(trashed, get_user())
    token, _ = users.create_token(get_user("admin"))
    return {
        "public_id": published.public_id, "category_id": published.category_id, "year": 2563,
        "filename": "x.pdf", "code": "en", "token_id": token.id, "user_id": get_user().id,
        "indicator_id": 1, "kind": "set", "ident": trashed.id, "key": "meeting_invitation",
        "item": item.public_id, "file": item.files[0].public_id, "photo": photo.files[0].public_id,
    }


def url_for_rule(app, rule, world) -> str:
    """Fill a rule's arguments with ids of real rows of the right kind."""
    values = {}
    for arg in rule.arguments:
        values[arg] = world[arg]
    if "public_id" in rule.arguments:
        if rule.rule.startswith(("/i/", "/api/v1/items")):
            values["public_id"] = world["item"]
        elif rule.endpoint == "public.thumbnail":
            values["public_id"] = world["photo"]
        elif rule.rule.startswith(("/f/", "/api/v1/files")):
            values["public_id"] = world["file"]
    with app.test_request_context():
        return url_for(rule.endpoint, **values) + QUERY.get(rule.endpoint, "")


def rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def client_as(app, role):
    client = app.test_client()
    if role:
        assert client.post("/login", data={"username": role, "password": PASSWORD}).status_code == 302
    return client


def test_every_route_is_in_the_access_table(app):
    missing = [r.endpoint for r in rules(app) if required_role(r.endpoint) is None]
    assert not missing, f"add these endpoints to ACCESS in {__file__}: {missing}"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_callers_below_the_role_are_refused_and_nothing_changes(app, world, role):
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    client = client_as(app, role)
    checked = 0
    for rule in rules(app):
        level = required_role(rule.endpoint)
        if allowed(level, role) or rule.endpoint == "auth.logout":
            continue
        url = url_for_rule(app, rule, world)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            checked += 1
            if role is None and url.startswith("/api/"):
                assert response.status_code == 401, (method, url)
            elif role is None:
                assert response.status_code == 302 and "/login" in response.location, (method, url)
            else:
                assert response.status_code == 403, (method, url, response.status_code)
    assert checked or role == "admin"
    after = db.session.scalar(select(func.count()).select_from(AuditEvent))
    logins = 1 if role else 0
    assert after - before == logins  # only the sign-in itself was recorded


@pytest.mark.parametrize("role", [None, *ROLES])
def test_pages_open_for_every_allowed_role(app, world, role):
    client = client_as(app, role)
    for rule in rules(app):
        if "GET" not in rule.methods or not allowed(required_role(rule.endpoint), role):
            continue
        if rule.endpoint in ("auth.language",):
            continue
        url = url_for_rule(app, rule, world)
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:  # a page that sends on (/ to the year), never to sign in
            assert not urlsplit(response.location).path.startswith("/login"), (url, role)
        if response.mimetype == "text/html":
            assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


class Forms(HTMLParser):
    """Collect each POST form and whether it carries a csrf_token field."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append({"action": attrs.get("action"), "csrf": False})
        elif tag == "input" and attrs.get("name") == "csrf_token" and self.forms:
            self.forms[-1]["csrf"] = bool(attrs.get("value"))


def test_every_post_form_on_every_page_carries_a_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = client_as(app, None)
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    seen = 0
    for rule in rules(app):
        if "GET" not in rule.methods or rule.endpoint.startswith("api.") or rule.arguments & {"filename"}:
            continue
        response = client.get(url_for_rule(app, rule, world))
        if response.mimetype != "text/html":
            continue
        parser = Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            seen += 1
            assert form["csrf"], (rule.rule, form["action"])
    assert seen > 20


def test_a_post_without_the_csrf_token_is_refused(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = client_as(app, None)
    assert client.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 400
