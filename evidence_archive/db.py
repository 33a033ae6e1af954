"""The SQLAlchemy handle shared by the models and services."""
from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that both SQLite and PostgreSQL report the same names.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys and WAL for SQLite; other databases ignore this."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode, far fewer fsyncs
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def init_app(app) -> None:
    """Bind the database to the app and create missing tables."""
    db.init_app(app)
    with app.app_context():
        db.create_all()


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
    return db.session.execute(insert(model).values(**values).on_conflict_do_nothing()).rowcount == 1
