"""``delete`` of meetings, opinions, rectification items and units: one way for all four."""

from __future__ import annotations

import typer

from dangqun_cli.cli.runtime import confirmed, reading, say, write


def delete(ctx: typer.Context, kind: str, record_id: int, yes: bool) -> None:
    """Name the record, ask (unless ``--yes``), delete it and say so."""
    from dangqun_cli.queries.records import record_values
    from dangqun_cli.records import not_found
    from dangqun_cli.services.deletion import shown

    with reading(ctx) as reader:
        values = record_values(reader, kind, record_id)
    if values is None:
        raise not_found(kind, record_id)
    if not confirmed(f"确定删除{shown(kind, record_id, values)}？", yes=yes):
        say("未删除。")
        return
    from dangqun_cli.services.deletion import delete_record

    removed = write(ctx, lambda s: delete_record(s, kind, record_id))
    say(f"已删除{removed}（操作记录中保留原内容；可用 dangqun undo 撤销）")


def delete_unit(ctx: typer.Context, name: str, yes: bool) -> None:
    """``unit delete NAME``: the unit of that name, as :func:`delete`."""
    from dangqun_cli.unit_lookup import find_unit_id

    with reading(ctx) as reader:
        unit_id = find_unit_id(reader, name)
    delete(ctx, "unit", unit_id, yes)
