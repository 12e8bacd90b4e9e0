"""audit entry command

The entries one command wrote (an ``edit`` of a meeting and the opinions it moved, an
``import``) share the id of the first of them: ``dangqun undo`` reverts exactly the
operator's last command, even when two commands were written within the same second. The
chain's hash covers the number when it is set (chain.py), so regrouping entries breaks
it; entries written before this revision have none and keep their hashes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("command", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("command")
