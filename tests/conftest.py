"""Shared fixtures: an app on a temporary instance, clients per role, and small factories."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from evidence_archive import create_app
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import Category, EvidenceSet
from evidence_archive.services import catalog, evidence, users
from evidence_archive.services.evidence import Upload
from evidence_archive.testing import FreshGlobalsClient
from evidence_archive.textsearch.index import WhooshIndexer

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery"
ROLES = ("admin", "staff", "assessor")


# --------------------------------------------------------------------------- which database

DATABASES = ("sqlite", "postgres")
DATABASE_ENV = "EVIDENCE_ARCHIVE_TEST_DATABASE"


def pytest_addoption(parser):
    parser.addoption(
        "--db", choices=DATABASES, default=os.environ.get(DATABASE_ENV) or "sqlite",
        help=f"the database of the tests' archives (default: ${DATABASE_ENV} or sqlite); "
             "postgres uses the server at $EVIDENCE_ARCHIVE_TEST_POSTGRES_URL")


def pytest_configure(config):
    if config.getoption("--db") not in DATABASES:  # a bad value from the environment
        raise pytest.UsageError(f"{DATABASE_ENV} must be one of {', '.join(DATABASES)}")


def pytest_report_header(config):
    if config.getoption("--db") == "postgres":
        return ("database: postgres — tests that open an archive (the db_url fixture) and "
                "tests marked postgres; the others ran in the SQLite half")
    return "database: sqlite — tests marked postgres run with --db=postgres"


def pytest_collection_modifyitems(config, items):
    """Keep the tests of this half: all but the postgres-marked ones on SQLite; on
    PostgreSQL, those that open an archive on `db_url` (not pinned to SQLite) or are marked."""
    on_postgres = config.getoption("--db") == "postgres"
    keep, drop = [], []
    for item in items:
        marked = item.get_closest_marker("postgres") is not None
        if on_postgres:
            pinned = getattr(item, "callspec", None) and item.callspec.params.get("db_url") == "sqlite"
            wanted = marked or ("db_url" in item.fixturenames and not pinned)
        else:
            wanted = not marked
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_worker_database():
    """This worker's PostgreSQL database (tests/pg.py), dropped at the end of the run."""
    from tests.pg import WorkerDatabase
    database = WorkerDatabase(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield database
    database.drop()


@pytest.fixture
def db_url(tmp_path, request):
    """Return the database URL for this test: a fresh SQLite file, or the worker's emptied
    PostgreSQL database (--db=postgres, or a test parametrised with "postgres")."""
    kind = getattr(request, "param", None) or request.config.getoption("--db")
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        yield url
        dispose_leftover_engines(url)
        return
    database = request.getfixturevalue("pg_worker_database")
    try:
        yield database.url
    finally:
        dispose_leftover_engines(database.url)
        database.empty()


def dispose_leftover_engines(url: str) -> None:
    """Close the pooled connections to `url` of the apps a test made and left (create_app
    in its body): otherwise the garbage collector finds them open later, during whichever
    test runs then, and psycopg's ResourceWarning fails that test."""
    for engines in list(db._app_engines.values()):  # Flask-SQLAlchemy's engines per live app
        for engine in engines.values():
            if engine.url == make_url(url):
                engine.dispose()


@pytest.fixture
def app_config(tmp_path, db_url):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "CREATE_SCHEMA_IF_EMPTY": True,  # create_all + stamp head: faster than migrating
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "PLUGINS_FOLDER": str(tmp_path / "instance" / "plugins"),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "AGENCY_NAME": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ",
        "AGENCY_SHORT_NAME": "สพม.29",
    }


@pytest.fixture
def app(tmp_path, app_config):
    """An archive on a temporary instance: catalog seeded, year 2563, one user per role."""
    app = create_app(app_config, instance_path=str(tmp_path / "instance"))
    app.test_client_class = FreshGlobalsClient
    with app.app_context():
        catalog.seed_catalog()
        catalog.create_year(2563)
        for role in ROLES:
            users.create_user(role, PASSWORD, role, f"ผู้ใช้ {role}")
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="staff", password=PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def role_client(app):
    """Return a function giving a test client signed in as a role (None = anonymous)."""
    def make(role: str | None):
        c = app.test_client()
        if role:
            resp = c.post("/login", data={"username": role, "password": PASSWORD})
            assert resp.status_code == 302, resp.data
        return c
    return make


# --------------------------------------------------------------------------- factories

def get_user(role: str = "staff"):
    return users.get_by_username(role)


def stage_category(name: str = "การร่วมวางแผน", year: int = 2563) -> Category:
    """Return a seeded category of a year by name."""
    row = catalog.get_year(year)
    return next(c for _, c in catalog.tree(row) if c.name == name)


def make_set(category: Category | None = None, title: str = "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563",
             number=None, role: str = "staff") -> EvidenceSet:
    return evidence.create_set(category or stage_category(), title, get_user(role), number=number)


def upload_of(app, name: str, data: bytes | None = None, source: str | None = None,
              caption: str = "") -> Upload:
    """Put bytes (or a file from tests/data) through the blob store as an upload would."""
    store = archive_of(app).store
    stream = io.BytesIO(data) if data is not None else open(DATA / (source or name), "rb")
    with stream:
        incoming = store.receive(stream, app.config["MAX_UPLOAD_BYTES"])
    return Upload(incoming, name, caption)


INVITATION = {
    "doc_number": "ที่ ศธ 04290/1237", "date": "1 พฤษภาคม 2563",
    "subject": "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.",
    "meeting_number": "ครั้งที่ 1/2563", "meeting_date": "15 พฤษภาคม 2563",
    "meeting_time": "09.30 น.", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer": "นายสมชาย ใจดี | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}


def make_item(app, evidence_set: EvidenceSet, type_key: str = "meeting_invitation",
              meta: dict | None = None, files=(("หนังสือเชิญประชุม ครั้งที่ 1.pdf",
                                               "invitation-ktpn-1-2563.pdf"),),
              role: str = "staff"):
    """Create an item through the service, with files from tests/data."""
    etype = archive_of(app).types.get(type_key)
    uploads = [upload_of(app, name, source=source) for name, source in files]
    return evidence.create_item(evidence_set, etype, dict(meta or INVITATION), get_user(role),
                                uploads)


@pytest.fixture
def indexer(app, tmp_path):
    """A real Whoosh index in tmp_path that follows every commit from here on."""
    ix = WhooshIndexer(app, tmp_path / "ix")
    archive_of(app).indexer = ix
    ix.rebuild(procs=1)
    return ix


@pytest.fixture
def sample_set(app):
    """A set with one invitation item (PDF), still a draft."""
    evidence_set = make_set()
    make_item(app, evidence_set)
    return evidence_set
