"""Units by the name a secretary types, and names for unit numbers: the look-ups that the
services, the read side, the reports and the importer share.

A name is compared after :func:`~dangqun_cli.text.name_key` (width, spaces), and an
unknown one is refused with the closest names. Plain SQL (:mod:`dangqun_cli.database.reader`):
the same look-up on a read's connection and on a write's session.
"""

from __future__ import annotations

import difflib

from dangqun_cli.database.reader import Reader, as_reader, ids_in
from dangqun_cli.errors import InvalidInput, NotFound
from dangqun_cli.records import BY_KEY
from dangqun_cli.text import NAME_MAX, clean_text, name_key, same_names


def find_unit_id(conn: Reader, name: str) -> int:
    """A unit by its name (as :func:`unit_id_by_name`); an unknown name is refused with the
    closest names."""
    # Checked as compared: a zero-width character in the name typed still finds a unit
    # stored with it before such names were refused, but a control character never passes.
    clean_text(name_key(name), field="单位名称", max_len=NAME_MAX, required=True)
    found = unit_id_by_name(conn, name)
    if found is not None:
        return found
    wanted = clean_text(name, field="单位名称", max_len=NAME_MAX, required=True)
    names = [r.name for r in as_reader(conn).rows("SELECT name FROM unit ORDER BY id")]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.4)
    close += [n for n in names if (wanted in n or n in wanted) and n not in close]
    if close:
        hint = "是不是：" + "、".join(close[:3]) + "？"
    else:
        hint = f"先用 dangqun unit add {wanted} 添加，或{BY_KEY['unit'].hint}"
    raise NotFound(f"没有名为“{wanted}”的单位", hint)


def unit_id_by_name(conn: Reader, name: str) -> int | None:
    """The unit whose name is ``name`` exactly, else the one whose name is the same after
    :func:`~dangqun_cli.text.name_key` (``ＡＢＣ工会`` finds ``ABC工会``); None when there is
    none. The exact name comes first because names stored before they were compared this way
    may differ only in width; two such units and neither exact is refused as ambiguous."""
    typed = name.strip()
    found = as_reader(conn).scalar("SELECT id FROM unit WHERE name = :name", name=typed)
    if found is not None:
        return found
    same = same_name(conn, typed)
    if len(same) > 1:
        shown = "、".join(f"“{n}”（编号 {i}）" for i, n in same)
        raise InvalidInput(
            f"“{typed}”可以指 {len(same)} 个写法相近的单位：{shown}",
            "请照单位列表里的写法输入，或用 dangqun unit edit 改名使其可以区分",
        )
    return same[0][0] if same else None


def same_name(conn: Reader, name: str, *, exclude: int | None = None) -> list[tuple[int, str]]:
    """Units whose names equal ``name`` after :func:`~dangqun_cli.text.name_key`.

    Compared here rather than in SQL: neither database has NFKC in a form both share, and a
    ledger has tens or hundreds of units (id and name only are read)."""
    rows = as_reader(conn).rows("SELECT id, name FROM unit ORDER BY id")
    return same_names(rows, name, exclude=exclude)


def unit_names(conn: Reader, ids: set[int | None]) -> dict[int, str]:
    """Names for a set of unit ids, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = as_reader(conn).rows(f"SELECT id, name FROM unit WHERE id IN {ids_in(sorted(wanted))}")
    return {unit_id: name for unit_id, name in rows}


def unit_and_below(conn: Reader, unit_id: int) -> set[int]:
    """A unit and every unit under it, at any depth (``--unit`` on summaries and lists).

    The whole tree is read at once: an office has tens or hundreds of units, and a loop
    that follows parents in Python needs no recursive SQL, which the two databases write
    differently. A cycle (which the unit service refuses) cannot make it loop."""
    children: dict[int, list[int]] = {}
    for child, parent in as_reader(conn).rows("SELECT id, parent_id FROM unit"):
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found = {unit_id}
    todo = [unit_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
