"""meeting template

The 支委会 held every month, the 座谈会 each quarter: their kind, title, unit, place, host,
recorder, attendees, invitees and expected headcount kept under a name, so that `meeting add
--template NAME` fills what the command line leaves out. A new table; nothing else changes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The meeting kinds as enums.MeetingKind has them now (stored as text: no check constraint).
KINDS = (
    "symposium",
    "joint",
    "office",
    "review",
    "branch_congress",
    "branch_committee",
    "group",
    "lecture",
    "party_day",
    "other",
)


def upgrade() -> None:
    op.create_table(
        "meeting_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="meetingkind", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(length=100), nullable=True),
        sa.Column("recorder", sa.String(length=100), nullable=True),
        sa.Column("attendees", sa.Text(), nullable=True),
        sa.Column("invitees", sa.Text(), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_meeting_template_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_template")),
        sa.UniqueConstraint("name", name=op.f("uq_meeting_template_name")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("meeting_template")
