"""A fresh PostgreSQL database per test, on the server named by EVIDENCE_ARCHIVE_TEST_POSTGRES_URL.

`.ci/run` starts Debian's PostgreSQL and sets the variable (``postgresql://ea:…@127.0.0.1:5432/ea``;
the role needs CREATEDB).  Without it the PostgreSQL tests skip on a developer's machine and
fail in CI (``CI`` set), where a missing server must never pass silently.
"""
from __future__ import annotations

import contextlib
import os
import secrets
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


def base_url() -> str:
    """Return the server URL from the environment, or fail/skip when there is none."""
    url = os.environ.get(ENV)
    if not url:
        unavailable(f"{ENV} is not set")
    return _libpq_url(url)


@contextlib.contextmanager
def fresh_database():
    """Create an empty UTF-8 database for one test, yield its SQLAlchemy URL, then drop it."""
    import psycopg

    base = base_url()
    name = f"ea_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            # template0 + UTF8: the cluster's own default encoding may be anything.
            conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' '
                         f"LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    except psycopg.OperationalError as exc:
        unavailable(f"cannot connect to {urlsplit(base).hostname}:{urlsplit(base).port}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")
    try:
        yield _with_database(base, name).replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_sql(url: str, sql: str) -> None:
    """Run a plain-SQL dump (pg_dump) into the database at `url`; psql's own commands are skipped."""
    import psycopg

    statements = "\n".join(line for line in sql.splitlines() if not line.startswith("\\"))
    with psycopg.connect(_libpq_url(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(statements)
