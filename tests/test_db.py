"""The database connection: SQLite's settings on every connection the archive opens."""
from __future__ import annotations

import pytest

from evidence_archive.db import db


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_connections_use_wal_durable_commits_and_foreign_keys(app):
    # A process kill cannot tell FULL from NORMAL (committed pages are in the OS cache
    # either way), so the setting itself is what a test can check.
    connection = db.session.connection()
    pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL: the WAL is synced at every commit
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 10000
