"""Schema migrations: the baseline, archives made before migrations, and the refusal to run on an old schema.

`tests/data/legacy/` holds an archive made by the code before migrations (see its
make_legacy.py): a SQLite database with its uploads, and a plain-SQL dump of the same
archive made on PostgreSQL.  Each test here makes its own database (never the worker's
shared one), so it runs the same in the SQLite and the PostgreSQL half of the suite.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
import sqlalchemy as sa
from alembic.operations import Operations
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from evidence_archive import create_app
from evidence_archive import db as schema
from evidence_archive.archive import archive_of
from evidence_archive.db import SchemaError, db
from evidence_archive.models import Blob, EvidenceItem, EvidenceSet, ItemFile
from evidence_archive.services import evidence, integrity, users
from evidence_archive.testing import FreshGlobalsClient

from .conftest import PASSWORD, get_user, stage_category

LEGACY = Path(__file__).parent / "data" / "legacy"
# What make_legacy.py stored, table by table (the same on SQLite and PostgreSQL).
LEGACY_COUNTS = {
    "agency": 1, "api_token": 2, "assessment_year": 2, "audit_event": 26, "blob": 6,
    "category": 12, "evidence_item": 5, "evidence_set": 4, "file_text": 6, "indicator": 87,
    "item_file": 6, "plugin_state": 1, "user": 4,
}
DIALECTS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# --------------------------------------------------------------------------- databases

@contextlib.contextmanager
def empty_database(kind: str, tmp_path: Path):
    """Yield the URL of a new, empty database of `kind`."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        return
    from tests.pg import fresh_database
    with fresh_database() as url:
        yield url


@contextlib.contextmanager
def legacy_database(kind: str, tmp_path: Path):
    """Yield the URL of a copy of the archive made before migrations, and copy its uploads."""
    shutil.copytree(LEGACY / "uploads", tmp_path / "uploads")
    if kind == "sqlite":
        shutil.copy(LEGACY / "archive.sqlite3", tmp_path / "archive.sqlite3")
        yield f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        return
    from tests.pg import fresh_database, load_sql
    with fresh_database() as url:
        load_sql(url, (LEGACY / "postgres.sql").read_text("utf-8"))
        yield url


def settings(url: str, tmp_path: Path, **extra) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "SEARCH_INDEX_FOLDER": str(tmp_path / "search-index"),
            "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **extra}


@contextlib.contextmanager
def opened(url: str, tmp_path: Path, **kwargs):
    """Yield an app on `url` inside its app context; close its connections afterwards."""
    app = create_app(settings(url, tmp_path), instance_path=str(tmp_path / "instance"), **kwargs)
    app.test_client_class = FreshGlobalsClient
    try:
        with app.app_context():
            yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def rows(url: str) -> dict[str, list[tuple]]:
    """Read every row of every table of the models the database has, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            return {table.name: [tuple(r) for r in connection.execute(
                        select(table).order_by(*table.primary_key.columns))]
                    for table in db.metadata.sorted_tables if table.name in present}
    finally:
        engine.dispose()


def assert_kept_and_new_tables_empty(before: dict, after: dict) -> None:
    """Every row there before the upgrade is still there, unchanged; tables it added are empty."""
    assert {name: after[name] for name in before} == before
    added = set(after) - set(before)
    assert added == set(db.metadata.tables) - set(before)
    assert {name: after[name] for name in added} == dict.fromkeys(added, [])


def schema_differences(url: str) -> list:
    """Compare the models with the database's schema as Alembic's autogenerate does."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)
    finally:
        engine.dispose()


def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- the baseline

def test_the_migrations_have_one_head_and_start_at_the_baseline():
    scripts = schema.revisions()
    assert schema.head_revision() == scripts[0].revision
    assert scripts[-1].revision == "0001" and scripts[-1].down_revision is None
    assert all(s.down_revision == n.revision for s, n in zip(scripts, scripts[1:]))


@pytest.mark.parametrize("kind", DIALECTS)
def test_migrating_an_empty_database_gives_exactly_the_models_schema(kind, tmp_path):
    with empty_database(kind, tmp_path) as url:
        with opened(url, tmp_path, check_schema=False) as app:
            before, after = schema.upgrade(app)
        assert before.empty and after == schema.head_revision() == revision_of(url)
        # A model changed without a migration fails here: write one (docs/architecture.md).
        assert schema_differences(url) == []


@pytest.mark.parametrize("kind", DIALECTS)
def test_the_fast_test_schema_is_the_migrated_schema(kind, tmp_path):
    with empty_database(kind, tmp_path) as url:
        with opened(url, tmp_path, check_schema=False):
            with db.engine.connect() as connection:
                schema.create_schema(connection)
                connection.commit()
        assert revision_of(url) == schema.head_revision()
        assert schema_differences(url) == []


# --------------------------------------------------------------------------- archives made before migrations

@pytest.mark.parametrize("kind", DIALECTS)
def test_archive_made_before_migrations_upgrades_with_every_row_and_url(kind, tmp_path):
    with legacy_database(kind, tmp_path) as url:
        before = rows(url)
        assert {name: len(r) for name, r in before.items()} == LEGACY_COUNTS
        with pytest.raises(SchemaError, match="evidence-archive db upgrade"):
            create_app(settings(url, tmp_path), instance_path=str(tmp_path / "instance"))

        with opened(url, tmp_path, check_schema=False) as app:
            state, after = schema.upgrade(app)
        assert state.before_migrations and after == schema.head_revision()
        assert "idempotency_key" not in before  # made by a migration after the baseline
        assert_kept_and_new_tables_empty(before, rows(url))
        assert schema_differences(url) == []

        with opened(url, tmp_path) as app:  # the check now passes
            assert integrity.check(verify_checksums=True).ok
            check_public_urls(app)
            # New rows get fresh ids (PostgreSQL's sequences came through the dump too).
            added = evidence.create_set(stage_category(year=2568), "ชุดใหม่หลังอัปเกรด",
                                        get_user("somchai"))
            assert added.id > max(r[0] for r in before["evidence_set"])
            assert users.get_by_username("somchai").check_password(PASSWORD)


def check_public_urls(app) -> None:
    """Every live set, item and file answers at its old permanent URL, with the same bytes."""
    admin, anonymous = app.test_client(), app.test_client()
    assert admin.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    live_sets = db.session.scalars(select(EvidenceSet).where(EvidenceSet.deleted_at.is_(None))).all()
    assert len(live_sets) == 3
    for evidence_set in live_sets:
        assert admin.get(f"/s/{evidence_set.public_id}").status_code == 200
        public = 200 if evidence_set.is_published else 404
        assert anonymous.get(f"/s/{evidence_set.public_id}").status_code == public
    items = db.session.scalars(select(EvidenceItem).where(EvidenceItem.deleted_at.is_(None))).all()
    assert len(items) == 4
    for item in items:
        assert admin.get(f"/i/{item.public_id}").status_code == 200
        public = 200 if item.is_published and item.evidence_set.is_published else 404
        assert anonymous.get(f"/i/{item.public_id}").status_code == public
        for item_file in item.files:
            response = admin.get(f"/f/{item_file.public_id}/{item_file.filename}")
            assert response.status_code == 200
            blob = db.session.get(Blob, item_file.sha256)
            store = archive_of(app).store
            assert response.data == store.path(blob.sha256).read_bytes()
            has_thumb = (Path(app.config["UPLOAD_FOLDER"]) / "thumbs" / f"{blob.sha256}.jpg").exists()
            assert admin.get(f"/t/{item_file.public_id}.jpg").status_code == (200 if has_thumb else 404)
    renamed = db.session.scalar(select(ItemFile).where(ItemFile.filename == "ภาพบรรยากาศ.png"))
    assert anonymous.get(f"/f/{renamed.public_id}/{renamed.filename}").status_code == 200


def test_archive_made_by_older_code_gets_its_missing_tables(tmp_path):
    with legacy_database("sqlite", tmp_path) as url:
        engine = create_engine(url)
        with engine.begin() as connection:  # as the code before the text queue made it
            connection.execute(text("DROP TABLE file_text"))
            connection.execute(text("DROP TABLE plugin_state"))
        engine.dispose()
        with opened(url, tmp_path, check_schema=False) as app:
            schema.upgrade(app)
        assert schema_differences(url) == []
        assert len(rows(url)["evidence_item"]) == LEGACY_COUNTS["evidence_item"]


# --------------------------------------------------------------------------- refusing to start

@pytest.mark.parametrize("kind", DIALECTS)
def test_an_empty_database_is_refused_unless_a_test_archive_asks_for_the_schema(kind, tmp_path):
    with empty_database(kind, tmp_path) as url:
        with pytest.raises(SchemaError, match="evidence-archive init"):
            create_app(settings(url, tmp_path), instance_path=str(tmp_path / "instance"))
        app = create_app(settings(url, tmp_path, CREATE_SCHEMA_IF_EMPTY=True),
                         instance_path=str(tmp_path / "instance"))
        with app.app_context():
            db.engine.dispose()
        assert revision_of(url) == schema.head_revision()


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with opened(url, tmp_path, check_schema=False):
        with db.engine.begin() as connection:
            schema.create_schema(connection)
            connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed1234'"))
    with pytest.raises(SchemaError, match="newer version"):
        create_app(settings(url, tmp_path), instance_path=str(tmp_path / "instance"))


def test_cli_refuses_an_old_database_until_db_upgrade(tmp_path):
    with legacy_database("sqlite", tmp_path) as url:
        (tmp_path / "instance").mkdir()
        shutil.move(url.removeprefix("sqlite:///"), tmp_path / "instance" / "archive.sqlite3")
        (tmp_path / "instance" / "config.py").write_text("SECRET_KEY = 'an old instance'\n")
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_ARCHIVE_")},
               "EVIDENCE_ARCHIVE_INSTANCE": str(tmp_path / "instance"),
               "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(tmp_path / "uploads")}
        cli = str(Path(sys.executable).parent / "evidence-archive")

        def run(*args):
            return subprocess.run([cli, *args], env=env, capture_output=True, text=True)

        refused = run("users", "list")
        assert refused.returncode == 1
        assert "made before schema migrations" in refused.stderr
        assert "evidence-archive db upgrade" in refused.stderr
        assert run("db", "current", "--check").returncode == 1
        upgraded = run("db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        assert "upgraded from made before migrations to revision" in upgraded.stdout
        assert "somchai" in run("users", "list").stdout
        again = run("db", "upgrade")
        assert "nothing to do" in again.stdout
        current = run("db", "current", "--check")
        assert current.returncode == 0 and schema.head_revision() in current.stdout
        assert "0001" in run("db", "history").stdout


# --------------------------------------------------------------------------- how migrations run

def test_a_failed_migration_on_sqlite_leaves_nothing_half_done(tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    engine = schema.migration_engine(url)
    with pytest.raises(RuntimeError, match="boom"):
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE half (id INTEGER)"))
            raise RuntimeError("boom")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM sqlite_master")).all() == []
    engine.dispose()


def test_a_migration_that_breaks_a_foreign_key_on_sqlite_is_undone(tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    engine = schema.migration_engine(url)
    with engine.begin() as connection:
        schema.create_schema(connection)
    with pytest.raises(SchemaError, match="broken foreign keys"):
        with engine.begin() as connection:  # foreign keys are off while a migration runs
            connection.execute(text("INSERT INTO api_token (user_id, name, token_hash, prefix, "
                                    "created_at) VALUES (42, '', 'x', 'x', '2020-01-01')"))
            schema._check_foreign_keys(connection)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM api_token")).scalar() == 0
    engine.dispose()


def rebuild_blob_table(connection) -> None:
    """Widen a column of `blob` as a migration would: SQLite copies the table into a new one."""
    operations = Operations(MigrationContext.configure(connection))
    with operations.batch_alter_table("blob", recreate="always") as batch:
        batch.alter_column("kind", type_=sa.String(60))


def test_rebuilding_a_referenced_table_on_sqlite_keeps_every_row(tmp_path):
    with legacy_database("sqlite", tmp_path) as url:
        plain = create_engine(url)  # foreign keys on, as the app's connections have them
        with pytest.raises(IntegrityError):  # dropping the old table would orphan item_file
            with plain.begin() as connection:
                rebuild_blob_table(connection)
        with plain.begin() as connection:  # and pysqlite had committed the DDL before it
            assert "_alembic_tmp_blob" in sa.inspect(connection).get_table_names()
            connection.execute(text("DROP TABLE _alembic_tmp_blob"))
        plain.dispose()
        before = rows(url)
        engine = schema.migration_engine(url)
        with engine.begin() as connection:
            rebuild_blob_table(connection)
            schema._check_foreign_keys(connection)
        engine.dispose()
        assert rows(url) == before  # file_text (ON DELETE CASCADE) and item_file all there
