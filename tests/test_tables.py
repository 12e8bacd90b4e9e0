"""The read side's lightweight tables agree with the models that own the schema."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

import dangqun_cli.models  # noqa: F401  (registers the tables)
from dangqun_cli import tables

pytestmark = pytest.mark.no_database  # nothing here opens the test database


def _affinity(type_: sa.types.TypeEngine) -> type:
    for kind in (
        sa.DateTime,
        sa.Date,
        sa.Time,
        sa.Boolean,
        sa.Integer,
        sa.String,
        sa.Text,
        sa.LargeBinary,
    ):
        if isinstance(type_, kind):
            return sa.String if kind is sa.Text else kind
    raise AssertionError(f"unexpected type {type_!r}")


def test_every_read_column_exists_with_the_same_type():
    for light in tables.ALL:
        real = SQLModel.metadata.tables[light.name]
        for column in light.columns:
            assert column.name in real.columns, f"{light.name}.{column.name}"
            expected = _affinity(real.columns[column.name].type)
            if isinstance(real.columns[column.name].type, sa.Enum):
                expected = sa.String
            assert _affinity(column.type) is expected, f"{light.name}.{column.name}"
