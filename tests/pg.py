"""PostgreSQL databases for the tests, on the server named by EVIDENCE_ARCHIVE_TEST_POSTGRES_URL.

`.ci/run` starts Debian's PostgreSQL and sets the variable (``postgresql://ea:…@127.0.0.1:5432/ea``;
the role needs CREATEDB).  Without it the PostgreSQL tests skip on a developer's machine and
fail in CI (``CI`` set), where a missing server must never pass silently.

The PostgreSQL half of the suite (``--db=postgres``) gives each pytest worker one
:class:`WorkerDatabase`: the schema is made once, and after each test every row is
deleted and the id sequences restarted — ~12 ms, where TRUNCATE took ~180 ms, cloning a
template database ~400 ms and a new database with its tables ~400 ms (docs/architecture.md).
A test that needs a database of its own (an empty one, a restored dump) uses
:func:`fresh_database`.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "EVIDENCE_ARCHIVE_TEST_POSTGRES_URL"


def unavailable(reason: str):
    """Fail in CI, skip elsewhere, saying why and how to fix it."""
    message = f"PostgreSQL unavailable: {reason} (.ci/run shows how to start one and set {ENV})"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _libpq_url(url: str) -> str:
    """Drop a SQLAlchemy driver suffix: postgresql+psycopg:// -> postgresql://."""
    scheme, rest = url.split("://", 1)
    return scheme.split("+", 1)[0] + "://" + rest


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def base_url() -> str:
    """Return the server URL from the environment, or fail/skip when there is none."""
    url = os.environ.get(ENV)
    if not url:
        unavailable(f"{ENV} is not set")
    return _libpq_url(url)


def _connect(url: str):
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        where = urlsplit(url)
        unavailable(f"cannot connect to {where.hostname}:{where.port}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")


def create_database(prefix: str = "ea_test") -> str:
    """Create an empty UTF-8 database on the test server; return its SQLAlchemy URL."""
    base = base_url()
    name = f"{prefix}_{secrets.token_hex(6)}"
    with _connect(base) as conn:
        # template0 + UTF8: the cluster's own default encoding may be anything.
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' '
                     f"LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    return _sqlalchemy_url(_with_database(base, name))


TERMINATE_OURS = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                  "AND pid <> pg_backend_pid() AND usename = current_user "
                  "AND backend_type = 'client backend'")


def drop_database(url: str) -> None:
    """Drop a database made by :func:`create_database`, closing what is still connected.

    Not WITH (FORCE): that refuses to end the autovacuum worker a test's inserts may
    have woken there; a plain DROP cancels it itself and waits for the others.
    """
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with _connect(base_url()) as conn:
        for attempt in range(5):
            conn.execute(TERMINATE_OURS, (name,))
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                if attempt == 4:
                    raise
                time.sleep(0.2)


@contextlib.contextmanager
def fresh_database():
    """Create an empty UTF-8 database for one test, yield its SQLAlchemy URL, then drop it."""
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)


def load_sql(url: str, sql: str) -> None:
    """Run a plain-SQL dump (pg_dump) into the database at `url`; psql's own commands are skipped."""
    statements = "\n".join(line for line in sql.splitlines() if not line.startswith("\\"))
    with _connect(_libpq_url(url)) as conn:
        conn.execute(statements)


class WorkerDatabase:
    """One database per pytest worker: the models' schema made once, emptied after each test."""

    def __init__(self, worker: str):
        from sqlalchemy import create_engine

        from evidence_archive.db import create_schema, db

        self.url = create_database(f"ea_test_{worker}")
        self.name = urlsplit(self.url).path.lstrip("/")
        engine = create_engine(self.url)
        try:
            with engine.begin() as connection:
                create_schema(connection)
        finally:
            engine.dispose()
        self.tables = [t.name for t in reversed(db.metadata.sorted_tables)]  # children first
        self.conn = _connect(_libpq_url(self.url))
        self.sequences = [row[0] for row in self.conn.execute(
            "SELECT sequence_name FROM information_schema.sequences")]

    def empty(self) -> None:
        """Delete every row and restart the ids, as in a new database; alembic_version stays."""
        # A connection a test left open (an app it did not dispose) would hold locks.
        self.conn.execute(TERMINATE_OURS, (self.name,))
        with self.conn.transaction():
            for table in self.tables:
                self.conn.execute(f'DELETE FROM "{table}"')
            for sequence in self.sequences:
                self.conn.execute(f'ALTER SEQUENCE "{sequence}" RESTART')

    def drop(self) -> None:
        self.conn.close()
        drop_database(self.url)
