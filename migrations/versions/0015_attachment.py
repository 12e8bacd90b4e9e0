"""attachment

Evidence files (佐证材料) of a rectification item: a photo of the 公示栏, a scanned
notice. ``attachment`` names each file of an item (name, size, sha256, when and by whom it
was added) and belongs to the item's record, as its progress notes do; the bytes are kept
once per content in ``attachment_blob``, keyed by their sha256, so the audit trail names
a file by its hash and never holds its bytes. Two new tables; nothing else changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blob")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["rectification_item.id"],
            name=op.f("fk_attachment_item_id_rectification_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_blob.sha256"],
            name=op.f("fk_attachment_sha256_attachment_blob"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index(op.f("ix_attachment_item_id"), "attachment", ["item_id"], unique=False)
    op.create_index(op.f("ix_attachment_sha256"), "attachment", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_attachment_sha256"), table_name="attachment")
    op.drop_index(op.f("ix_attachment_item_id"), table_name="attachment")
    op.drop_table("attachment")
    op.drop_table("attachment_blob")
