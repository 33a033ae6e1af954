"""Baseline: the schema as the archive had it before migrations (made by db.create_all).

Revision ID: 0001
Revises:
Create Date: 2026-12-02

A database made before migrations already holds these tables (all of them, or
all but the newest if the code that made it was older): each missing table is
created, the others are left as they are, and Alembic records the revision.
On an empty database it creates them all.
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, (columns, indexes) in TABLES.items():
        if name in existing:
            continue
        op.create_table(name, *columns())
        for index, on in indexes:
            op.create_index(op.f(index), name, on, unique=False)


def downgrade() -> None:
    raise RuntimeError("the baseline cannot be undone: it would drop the whole archive")


def _agency() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("former_names", sa.JSON(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
    ]


def _blob() -> list:
    return [
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    ]


def _indicator() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("group", sa.String(length=300), nullable=False),
        sa.Column("period", sa.String(length=300), nullable=False),
        sa.Column("scoring", sa.String(length=300), nullable=False),
        sa.Column("elements", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("year", "code", name=op.f("uq_indicator_year_code")),
    ]


def _user() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    ]


def _api_token() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_api_token_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    ]


def _assessment_year() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_assessment_year_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_year")),
        sa.UniqueConstraint("agency_id", "year", name=op.f("uq_assessment_year_agency_id_year")),
    ]


def _audit_event() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target_type", sa.String(length=50), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_audit_event_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    ]


def _file_text() -> list:
    return [
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blob.sha256"], name=op.f("fk_file_text_sha256_blob"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_file_text")),
    ]


def _plugin_state() -> list:
    return [
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["changed_by_id"], ["user.id"], name=op.f("fk_plugin_state_changed_by_id_user")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plugin_state")),
    ]


def _category() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("required_elements", sa.JSON(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["user.id"], name=op.f("fk_category_deleted_by_id_user")),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"], name=op.f("fk_category_indicator_id_indicator")),
        sa.ForeignKeyConstraint(["parent_id"], ["category.id"], name=op.f("fk_category_parent_id_category")),
        sa.ForeignKeyConstraint(["year_id"], ["assessment_year.id"], name=op.f("fk_category_year_id_assessment_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
    ]


def _evidence_set() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], name=op.f("fk_evidence_set_category_id_category")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_evidence_set_created_by_id_user")),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["user.id"], name=op.f("fk_evidence_set_deleted_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_set")),
        sa.UniqueConstraint("category_id", "number", name=op.f("uq_evidence_set_category_id_number")),
        sa.UniqueConstraint("public_id", name=op.f("uq_evidence_set_public_id")),
    ]


def _evidence_item() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type_key", sa.String(length=100), nullable=False),
        sa.Column("type_snapshot", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_evidence_item_created_by_id_user")),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["user.id"], name=op.f("fk_evidence_item_deleted_by_id_user")),
        sa.ForeignKeyConstraint(["set_id"], ["evidence_set.id"], name=op.f("fk_evidence_item_set_id_evidence_set")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_item")),
        sa.UniqueConstraint("public_id", name=op.f("uq_evidence_item_public_id")),
    ]


def _item_file() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_item_file_created_by_id_user")),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["user.id"], name=op.f("fk_item_file_deleted_by_id_user")),
        sa.ForeignKeyConstraint(["item_id"], ["evidence_item.id"], name=op.f("fk_item_file_item_id_evidence_item")),
        sa.ForeignKeyConstraint(["sha256"], ["blob.sha256"], name=op.f("fk_item_file_sha256_blob")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_file")),
        sa.UniqueConstraint("public_id", name=op.f("uq_item_file_public_id")),
    ]



TABLES = {  # name: (columns and constraints, indexes), in an order that satisfies foreign keys
    "agency": (_agency, []),
    "blob": (_blob, []),
    "indicator": (_indicator, [
        ("ix_indicator_year", ["year"]),
    ]),
    "user": (_user, []),
    "api_token": (_api_token, [
        ("ix_api_token_user_id", ["user_id"]),
    ]),
    "assessment_year": (_assessment_year, []),
    "audit_event": (_audit_event, [
        ("ix_audit_event_action", ["action"]),
        ("ix_audit_event_at", ["at"]),
        ("ix_audit_event_user_id", ["user_id"]),
    ]),
    "file_text": (_file_text, [
        ("ix_file_text_status", ["status"]),
    ]),
    "plugin_state": (_plugin_state, []),
    "category": (_category, [
        ("ix_category_deleted_at", ["deleted_at"]),
        ("ix_category_year_id", ["year_id"]),
    ]),
    "evidence_set": (_evidence_set, [
        ("ix_evidence_set_category_id", ["category_id"]),
        ("ix_evidence_set_deleted_at", ["deleted_at"]),
    ]),
    "evidence_item": (_evidence_item, [
        ("ix_evidence_item_deleted_at", ["deleted_at"]),
        ("ix_evidence_item_document_date", ["document_date"]),
        ("ix_evidence_item_set_id", ["set_id"]),
        ("ix_evidence_item_type_key", ["type_key"]),
    ]),
    "item_file": (_item_file, [
        ("ix_item_file_deleted_at", ["deleted_at"]),
        ("ix_item_file_item_id", ["item_id"]),
        ("ix_item_file_sha256", ["sha256"]),
    ]),
}
