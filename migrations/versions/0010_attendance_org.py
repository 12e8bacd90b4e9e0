"""attendance org

A 列席 guest from outside (``--invitee 张三@市委组织部``) keeps the organisation as text
instead of having to be registered as a unit first. Absentees name their unit
(``--absent 冯涛@南湖社区党委:培训``) in the existing ``unit_id``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without constraints: SQLite adds it in place (no batch copy).
    op.add_column("attendance", sa.Column("org", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_column("org")
