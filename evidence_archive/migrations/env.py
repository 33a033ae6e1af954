"""Alembic's environment: migrate the connection that `evidence_archive.db` hands over.

Run migrations with ``evidence-archive db upgrade`` (evidence_archive.db.upgrade), never
with the ``alembic`` command: it opens the database in one transaction, with the care
SQLite needs, and passes the connection here in ``config.attributes["connection"]``.
"""
from alembic import context

from evidence_archive import models  # noqa: F401  (puts every table on the metadata)
from evidence_archive.db import db

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `evidence-archive db upgrade`, not `alembic`")

context.configure(
    connection=connection,
    target_metadata=db.metadata,
    # SQLite alters a table by copying it into a new one; batch operations do that
    # there and plain ALTER TABLE on PostgreSQL, so one migration serves both.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
