"""item category, target and partners

Offices' own ledgers keep 问题类别, 整改目标 and 配合单位 beside each item; they become
columns of the item (added at the end of the table, no data to move).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): SQLite adds a nullable column in place.
    op.add_column("rectification_item", sa.Column("category", sa.String(length=50)))
    op.add_column("rectification_item", sa.Column("target", sa.Text()))
    op.add_column("rectification_item", sa.Column("partners", sa.String(length=200)))
    op.create_index(op.f("ix_rectification_item_category"), "rectification_item", ["category"])


def downgrade() -> None:
    op.drop_index(op.f("ix_rectification_item_category"), table_name="rectification_item")
    with op.batch_alter_table("rectification_item", schema=None) as batch_op:
        batch_op.drop_column("partners")
        batch_op.drop_column("target")
        batch_op.drop_column("category")
