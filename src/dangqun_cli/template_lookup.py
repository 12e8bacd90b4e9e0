"""Meeting templates (会议模板) by the name a secretary types, and the one way their lists of
people are written down: the look-ups the services and the read side share.

A name is compared after :func:`~dangqun_cli.text.name_key`, as unit names are, so ``支委会``
and ``支委会`` typed in full width are one template. Plain SQL (:mod:`dangqun_cli.database.reader`):
the same look-up on a read's connection and on a write's session.
"""

from __future__ import annotations

from dangqun_cli.database.reader import Reader, as_reader
from dangqun_cli.errors import NotFound
from dangqun_cli.text import NAME_MAX, clean_text, person_text, same_names

ADD_HINT = "用 dangqun meeting template add 名称 --kind … 添加"


def template_names(conn: Reader) -> list[tuple[int, str]]:
    """(id, name) of every template, in the order they were added (a handful at most)."""
    rows = as_reader(conn).rows("SELECT id, name FROM meeting_template ORDER BY id")
    return [(i, n) for i, n in rows]


def same_template(conn: Reader, name: str, *, exclude: int | None = None) -> list[tuple[int, str]]:
    """Templates whose names equal ``name`` after name_key (compared here, as unit names
    are: neither database has NFKC in a form both share)."""
    return same_names(template_names(conn), name, exclude=exclude)


def find_template_id(conn: Reader, name: str) -> int:
    """The template named ``name`` (exactly, else after name_key); an unknown name is
    refused with the names there are."""
    wanted = clean_text(name, field="模板名称", max_len=NAME_MAX, required=True)
    names = template_names(conn)
    for i, n in names:
        if n == wanted:
            return i
    same = same_template(conn, wanted)
    if same:
        return same[0][0]
    if names:
        hint = "已有的模板：" + "、".join(n for _, n in names)
    else:
        hint = "还没有会议模板；" + ADD_HINT
    raise NotFound(f"没有名为“{wanted}”的会议模板", hint)


def people_text(people: list[tuple[str, str | None]]) -> str | None:
    """A template's list of people as stored: one ``姓名@单位`` (or ``姓名``) a line, as
    --attendee and --invitee take them; None for nobody."""
    lines = [person_text(name, unit) for name, unit in people]
    return "\n".join(lines) or None


def people_of(text: str | None) -> list[dict]:
    """The stored list back as ``[{"name", "unit"}]`` (names never hold “@” or a line
    break: the person parser splits at the first “@”, and names are one line)."""
    people = []
    for line in (text or "").splitlines():
        name, _, unit = line.partition("@")
        people.append({"name": name, "unit": unit or None})
    return people


def person_option(person: dict) -> str:
    """A person as the command line writes one: ``姓名@单位``."""
    return person_text(person["name"], person["unit"])
