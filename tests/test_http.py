"""HTTP details: Thai download names, security headers, HTTPS cookies and reverse proxies."""
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from evidence_archive import create_app
from evidence_archive.db import db
from evidence_archive.http import ascii_fallback, content_disposition
from evidence_archive.models import AuditEvent

from .conftest import PASSWORD


@pytest.mark.parametrize("name,fallback", [
    ("หนังสือเชิญประชุม ครั้งที่ 1.pdf", "1.pdf"),
    ("คำสั่ง.pdf", "evidence.pdf"),
    ("report 2563.docx", "report 2563.docx"),
    ('a"b.txt', "ab.txt"),
    ("ภาพ", "evidence"),
])
def test_ascii_fallback(name, fallback):
    assert ascii_fallback(name) == fallback


def test_content_disposition_keeps_the_thai_name():
    header = content_disposition("รายงานการประชุม ครั้งที่ 2/2563.pdf")
    assert header.startswith('attachment; filename="2_2563.pdf"')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "รายงานการประชุม ครั้งที่ 2/2563.pdf"
    assert content_disposition("ภาพ.jpg", inline=True).startswith("inline;")


# --------------------------------------------------------------------------- security headers

TEMPLATE_FOLDERS = [Path(__file__).parent.parent / folder for folder in (
    "evidence_archive/templates", "plugins/templates", "evidence_archive/scaffold_template")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style", re.IGNORECASE)


@pytest.fixture
def app_config(app_config, request):
    """The shared test config plus the settings a test passes by indirect parametrization."""
    return {**app_config, **getattr(request, "param", {})}


def with_config(**settings):
    return pytest.mark.parametrize("app_config", [settings], indirect=True)


def csp_of(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response.headers["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_pages_allow_no_inline_script_or_style(client):
    csp = csp_of(client.get("/login"))
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE],
                         ids=["script", "handler", "style"])
def test_no_template_carries_inline_script_or_style(pattern):
    # The Content-Security-Policy above would block them in the browser.
    found = [f"{path.name}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)[:60]}"
             for folder in TEMPLATE_FOLDERS for path in sorted(folder.rglob("*"))
             if path.is_file() and ".md" not in path.name  # READMEs may name what is refused
             for text in [path.read_text("utf-8")]
             for m in pattern.finditer(text)]
    assert not found, found


def test_no_hsts_and_no_secure_cookie_over_plain_http(client):
    response = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                           "remember": "1"})
    assert response.status_code == 302
    assert "Strict-Transport-Security" not in response.headers
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} == {"session", "remember_token"}
    assert not [c for c in cookies if "secure" in c.lower()]


def test_https_marks_every_cookie_secure_and_sends_hsts(client):
    response = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                           "remember": "1"}, base_url="https://localhost")
    assert response.status_code == 302
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 2 and all("; Secure" in c for c in cookies), cookies
    with client.get("/static/archive.css", base_url="https://localhost") as static:
        assert static.headers["Strict-Transport-Security"] == "max-age=31536000"


@with_config(HSTS_MAX_AGE=600)
def test_hsts_max_age_is_a_setting(client):
    assert client.get("/", base_url="https://localhost").headers[
        "Strict-Transport-Security"] == "max-age=600"


@with_config(HSTS_MAX_AGE=0)
def test_hsts_can_be_switched_off(client):
    assert "Strict-Transport-Security" not in client.get("/", base_url="https://localhost").headers


@with_config(SESSION_COOKIE_SECURE=True)
def test_secure_session_cookie_can_be_forced_over_http(client):
    response = client.post("/login", data={"username": "staff", "password": PASSWORD})
    assert "; Secure" in response.headers["Set-Cookie"]


# --------------------------------------------------------------------------- reverse proxies

FORWARDED = {"X-Forwarded-For": "192.0.2.1, 203.0.113.5", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "archive.example.go.th", "X-Forwarded-Prefix": "/ita"}


def failed_login_ip(client, **kwargs) -> tuple[str, object]:
    response = client.post("/login", data={"username": "staff", "password": "wrong"}, **kwargs)
    assert response.status_code == 401
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")
                               .order_by(AuditEvent.id.desc())).first()
    return event.ip, response


def test_forwarded_headers_are_ignored_without_trusted_proxies(client):
    ip, _ = failed_login_ip(client, headers=FORWARDED)
    assert ip == "127.0.0.1"  # a client cannot claim another address
    response = client.post("/login", data={"username": "staff", "password": PASSWORD},
                           headers=FORWARDED)
    assert response.location == "/"
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


@with_config(TRUSTED_PROXIES=1)
def test_one_trusted_proxy_gives_the_client_address_scheme_host_and_prefix(client):
    ip, _ = failed_login_ip(client, headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert ip == "203.0.113.5"  # what the proxy saw, not what the client wrote before it
    response = client.post("/login?next=/years/2563/", headers=FORWARDED,
                           data={"username": "staff", "password": PASSWORD})
    assert response.location == "/years/2563/"
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "; Secure" in response.headers["Set-Cookie"]
    page = client.get("/login", headers=FORWARDED).get_data(as_text=True)
    assert 'action="/ita/login"' in page and '/ita/static/archive.css' in page


@with_config(TRUSTED_PROXIES=2)
def test_two_trusted_proxies_take_the_second_address_from_the_right(client):
    ip, _ = failed_login_ip(client, headers={"X-Forwarded-For": "198.51.100.9, 192.0.2.1, 10.0.0.3"})
    assert ip == "192.0.2.1"


@pytest.mark.parametrize("value", [-1, "many", 1.5])
def test_a_bad_trusted_proxies_setting_stops_the_start(app_config, tmp_path, value):
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app({**app_config, "TRUSTED_PROXIES": value}, instance_path=str(tmp_path / "i2"))
