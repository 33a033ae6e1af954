"""A fresh PostgreSQL database per test, on the server named by EVIDENCE_ARCHIVE_TEST_POSTGRES_URL."""
from __future__ import annotations

import contextlib
import os
import secrets

import pytest


@contextlib.contextmanager
def fresh_database():
    """Create an empty database for one test and drop it afterwards."""
    base = os.environ.get("EVIDENCE_ARCHIVE_TEST_POSTGRES_URL")
    if not base:
        # In CI a missing server is a failure, never a silent skip.
        pytest.fail("EVIDENCE_ARCHIVE_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL")
    import psycopg

    name = f"ea_test_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = base.rsplit("/", 1)[0] + f"/{name}"
        yield url.replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
