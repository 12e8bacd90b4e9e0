"""Alembic environment: dangqun's own tables, on the connection the program hands over.

dangqun runs migrations itself (``dangqun db upgrade`` or on first open), passing its open
connection in ``config.attributes["connection"]`` (alembic cookbook, "Sharing a
Connection"). Run by hand, ``alembic -x db=PATH_OR_URL upgrade head`` works too.
"""

from alembic import context
from sqlmodel import SQLModel

import dangqun_cli.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from dangqun_cli.config import to_url
    from dangqun_cli.database.engines import get_engine

    target = context.get_x_argument(as_dictionary=True).get("db")
    if not target:
        raise SystemExit("用法：alembic -x db=数据库路径或地址 upgrade head")
    with get_engine(to_url(target)).connect() as conn:
        run(conn)
        conn.commit()
