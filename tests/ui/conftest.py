"""Browser fixtures: the archive served on a free local port, and Debian's Chromium through Playwright.

Chromium comes from Debian (`apt-get install chromium`), never from Playwright's own
download, which cannot reach its server here.  Without it these tests skip on a developer's
machine and fail in CI (``CI`` set).  A failed test leaves a screenshot in ``test-results/``;
``EVIDENCE_ARCHIVE_SCREENSHOTS=1`` keeps the pages the tests name too (:func:`shot`), to look at.

Every page a test opens is watched: a Content-Security-Policy violation (the browser's
``securitypolicyviolation`` event and its console report) or an uncaught script error
fails the test, so each browser test also proves our scripts run under the policy.
"""
from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000
log = logging.getLogger(__name__)
# Runs in every page before its own scripts (Playwright injects it outside the page's CSP).
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
                + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || ''));
});
"""


def shot(page, name: str) -> None:
    """Keep the page as test-results/NAME.png when EVIDENCE_ARCHIVE_SCREENSHOTS is set
    (a page to look at after a change); failures keep theirs anyway."""
    if os.environ.get("EVIDENCE_ARCHIVE_SCREENSHOTS"):
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def unavailable(reason: str):
    """Fail in CI, skip elsewhere."""
    message = f"browser tests need Chromium: {reason} (apt-get install chromium; see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_path() -> str:
    return os.environ.get("EVIDENCE_ARCHIVE_CHROMIUM") or "/usr/bin/chromium"


# --------------------------------------------------------------------------- the server

@pytest.fixture
def app_config(app_config):
    """The shared test config, but with CSRF on: the browser submits the real forms."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


class RequestHandler(WSGIRequestHandler):
    """werkzeug's, but a keep-alive connection left idle ends after a few seconds."""

    timeout = 10


class LiveServer:
    """The app served by werkzeug in a background thread on 127.0.0.1 and a free port.

    Closing waits for every request thread: werkzeug's are daemons nobody waits for,
    and one still serving a static file when its test ended once left its file to be
    collected during the next test's setup, whose ResourceWarning (an error here) then
    failed that test.  Idle keep-alive connections end after `RequestHandler.timeout`,
    so the wait is bounded.
    """

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=RequestHandler)
        self.server.daemon_threads = False  # socketserver then joins them in server_close()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server",
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    """Serve the seeded `app` (year 2563, users admin/staff/assessor); yield its base URL."""
    with LiveServer(app) as server:
        yield server.url


# --------------------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run."""
    path = chromium_path()
    if not os.access(path, os.X_OK):
        unavailable(f"{path} is not an executable (set EVIDENCE_ARCHIVE_CHROMIUM)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        unavailable(f"the playwright package is missing ({exc}); pip install -e '.[test]'")
    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS,
                                                 headless=True)
        except Error as exc:
            unavailable(f"{path} did not start: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_page(request, browser, live_server):
    """Return a function opening a page in a fresh context (own cookies: signed out), Thai locale.

    When the test fails, each page it opened is saved as a screenshot in test-results/.
    """
    contexts = []

    def open_page(locale: str = "th-TH"):
        context = browser.new_context(base_url=live_server, locale=locale, accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", watch)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "rep_call", None)
    pages = [p for c in contexts for p in c.pages]
    if report is not None and report.failed:
        save_screenshots(request.node.nodeid, pages)
    for context in contexts:
        context.close()
    if report is not None and report.passed:
        found = [line for p in pages for line in problems(p)]
        assert not found, "the browser reported:\n" + "\n".join(found)


def watch(page) -> None:
    """Keep the page's CSP violations and uncaught script errors on it (see problems())."""
    page.problems = []

    def on_console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text
                                        or text.startswith("CSP violation")):
            page.problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"{page.url}: script error: {error}"))


def problems(page) -> list[str]:
    """Return what the browser reported against this page: CSP violations, script errors."""
    return list(getattr(page, "problems", []))


def save_screenshots(nodeid: str, pages) -> None:
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid.split("::", 1)[-1])
    for index, page in enumerate(pages):
        suffix = f"-{index + 1}" if index else ""
        try:
            page.screenshot(path=str(RESULTS / f"{name}-failed{suffix}.png"), full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            log.warning("could not save a screenshot of %s: %s", page.url, exc)


@pytest.fixture
def page(new_page):
    """A signed-out page on the live server, in Thai."""
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so `new_page` knows whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- helpers

def log_in(page, username: str = "staff", password: str | None = None) -> None:
    """Sign in through the real form (with its CSRF token)."""
    from ..conftest import PASSWORD

    page.goto("/login")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password or PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
