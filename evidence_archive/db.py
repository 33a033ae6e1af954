"""The SQLAlchemy handle shared by the models and services, and the schema's migrations.

The schema is changed only by the Alembic migrations in ``evidence_archive/migrations/``
(``evidence-archive db upgrade``, also run by ``init``).  :func:`check_schema` refuses a
database older or newer than the code; ``create_app`` calls it unless the CLI is running a
command that migrates (``init``, ``db ...``).  A test archive (``CREATE_SCHEMA_IF_EMPTY``)
may instead get the schema of the models directly on an empty database, stamped as head.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool

# Named constraints so that both SQLite and PostgreSQL report the same names.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MIGRATIONS = "evidence_archive:migrations"
UPGRADE_HINT = "back it up, then run `evidence-archive db upgrade`"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


class SchemaError(RuntimeError):
    """The database's schema is not the one this code was written for."""


# FULL: in WAL mode each commit syncs the WAL, so a commit the user was told of survives a
# power cut or an OS crash; NORMAL syncs only at checkpoints, and such a commit may roll
# back (SQLite's PRAGMA synchronous documentation).  bench/sync_cost.py measures the cost.
SQLITE_SYNCHRONOUS = "FULL"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys, WAL and durable commits for SQLite; other databases ignore this."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def init_app(app) -> None:
    """Bind the database to the app; the schema is checked by :func:`check_schema`."""
    db.init_app(app)


# --------------------------------------------------------------------------- revisions

def alembic_config(connection: Connection | None = None):
    """Return Alembic's configuration for the migrations shipped in the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


@functools.cache
def scripts():
    """Return Alembic's view of the migration files (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def head_revision() -> str:
    """Return the revision the code needs (the single head of the migrations)."""
    heads = scripts().get_heads()
    if len(heads) != 1:
        raise SchemaError(f"the migrations have {len(heads)} heads ({', '.join(heads)}): "
                          "set one migration's down_revision to the other (docs/architecture.md)")
    return heads[0]


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its Alembic revision, and whether it holds archive tables."""

    revision: str | None
    has_tables: bool

    @property
    def empty(self) -> bool:
        return self.revision is None and not self.has_tables

    @property
    def before_migrations(self) -> bool:
        """Made by a version that created its tables with create_all (no alembic_version)."""
        return self.revision is None and self.has_tables


def schema_state(connection: Connection) -> SchemaState:
    """Read a database's revision and whether any of the archive's tables are there."""
    from alembic.runtime.migration import MigrationContext

    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is not None:  # alembic_version is one of the archive's tables
        return SchemaState(revision, True)
    tables = set(inspect(connection).get_table_names())
    return SchemaState(None, bool(tables & set(db.metadata.tables)))


def describe(state: SchemaState) -> str:
    """Say in a sentence where a database stands against the code, and what to do."""
    head = head_revision()
    if state.revision == head:
        return f"the database is at the code's revision {head}"
    if state.empty:
        return "the database has no tables yet: run `evidence-archive init`"
    if state.before_migrations:
        return f"the database was made before schema migrations: {UPGRADE_HINT}"
    if state.revision in {script.revision for script in scripts().walk_revisions()}:
        return (f"the database is at revision {state.revision}, older than the code's "
                f"{head}: {UPGRADE_HINT}")
    return (f"the database is at revision {state.revision}, which this code does not know "
            "(made by a newer version?): run that version, or restore a backup")


# --------------------------------------------------------------------------- checking

def check_schema(app) -> None:
    """Refuse to run on a database whose schema is not the code's (raise SchemaError).

    With ``CREATE_SCHEMA_IF_EMPTY`` (test archives only), an empty database gets the
    models' tables directly, stamped as the head revision: the fast way to a fresh schema.
    """
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=True)
        with db.engine.connect() as connection:
            state = schema_state(connection)
            if state.revision == head_revision():
                return
            if state.empty and app.config.get("CREATE_SCHEMA_IF_EMPTY"):
                create_schema(connection)
                connection.commit()
                return
        db.engine.dispose()  # the app is not made: leave no connection behind
    raise SchemaError(f"database {url}: {describe(state)}")


def create_schema(connection: Connection) -> None:
    """Create every table of the models and stamp the head revision (empty databases only)."""
    from alembic.runtime.migration import MigrationContext

    db.metadata.create_all(connection)
    MigrationContext.configure(connection).stamp(scripts(), head_revision())


# --------------------------------------------------------------------------- upgrading

def upgrade(app, revision: str = "head") -> tuple[SchemaState, str]:
    """Migrate the app's database to `revision` in one transaction; return (before, after).

    A database made before migrations (tables, no ``alembic_version``) is adopted: the
    baseline creates only the tables it lacks and records the revision.
    """
    from alembic import command

    with app.app_context():
        url = db.engine.url
    engine = migration_engine(url)
    try:
        with engine.begin() as connection:
            before = schema_state(connection)
            if before.before_migrations:
                app.logger.warning("adopting a database made before schema migrations as the "
                                   "baseline revision")
            command.upgrade(alembic_config(connection), revision)
            _check_foreign_keys(connection)
            after = schema_state(connection).revision
    finally:
        engine.dispose()
    return before, after


def migration_engine(url) -> Engine:
    """Return an engine whose transactions hold DDL too, also on SQLite.

    Python's sqlite3 commits before each DDL statement on its own, so a failed
    migration would leave half a schema: here the engine sends BEGIN IMMEDIATE itself
    (which also waits for other writers).  Foreign keys are off meanwhile, as SQLite
    requires for rebuilding a table (Alembic's batch mode): with them on, dropping the
    old table would delete or refuse rows that refer to it.  `_check_foreign_keys`
    checks them all before the commit instead.
    """
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _manual_transactions(dbapi_connection, record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _check_foreign_keys(connection: Connection) -> None:
    """Fail (and so roll back) a SQLite migration that left a row pointing nowhere."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise SchemaError(f"the migration left {len(broken)} rows with broken foreign keys, "
                          f"e.g. {tuple(broken[0])}; nothing was changed")


# --------------------------------------------------------------------------- for developers

def revisions() -> list:
    """Return the migrations (Alembic scripts), newest first."""
    return list(scripts().walk_revisions())


def new_revision(message: str, autogenerate: bool = True) -> str:
    """Write a new migration file into the package; return its path.

    With `autogenerate`, Alembic compares the models with a scratch SQLite database
    upgraded to head, so the developer's own database plays no part.
    """
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory(prefix="evidence-archive-revision-") as folder:
        engine = migration_engine(f"sqlite:///{folder}/scratch.sqlite3")
        try:
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), "head")
                script = command.revision(alembic_config(connection), message=message,
                                          autogenerate=autogenerate)
        finally:
            engine.dispose()
    scripts.cache_clear()
    head_revision.cache_clear()
    return script.path


def insert_or_ignore(model, values: dict) -> bool:
    """Insert one row unless its key exists (committed or not); return whether it was inserted.

    Two requests storing the same file meet here: PostgreSQL makes the second
    wait for the first transaction and then skips, SQLite serialises them; a
    duplicate key never reaches the caller as an error.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the archive supports these two
        raise NotImplementedError(f"insert_or_ignore on {dialect}")
    key = inspect(model).primary_key[0]
    stmt = insert(model).values(**values).on_conflict_do_nothing().returning(key)
    # RETURNING, not rowcount: psycopg does not report a row count for this statement.
    return db.session.execute(stmt).first() is not None
