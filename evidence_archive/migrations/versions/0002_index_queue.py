"""The search index's durable journal: items whose index entry must be written again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_queue",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_queue")),
    )
    op.create_index(op.f("ix_index_queue_item_id"), "index_queue", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_index_queue_item_id"), table_name="index_queue")
    op.drop_table("index_queue")
