"""Test an evidence type or any other plugin against a real archive, in a few lines (ทดสอบปลั๊กอิน).

The archive built here is the real one (the same ``create_app``, services,
views and blob store), on a temporary instance that holds the ITA indicator
catalog, the fiscal year :data:`YEAR` with its categories, and one account
per role (``admin``, ``staff``, ``assessor``, all with :data:`PASSWORD`).
Only the plugins a test names are loaded, plus the core: the built-in types
and the built-in text readers are left out unless asked for.

With pytest, name this module as a plugin in ``tests/conftest.py`` and say
which plugins the archive loads::

    import pytest
    import evidence_archive_supervision_report as my_plugin

    pytest_plugins = ["evidence_archive.testing"]

    @pytest.fixture
    def archive_plugins():
        return [my_plugin]

Tests then take the fixtures ``archive_app`` (an app context stays open, so
the helpers below work directly), ``archive_client`` (anonymous),
``staff_client``, ``admin_client``, ``assessor_client`` and ``archive_runner``::

    from evidence_archive.testing import clean, sample_pdf, upload

    def test_school_is_required(archive_app):
        values, errors = clean(archive_app, "supervision_report", {"school": ""})
        assert "school" in errors

    def test_upload(archive_app, staff_client):
        item = upload(archive_app, "supervision_report", GOOD, files=[("รายงาน.pdf", sample_pdf())])
        assert staff_client.get(f"/i/{item.public_id}").status_code == 200

Without pytest fixtures, :func:`make_app` builds the same app; use the
helpers inside ``with app.app_context():`` and call :func:`dispose` at the end.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import Iterable, Sequence

import pytest
from flask import Flask, current_app, g, has_app_context
from flask.testing import FlaskClient

from . import create_app
from .archive import archive_of
from .errors import ValidationError
from .plugins import ENTRY_POINT_GROUP
from .types import EvidenceType

__all__ = [
    "PASSWORD", "ROLES", "YEAR", "PluginProblem", "ValidationError", "make_app", "dispose",
    "evidence_type",
    "clean", "upload", "search", "login", "sample_pdf", "sample_image", "sample_docx",
    "sample_text",
]

#: Password of the seeded accounts ``admin``, ``staff`` and ``assessor``.
PASSWORD = "correct horse battery"
ROLES = ("admin", "staff", "assessor")
#: The fiscal year (ปีงบประมาณ, BE) the test archive holds, with its categories.
YEAR = 2563


class PluginProblem(AssertionError):
    """A plugin given to the test archive failed to load or to register its types."""


# --------------------------------------------------------------------------- the app

class FreshGlobalsClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as in production.

    The fixtures keep one app context open (so helpers can use the database),
    and Flask reuses it for test requests; without this, the signed-in user
    cached in ``g`` would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(vars(g)):
                delattr(g, name)
        return super().open(*args, **kwargs)


def _installed_plugin_modules() -> set[str]:
    """Return the module names that installed packages declare in our entry-point group."""
    return {ep.value.split(":")[0] for ep in entry_points(group=ENTRY_POINT_GROUP)}


def settings_for(folder: Path, plugins: Sequence, with_builtin: bool) -> dict:
    """Return the configuration of a test archive kept entirely in `folder`."""
    installed = _installed_plugin_modules() if with_builtin else set()
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'archive.sqlite3'}",
        "CREATE_SCHEMA_IF_EMPTY": True,  # the models' tables at once, stamped as migrated
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "PLUGINS_FOLDER": str(folder / "instance" / "plugins"),
        "SEARCH_INDEX_FOLDER": str(folder / "search-index"),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
        # Installed plugins (the built-in five, and this package once pip-installed)
        # come from entry points; the plugins under test are registered directly,
        # unless an entry point already loads them.
        "LOAD_ENTRY_POINT_PLUGINS": with_builtin,
        "EXTRA_PLUGINS": tuple(p for p in plugins if getattr(p, "__name__", None) not in installed),
    }


def make_app(plugins: Iterable = (), tmp_path: str | Path | None = None, *,
             with_builtin: bool = False, config: dict | None = None,
             strict: bool = True) -> Flask:
    """Create a seeded test archive that loads `plugins` (modules or objects with hooks).

    :param plugins: the plugins under test, e.g. ``[evidence_archive_supervision_report]``.
        The built-in text readers are plugins too: add
        ``evidence_archive_plugins.text_extract`` to search the text inside files.
    :param tmp_path: folder for the database, uploads and index (pytest's
        ``tmp_path``); a new temporary folder when None.
    :param with_builtin: also load every installed plugin (the five built-in
        types, text extraction, OCR), as a real archive would.
    :param config: settings applied last, e.g. ``{"DISABLED_PLUGINS": ["x"]}``.
    :param strict: raise :class:`PluginProblem` when any plugin failed to load,
        raised in a hook or had its type refused; a real archive would only
        report it and go on, which in a test hides the mistake.
    :return: the app, with the catalog, fiscal year :data:`YEAR` and the
        accounts of :data:`ROLES` (password :data:`PASSWORD`) in its database.
    """
    folder = Path(tmp_path) if tmp_path is not None else Path(
        tempfile.mkdtemp(prefix="evidence-archive-test-"))
    settings = {**settings_for(folder, list(plugins), with_builtin), **(config or {})}
    app = create_app(settings, instance_path=str(folder / "instance"))
    app.test_client_class = FreshGlobalsClient
    problems = archive_of(app).plugins.problems
    if strict and problems:
        dispose(app)
        raise PluginProblem("plugin problems:\n  " + "\n  ".join(problems))
    with app.app_context():
        _seed()
    return app


def _seed() -> None:
    """Fill a new archive: catalog, fiscal year YEAR with its categories, one account per role."""
    from .services import catalog, users

    catalog.seed_catalog()
    catalog.create_year(YEAR)
    for role in ROLES:
        users.create_user(role, PASSWORD, role, f"ผู้ใช้ {role}")


def dispose(app: Flask) -> None:
    """Close what an app from :func:`make_app` holds open: search index, sessions, database."""
    from .db import db

    indexer = archive_of(app).indexer
    if hasattr(indexer, "forget"):
        indexer.forget()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _require_context(app: Flask, helper: str) -> None:
    """Refuse to run a helper that returns database rows outside an app context of `app`."""
    if not (has_app_context() and current_app._get_current_object() is app):
        raise RuntimeError(
            f"{helper}() returns database rows, which need an open app context: call it "
            "inside `with app.app_context():`, or use the archive_app fixture, which keeps one open")


# --------------------------------------------------------------------------- helpers

def evidence_type(app: Flask, key: str) -> EvidenceType:
    """Return the app's evidence type `key`; fail with the plugins' problems if it is missing."""
    plugins = archive_of(app).plugins
    etype = plugins.types.get(key)
    if etype is None:
        known = ", ".join(sorted(t.key for t in plugins.types)) or "none"
        problems = "; ".join(plugins.problems) or "none"
        raise LookupError(f"no evidence type {key!r} (types: {known}; plugin problems: {problems})")
    return etype


def clean(app: Flask, type_key: str, values: dict) -> tuple[dict, dict]:
    """Clean raw values as the upload form and the API do; return ``(values, errors)``.

    `values` hold what a user types (``"๑๕ มิ.ย. ๒๕๖๓"``, ``"ชื่อ | ตำแหน่ง"``);
    the result holds what would be stored (``"2020-06-15"``,
    ``{"name": ..., "position": ...}``), without empty fields, and the Thai
    error message of each field that is wrong, cross-field checks included.
    """
    return evidence_type(app, type_key).clean(dict(values))


def _file_bytes(data: bytes | str | Path) -> io.BufferedIOBase:
    if isinstance(data, (bytes, bytearray)):
        return io.BytesIO(bytes(data))
    return open(data, "rb")


def upload(app: Flask, type_key: str, values: dict, files: Iterable[tuple] = (), *,
           set_title: str = "ชุดทดสอบปลั๊กอิน", evidence_set=None, title: str | None = None,
           user: str = "staff"):
    """Create an item as the upload form does: clean, check the files by content, store.

    :param files: ``(file name, bytes or path)`` pairs, or ``(name, data, caption)``;
        the bytes really go through the blob store onto disk.
    :param set_title: title of the new evidence set (อ้างอิงชุด) made for the item,
        in the first category of :data:`YEAR`; ignored when `evidence_set` is given.
    :param evidence_set: put the item in this existing set instead.
    :param title: the item title; empty takes the type's ``title_field``.
    :param user: user name of the uploader.
    :return: the stored :class:`evidence_archive.models.EvidenceItem`.
    :raises ValidationError: with ``.errors`` ``{field or "files": Thai message}``;
        nothing is stored then.
    """
    from .services import catalog, evidence, users

    _require_context(app, "upload")
    etype = evidence_type(app, type_key)
    uploader = users.get_by_username(user)
    if evidence_set is None:
        year = catalog.get_year(YEAR)
        category = next(c for _depth, c in catalog.tree(year))
        evidence_set = evidence.create_set(category, set_title, uploader)
    store = archive_of(app).store
    pending = []
    for name, data, *caption in files:
        with _file_bytes(data) as stream:
            incoming = store.receive(stream, app.config["MAX_UPLOAD_BYTES"])
        pending.append(evidence.Upload(incoming, name, caption[0] if caption else ""))
    return evidence.create_item(evidence_set, etype, dict(values), uploader, pending, title=title)


def search(app: Flask, query: str = "", *, drafts: bool = True, **filters):
    """Search the archive as the search page does; return its ``SearchResult``.

    The text inside uploaded files is read first (as the background worker
    would, with whichever ``extract_text`` plugins the app loaded), and a
    search index is built in the test folder the first time.

    :param query: what a user types, e.g. ``"หนองบัว type:supervision_report"``.
    :param drafts: search as staff (drafts included) or, when False, as the public.
    :param filters: fields of ``SearchRequest``: ``type``, ``year``, ``sort``, ``page``...
    :return: ``.total``, ``.hits`` (each with ``.public_id``, ``.title``, ``.snippet``...).
    """
    try:
        from .textsearch import extraction
        from .textsearch.index import WhooshIndexer, folder_of
        from .textsearch.searching import SearchRequest
        from .textsearch.searching import search as run_search
    except ImportError as exc:  # an archive built without full-text search
        raise RuntimeError(f"this archive has no full-text search to test ({exc})") from exc
    _require_context(app, "search")
    archive = archive_of(app)
    extraction.run_pending()
    if archive.indexer is None:
        archive.indexer = WhooshIndexer(app, folder_of(app))
        archive.indexer.rebuild(procs=1)
    return run_search(SearchRequest(q=query, **filters), viewer_can_see_drafts=drafts)


def login(client: FlaskClient, role: str) -> FlaskClient:
    """Sign `client` in as the seeded account of `role`; return the client."""
    response = client.post("/login", data={"username": role, "password": PASSWORD})
    assert response.status_code == 302, f"could not sign in as {role}: {response.status_code}"
    return client


# --------------------------------------------------------------------------- sample files

def sample_image(size: tuple[int, int] = (64, 48), fmt: str = "JPEG") -> bytes:
    """Return a small photo (JPEG by default) that the archive accepts as an image."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(out, fmt)
    return out.getvalue()


def sample_pdf() -> bytes:
    """Return a one-page PDF (a picture, no text layer) that the archive accepts as a PDF."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 160), (255, 255, 255)).save(out, "PDF")
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def sample_docx(text: str = "รายงานผลการนิเทศ ติดตาม") -> bytes:
    """Return a Word document (DOCX) holding `text`, one paragraph per line."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>"
                         for line in text.splitlines() or [""])
    document = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{paragraphs}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", _DOCX_TYPES)
        docx.writestr("_rels/.rels", _DOCX_RELS)
        docx.writestr("word/document.xml", document)
    return out.getvalue()


def sample_text(text: str = "รายงานผลการนิเทศ ติดตาม") -> bytes:
    """Return `text` as a UTF-8 plain-text file (file kind ``text``)."""
    return text.encode("utf-8")


# --------------------------------------------------------------------------- pytest fixtures

@pytest.fixture
def archive_plugins() -> list:
    """The plugins the test archive loads; override it in your conftest.py."""
    return []


@pytest.fixture
def archive_config() -> dict:
    """Extra settings for the test archive; override it to change any."""
    return {}


@pytest.fixture
def archive_app(tmp_path, archive_plugins, archive_config):
    """A seeded archive on `tmp_path` with `archive_plugins`, its app context open."""
    app = make_app(archive_plugins, tmp_path, config=archive_config)
    try:
        with app.app_context():
            yield app
    finally:
        dispose(app)


@pytest.fixture
def archive_client(archive_app) -> FlaskClient:
    """An anonymous visitor: sees only what is published."""
    return archive_app.test_client()


@pytest.fixture
def staff_client(archive_app) -> FlaskClient:
    """A client signed in as ``staff``: uploads, edits, sees drafts."""
    return login(archive_app.test_client(), "staff")


@pytest.fixture
def admin_client(archive_app) -> FlaskClient:
    """A client signed in as ``admin``: also the admin pages (plugins, users, ...)."""
    return login(archive_app.test_client(), "admin")


@pytest.fixture
def assessor_client(archive_app) -> FlaskClient:
    """A client signed in as ``assessor``: reads what is published."""
    return login(archive_app.test_client(), "assessor")


@pytest.fixture
def archive_runner(archive_app):
    """A CLI runner: ``archive_runner.invoke(args=["plugins", "list"])``."""
    return archive_app.test_cli_runner()
