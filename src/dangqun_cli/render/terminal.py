"""Tables and records for people at a terminal, drawn with rich from the services' plain data.

Long Chinese cells wrap (``overflow="fold"``) instead of being cut; every enum is shown by
its Chinese label; dates as 2010年9月6日.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dangqun_cli.dates import When, format_date
from dangqun_cli.enums import DayPart, LabelledEnum, MeetingKind, OpinionState, UnitKind

Column = tuple[str, Callable[[dict], Any]]


def console() -> Console:
    # Made per call, so that output follows sys.stdout as it is now (tests swap it).
    return Console(highlight=False, soft_wrap=False)


def label(enum: type[LabelledEnum], key: str | None) -> str:
    return enum(key).label if key else ""


def when_label(iso: str | None, part: str | None = None) -> str:
    """``2010-09-06T15:00:00`` → 2010年9月6日 15:00; a bare date may carry a part of day."""
    if not iso:
        return ""
    if "T" in iso:
        moment = dt.datetime.fromisoformat(iso)
        return When(moment.date(), moment.time()).label()
    return When(dt.date.fromisoformat(iso), None, DayPart(part) if part else None).label()


def date_label(iso: str | None) -> str:
    return format_date(dt.date.fromisoformat(iso)) if iso else ""


def table(columns: Iterable[Column], rows: Iterable[dict], *, title: str | None = None) -> None:
    columns = list(columns)
    grid = Table(title=title, box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
    for header, _ in columns:
        grid.add_column(header, overflow="fold")
    count = 0
    for row in rows:
        grid.add_row(*(_cell(get(row)) for _, get in columns))
        count += 1
    if count == 0:
        console().print("（没有记录）")
        return
    console().print(grid)


def _cell(value: Any) -> str | Text:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value
    return Text(str(value))


def fields(pairs: Iterable[tuple[str, Any]], *, title: str | None = None) -> None:
    """A two-column block of 标签：值, skipping empty values."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in pairs:
        if value not in (None, "", []):
            grid.add_row(f"{name}", _cell(value))
    out = console()
    if title:
        out.print(Text(title, style="bold"))
    out.print(grid)


# ---- records ---------------------------------------------------------------------------


def units(rows: list[dict]) -> None:
    table(
        [
            ("编号", lambda r: r["id"]),
            ("名称", lambda r: r["name"]),
            ("类型", lambda r: label(UnitKind, r["kind"])),
            ("上级单位", lambda r: r["parent"]),
            ("备注", lambda r: r["note"]),
        ],
        rows,
    )


def unit(data: dict) -> None:
    fields(
        [
            ("编号", data["id"]),
            ("名称", data["name"]),
            ("类型", label(UnitKind, data["kind"])),
            ("上级单位", data["parent"]),
            ("下级单位", "、".join(data["children"])),
            ("会议", f"{data['meetings']} 次"),
            ("备注", data["note"]),
        ]
    )


def meetings(rows: list[dict]) -> None:
    table(
        [
            ("编号", lambda r: r["id"]),
            ("时间", lambda r: when_label(r["date"])),
            ("类型", lambda r: label(MeetingKind, r["kind"])),
            ("主题", lambda r: r["title"]),
            ("地点", lambda r: r["place"]),
            ("单位", lambda r: r["unit"]),
            ("主持人", lambda r: r["host"]),
            ("意见", lambda r: r["opinions"] or ""),
        ],
        rows,
    )


def _people(people: list[dict]) -> str:
    return "、".join(f"{p['name']}（{p['unit']}）" if p.get("unit") else p["name"] for p in people)


def meeting_record(data: dict) -> None:
    """The 会议记录 a secretary could paste into the record book, then the opinions raised."""
    out = console()
    out.print(Text(f"会议记录（第 {data['id']} 号）", style="bold"))
    end = when_label(data["end"]) if data["end"] else ""
    headcount = ""
    if data["expected"] is not None or data["present"] is not None:
        headcount = "，".join(
            f"{name} {n} 人"
            for name, n in (("应到", data["expected"]), ("实到", data["present"]))
            if n is not None
        )
    absentees = "、".join(
        f"{a['name']}（{a['reason']}）" if a["reason"] else a["name"] for a in data["absentees"]
    )
    fields(
        [
            ("会议类型", label(MeetingKind, data["kind"])),
            ("时间", when_label(data["date"], data["part_of_day"]) + (f" 至 {end}" if end else "")),
            ("地点", data["place"]),
            ("主办单位", data["unit"]),
            ("主持人", data["host"]),
            ("记录人", data["recorder"]),
            ("出席", _people(data["attendees"])),
            ("列席", _people(data["invitees"])),
            ("缺席", absentees),
            ("人数", headcount),
            ("议题", data["title"]),
        ]
    )
    if data["minutes"]:
        out.print(Text("内容", style="bold"))
        from rich.markdown import Markdown  # only a record with minutes needs it

        out.print(Markdown(data["minutes"]))
    if data["decisions"]:
        out.print(Text("决议", style="bold"))
        for i, text in enumerate(data["decisions"], 1):
            out.print(Text(f"{i}. {text}"))
    out.print()
    if data["opinions"]:
        opinions(data["opinions"], title="会上提出的意见建议")
    else:
        out.print("会上未记录意见建议。")


def _outcome(row: dict) -> str:
    return row.get("reply") or row.get("reason") or ""


def opinions(rows: list[dict], *, title: str | None = None) -> None:
    columns: list[Column] = [
        ("编号", lambda r: r["id"]),
        ("提出人", lambda r: r["by"]),
        ("类别", lambda r: r["topic"]),
        ("意见内容", lambda r: r["text"]),
        ("状态", lambda r: state_text(r["state"])),
    ]
    if "raised_on" in (rows[0] if rows else {}):
        columns.insert(1, ("日期", lambda r: date_label(r["raised_on"])))
    if any(_outcome(r) for r in rows):
        columns.append(("答复或理由", _outcome))
    table(columns, rows, title=title)


_STATE_STYLE = {"pending": "yellow", "rectifying": "cyan", "answered": "green", "declined": "dim"}


def state_text(key: str) -> Text:
    return Text(label(OpinionState, key), style=_STATE_STYLE.get(key, ""))


def opinion(data: dict) -> None:
    source = (
        f"会议 {data['meeting_id']}：{data['meeting']}" if data["meeting_id"] else data["source"]
    )
    fields(
        [
            ("编号", data["id"]),
            ("来源", source),
            ("提出日期", date_label(data["raised_on"])),
            ("提出人", data["by"]),
            ("类别", data["topic"]),
            ("意见内容", data["text"]),
            ("状态", state_text(data["state"])),
            ("答复", data["reply"]),
            ("不予采纳的理由", data["reason"]),
            ("处理日期", date_label(data["handled_on"])),
        ]
    )


def log(rows: list[dict]) -> None:
    from dangqun_cli.queries.audit import ACTION_LABELS

    table(
        [
            ("序号", lambda r: r["id"]),
            ("时间", lambda r: r["at"].replace("T", " ")),
            ("操作人", lambda r: r["actor"]),
            (
                "记录",
                lambda r: (
                    f"{RECORD_LABELS.get(r['record_type'], r['record_type'])} {r['record_id']}"
                ),
            ),
            ("操作", lambda r: ACTION_LABELS.get(r["action"], r["action"])),
            ("改动", changes),
        ],
        rows,
    )


RECORD_LABELS = {
    "unit": "单位",
    "meeting": "会议",
    "opinion": "意见",
    "item": "整改事项",
    "summary": "工作总结",
    "rule": "制度要求",
}


def changes(row: dict) -> str:
    """Which fields changed, briefly: 标题: 旧 → 新."""
    before, after = row["before"] or {}, row["after"] or {}
    if not before:
        return ""
    if not after:
        return "（已删除）"
    parts = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            if isinstance(old, list | dict) or isinstance(new, list | dict):
                parts.append(f"{key}：已修改")
            else:
                parts.append(f"{key}：{_short(old)} → {_short(new)}")
    return "；".join(parts)


def _short(value: Any, width: int = 30) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
