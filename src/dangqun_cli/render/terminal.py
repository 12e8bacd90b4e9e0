"""Tables and records for people at a terminal, from the services' plain data.

Short lists on a terminal are drawn with rich, in colour (render/rich_tables.py); long
lists, and everything sent to a pipe or a file, by the light renderer (render/plain.py),
laid out the same without importing rich. Long Chinese cells wrap instead of being cut;
every enum is shown by its Chinese label; dates as 2010年9月6日. The column getters return
plain data: a state's colour travels as a :class:`~dangqun_cli.render.plain.Styled` string.
Text from records and files is shown through :func:`dangqun_cli.text.visible`, so no
control character reaches the terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from dangqun_cli.dates import When, format_date, format_moment
from dangqun_cli.enums import (
    DayPart,
    ItemState,
    LabelledEnum,
    MeetingKind,
    OpinionState,
    UnitKind,
)
from dangqun_cli.render import plain
from dangqun_cli.render.plain import Styled
from dangqun_cli.text import visible

Column = tuple[str, Callable[[dict], Any]]


def console():
    """rich's console on stdout, for what only rich draws (Markdown, documents)."""
    from dangqun_cli.render.rich_tables import console

    return console()


def line(text: str = "", style: str = "") -> None:
    """One line of text (wrapped at the terminal's width), in ``style`` on a terminal."""
    if plain.styling():
        from dangqun_cli.render import rich_tables

        rich_tables.line(text, style)
    else:
        plain.line(visible(text))


@lru_cache(maxsize=256)  # a long list asks for the same few labels and dates again and again
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


def moment_label(iso: str | None) -> str:
    return format_moment(dt.datetime.fromisoformat(iso)) if iso else ""


@lru_cache(maxsize=4096)
def date_label(iso: str | None) -> str:
    return format_date(dt.date.fromisoformat(iso)) if iso else ""


def table(
    columns: Iterable[Column],
    rows: Iterable[dict],
    *,
    title: str | None = None,
    light: bool | None = None,
) -> None:
    """``rows`` as a table of ``columns``; ``light`` says which renderer (by default: the
    light one for a long list or when stdout is not a terminal)."""
    columns = list(columns)
    rows = list(rows)
    if not rows:
        line("（没有记录）")
        return
    headers = [header for header, _ in columns]
    getters = [get for _, get in columns]
    if light is None:
        light = plain.light(len(rows))
    if light:
        text = plain.cell_text
        cells = [[text(get(row)) for get in getters] for row in rows]
        plain.table(headers, cells, title=visible(title) if title else None)
    else:
        from dangqun_cli.render import rich_tables

        rich_tables.table(headers, [[get(row) for get in getters] for row in rows], title=title)


def fields(pairs: Iterable[tuple[str, Any]], *, title: str | None = None) -> None:
    """A two-column block of 标签：值, skipping empty values."""
    kept = [(name, value) for name, value in pairs if value not in (None, "", [])]
    if not plain.light(len(kept)):
        from dangqun_cli.render import rich_tables

        rich_tables.fields(kept, title=title)
    else:
        shown = [(name, plain.cell_text(value)) for name, value in kept]
        plain.fields(shown, title=visible(title) if title else None)


# ---- records ---------------------------------------------------------------------------


def units(rows: list[dict]) -> None:
    table(
        [
            ("编号", lambda r: r["id"]),
            ("名称", lambda r: "　" * r.get("depth", 0) + r["name"]),  # under its parent
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
            ("时间", lambda r: when_label(r["date"], r["part_of_day"])),
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
    from dangqun_cli.reports.document import person_label

    return "、".join(person_label(p) for p in people)


def meeting_record(data: dict) -> None:
    """The 会议记录 a secretary could paste into the record book, then the opinions raised."""
    line(f"会议记录（第 {data['id']} 号）", "bold")
    end = when_label(data["end"]) if data["end"] else ""
    headcount = ""
    if data["expected"] is not None or data["present"] is not None:
        headcount = "，".join(
            f"{name} {n} 人"
            for name, n in (("应到", data["expected"]), ("实到", data["present"]))
            if n is not None
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
            ("缺席", _people(data["absentees"])),
            ("人数", headcount),
            ("议题", data["title"]),
        ]
    )
    if data["minutes"]:
        line("内容", "bold")
        from rich.markdown import Markdown  # only a record with minutes needs rich

        console().print(Markdown(visible(data["minutes"])))
    if data["decisions"]:
        line("决议", "bold")
        for i, text in enumerate(data["decisions"], 1):
            line(f"{i}. {text}")
    line()
    if data["opinions"]:
        opinions(data["opinions"], title="会上提出的意见建议")
    else:
        line("会上未记录意见建议。")


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
    if any(r.get("items") for r in rows):
        columns.append(("整改事项", lambda r: _item_refs(r.get("items", []))))
    table(columns, rows, title=title)


def _item_refs(items: list[dict]) -> Styled:
    text = Styled()
    for i, it in enumerate(items):
        if i:
            text += "\n"
        text += f"#{it['id']} "
        text += item_state_text(it["state"], it.get("overdue", False))
    return text


_STATE_STYLE = {"pending": "yellow", "rectifying": "cyan", "answered": "green", "declined": "dim"}


def state_text(key: str) -> Styled:
    return Styled(label(OpinionState, key), _STATE_STYLE.get(key, ""))


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
            ("提出单位", data["unit"]),
            ("类别", data["topic"]),
            ("意见内容", data["text"]),
            ("状态", state_text(data["state"])),
            ("答复", data["reply"]),
            ("不予采纳的理由", data["reason"]),
            ("处理日期", date_label(data["handled_on"])),
        ]
    )
    if data["items"]:
        line()
        items(data["items"], title="由此转成的整改事项")


def log(rows: list[dict]) -> None:
    from dangqun_cli.queries.audit import ACTION_LABELS
    from dangqun_cli.records import NAMES

    table(
        [
            ("序号", lambda r: r["id"]),
            ("时间", lambda r: moment_label(r["at"])),
            ("操作人", lambda r: r["actor"]),
            (
                "记录",
                lambda r: f"{NAMES.get(r['record_type'], r['record_type'])} {r['record_id']}",
            ),
            ("操作", lambda r: ACTION_LABELS.get(r["action"], r["action"])),
            ("改动", changes),
        ],
        rows,
    )


# What undo does to a record (services/undo.py's plan).
_REVERTS = {"delete": "删除", "restore": "恢复", "revert": "改回原样"}


def command(data: dict) -> None:
    """The command ``undo`` is about to revert: its entries, and what becomes of each record."""
    from dangqun_cli.queries.audit import ACTION_LABELS
    from dangqun_cli.records import NAMES

    revert = {(r["record_type"], r["record_id"]): r["revert"] for r in data["records"]}
    table(
        [
            ("序号", lambda r: r["id"]),
            ("时间", lambda r: moment_label(r["at"])),
            ("记录", lambda r: f"{NAMES.get(r['record_type'], r['record_type'])} {r['record_id']}"),
            ("操作", lambda r: ACTION_LABELS.get(r["action"], r["action"])),
            ("内容", lambda r: r["label"]),
            ("撤销后", lambda r: _REVERTS[revert[(r["record_type"], r["record_id"])]]),
        ],
        data["entries"],
        title=f"将撤销 {data['actor']} 的上一条命令",
    )


def changes(row: dict) -> str:
    """Which fields changed, briefly, in the words of the field table (fields.py):
    主题：旧 → 新."""
    from dangqun_cli.fields import EMPTY, differences

    before, after = row["before"] or {}, row["after"] or {}
    if row.get("record_type") == "setting":  # which setting, whatever happened to it
        from dangqun_cli.settings import BY_KEY

        name = (after or before).get("name", "")
        known = BY_KEY.get(name)
        name = f"{known.label}（{name}）" if known else name  # as config set names it
        old, new = before.get("value"), after.get("value")
        return f"{name}：{_short(old or EMPTY)} → {_short(new or EMPTY)}" if old != new else name
    if not before:  # created: its values are the record's own (show it)
        return "（已恢复）" if row.get("action") == "undo" else ""
    if not after:  # what was removed, as it was
        kept = [
            f"{field.label}：{_short(old)}"
            for field, old, _ in differences(row["record_type"], before, {})
            if old not in (None, EMPTY) and field.key not in ("id", "created_at")
        ]
        return "（已删除）" + "；".join(kept)
    parts = []
    for field, old, new in differences(row["record_type"], before, after):
        if old is None or new is None:
            parts.append(f"{field.label}：已修改")
        else:
            parts.append(f"{field.label}：{_short(old)} → {_short(new)}")
    return "；".join(parts)


def _short(value: Any, width: int = 30) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- rectification ledger ------------------------------------------------------------

_ITEM_STYLE = {"open": "yellow", "in_progress": "cyan", "submitted": "blue", "closed": "green"}


@lru_cache(maxsize=64)
def item_state_text(key: str, overdue: bool = False) -> Styled:
    text = Styled(label(ItemState, key), _ITEM_STYLE.get(key, ""))
    return text + Styled(" 逾期", "bold red") if overdue else text


def days_text(row: dict) -> Styled:
    """还剩 5 天 / 今天到期 / 逾期 3 天, coloured by urgency; 长期坚持; 已销号."""
    if row["state"] == "closed":
        return Styled(f"{date_label(row.get('closed_at'))}销号", "green")
    if row.get("ongoing"):
        return Styled("长期坚持", "dim")
    return _days_left(row.get("days_left"))


@lru_cache(maxsize=1024)
def _days_left(days: int | None) -> Styled:
    if days is None:
        return Styled("")
    if days < 0:
        return Styled(f"逾期 {-days} 天", "bold red")
    if days == 0:
        return Styled("今天到期", "bold yellow")
    return Styled(f"还剩 {days} 天", "yellow" if days <= 7 else "green")


def items(rows: list[dict], *, title: str | None = None) -> None:
    """Dated items first (most urgent on top), 长期坚持 apart, closed last."""
    columns: list[Column] = [
        ("编号", lambda r: r["id"]),
        ("问题", lambda r: r["problem"]),
        ("责任单位", lambda r: r["unit"]),
        ("责任人", lambda r: r["owner"]),
        ("时限", lambda r: date_label(r["due"]) if r.get("due") else "—"),
        ("剩余", days_text),
        ("状态", lambda r: item_state_text(r["state"])),
    ]
    dated = [r for r in rows if r["state"] != "closed" and not r.get("ongoing")]
    ongoing = [r for r in rows if r["state"] != "closed" and r.get("ongoing")]
    closed = [r for r in rows if r["state"] == "closed"]
    groups = [(None, dated), ("长期坚持", ongoing), ("已销号", closed)]
    shown = [(name, group) for name, group in groups if group]
    if not shown:
        table(columns, [], title=title)
        return
    light = plain.light(len(rows))  # one renderer for the whole list
    for name, group in shown:
        table(columns, group, title=name or title, light=light)


_HISTORY_WORDS = {
    "open": "立项",
    "note": "进展",
    "extend": "延期",
    "submit": "提交验收",
    "reject": "退回",
    "verify": "验收销号",
    "recheck": "回头看",
    "reopen": "回头看未见成效",
    "attach": "附件",
}


def _recheck_text(data: dict) -> str:
    """回头看: when it is due, or what the re-checks found (their rows are in the history)."""
    parts = []
    held = [r for r in data["rechecks"] if r["effective"]]
    if held:
        parts.append(f"{date_label(held[-1]['date'])}复查，整改成效巩固")
    if data.get("recheck_due"):
        parts.append(f"应于{date_label(data['recheck_due'])}回头看")
    reopened = sum(1 for r in data["rechecks"] if not r["effective"])
    if reopened:
        parts.append(f"曾 {reopened} 次未见成效、重新整改")
    return "；".join(parts)


def item(data: dict) -> None:
    due = "长期坚持" if data["ongoing"] else date_label(data["due"])
    if data["original_due"] and data["original_due"] != data["due"]:
        due += f"（原定 {date_label(data['original_due'])}，已延期 {len(data['extensions'])} 次）"
    opinions_text = "\n".join(f"#{o['id']} {o['text']}" for o in data["opinions"])
    fields(
        [
            ("编号", data["id"]),
            ("问题", data["problem"]),
            ("整改措施", data["measures"]),
            ("来源", data["source"]),
            ("回应的意见", opinions_text),
            ("责任单位", data["unit"]),
            ("责任人", data["owner"]),
            ("责任领导", data["leader"]),
            ("整改时限", due),
            ("状态", item_state_text(data["state"], data["overdue"])),
            ("剩余", days_text(data) if data["state"] != "closed" else ""),
            ("完成情况", data["result"]),
            ("佐证材料", data["evidence"]),
            ("验收人", data["verified_by"]),
            ("销号日期", date_label(data["closed_at"])),
            ("回头看", _recheck_text(data)),
        ]
    )
    if data["attachments"]:
        line()
        attachments(data["attachments"])
    line()
    table(
        [
            ("日期", lambda h: date_label(h["at"])),
            ("经过", lambda h: _HISTORY_WORDS.get(h["action"], h["action"])),
            ("记录人", lambda h: h["by"]),
            ("内容", lambda h: h["text"]),
        ],
        data["history"],
        title="整改经过",
    )


def attachments(rows: list[dict]) -> None:
    """An item's evidence files (附件): number, name, size, when and by whom, and the start
    of the sha256 (enough to tell files apart; --json has it whole)."""
    table(
        [
            ("编号", lambda a: a["id"]),
            ("文件名", lambda a: a["name"]),
            ("大小", lambda a: file_size(a["size"])),
            ("添加时间", lambda a: date_label(a["at"][:10])),
            ("添加人", lambda a: a["by"]),
            ("sha256", lambda a: a["sha256"][:12]),
        ],
        rows,
        title="附件",
    )


def file_size(size: int) -> str:
    """``845 字节``, ``12.3 KB``, ``4.5 MB``."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# ---- documents (工作总结、会议记录) --------------------------------------------------------


def document(blocks: list) -> None:
    """The same blocks the Markdown and Word files are made of, for the terminal (drawn
    by rich: a document is a page or two, and centres and rules its headings); sent to a
    pipe or a file, the same lines built without rich (render/plain_document.py)."""
    if not plain.styling() and sys.platform != "win32":
        from dangqun_cli.render.plain_document import document_lines

        utf = plain.utf_output()
        lines = document_lines(
            blocks, width=plain.console_width(), box=plain.table_box(), ascii_only=not utf
        )
        if lines is not None:
            plain.emit(lines)
            return
    from dangqun_cli.render import rich_tables

    rich_tables.document(blocks, console())


def trace(mapping: dict[str, list[int]]) -> None:
    """Which records each figure counts (``summary generate --explain``)."""

    def ids(values: list[int]) -> str:
        shown = "、".join(str(v) for v in values[:30])
        return shown + (f" …… 共 {len(values)} 条" if len(values) > 30 else "")

    from dangqun_cli.reports.summary import trace_label

    table(
        [
            ("数字", lambda r: trace_label(r[0])),
            ("条数", lambda r: len(r[1])),
            ("所统计的记录编号", lambda r: ids(r[1])),
        ],
        list(mapping.items()),
        title="数字的来源",
    )


def summaries(rows: list[dict]) -> None:
    table(
        [
            ("编号", lambda r: r["id"]),
            ("标题", lambda r: r["title"]),
            ("期间", lambda r: f"{date_label(r['start'])}至{date_label(r['end'])}"),
            ("状态", lambda r: Styled("定稿", "green") if r["state"] == "final" else "草稿"),
            ("定稿时间", lambda r: moment_label(r["finalized_at"])),
        ],
        rows,
    )


def cadence(rows: list[dict], *, title: str | None = None, empty: str | None = None) -> None:
    from dangqun_cli.enums import Per

    if not rows and empty:  # no rule applies: say how to set some
        line(empty, "yellow")
        return

    def verdict(r: dict) -> Styled:
        if r["met"]:
            return Styled("达标", "green")
        if r["met"] is None:
            return Styled(f"进行中，还差 {r['needed']} 次", "yellow")
        return Styled(f"未达标，少 {r['needed']} 次", "bold red")

    table(
        [
            ("会议类型", lambda r: label(MeetingKind, r["kind"])),
            ("单位", lambda r: r["unit"] or "全部"),
            ("要求", lambda r: f"{Per(r['per']).label}≥{r['required']}"),
            ("期间", lambda r: r["label"]),
            ("实开", lambda r: r["held"]),
            ("结果", verdict),
        ],
        rows,
        title=title,
    )


def rules(rows: list[dict]) -> None:
    from dangqun_cli.enums import Per
    from dangqun_cli.presets import no_rules

    if not rows:
        line(no_rules(), "yellow")
        return
    table(
        [
            ("编号", lambda r: r["id"]),
            ("会议类型", lambda r: label(MeetingKind, r["kind"])),
            ("单位", lambda r: r["unit"] or "全部"),
            ("要求", lambda r: f"{Per(r['per']).label}至少 {r['min']} 次"),
        ],
        rows,
    )


def meeting_templates(rows: list[dict]) -> None:
    if not rows:
        line("还没有会议模板；用 dangqun meeting template add 名称 … 添加")
        return
    table(
        [
            ("编号", lambda r: r["id"]),
            ("名称", lambda r: r["name"]),
            ("会议类型", lambda r: label(MeetingKind, r["kind"])),
            ("主题", lambda r: r["title"]),
            ("单位", lambda r: r["unit"]),
            ("出席", lambda r: f"{len(r['attendees'])} 人" if r["attendees"] else ""),
        ],
        rows,
    )


def meeting_template(data: dict) -> None:
    fields(
        [
            ("编号", data["id"]),
            ("名称", data["name"]),
            ("会议类型", label(MeetingKind, data["kind"])),
            ("议题", data["title"]),
            ("地点", data["place"]),
            ("主办单位", data["unit"]),
            ("主持人", data["host"]),
            ("记录人", data["recorder"]),
            ("出席", _people(data["attendees"])),
            ("列席", _people(data["invitees"])),
            ("应到", f"{data['expected']} 人" if data["expected"] is not None else ""),
        ]
    )


def settings(rows: list[dict]) -> None:
    from dangqun_cli.settings import BY_KEY

    table(
        [
            ("设置", lambda r: r["key"]),
            ("含义", lambda r: r["label"]),
            ("值", lambda r: r["value"] if r["value"] is not None else "（默认）"),
            ("默认", lambda r: BY_KEY[r["key"]].unset),
        ],
        rows,
    )


def presets(rows: list[dict]) -> None:
    """制度方案: each preset with its rules, as ``rule preset list`` shows them."""
    from dangqun_cli.enums import Per
    from dangqun_cli.presets import rule_text

    for i, p in enumerate(rows):
        if i:
            line()
        line(f"{p['name']}（{p['about']}）", "bold")
        for r in p["rules"]:
            line(f"  {rule_text(MeetingKind(r['kind']), r['min'], Per(r['per']))}")
    line()
    line("套用：dangqun rule preset apply 方案名称 [--unit 单位]")


_PRESET_RESULTS = {
    "added": ("新增", "green"),
    "exists": ("已有", "dim"),
    "differs": ("保留", "yellow"),
}


def preset_applied(data: dict) -> None:
    """What ``rule preset apply`` did with each rule of the preset."""
    from dangqun_cli.enums import Per
    from dangqun_cli.presets import rule_text

    where = f"（{data['unit']}）" if data["unit"] else "（全部单位合计）"
    line(f"制度方案“{data['preset']}”{where}：", "bold")
    for r in data["rules"]:
        word, style = _PRESET_RESULTS[r["result"]]
        kind, per = MeetingKind(r["kind"]), Per(r["per"])
        text = f"  {word} 第 {r['id']} 条 {rule_text(kind, r.get('kept_min', r['min']), per)}"
        if r["result"] == "exists":
            text += "（已有同样的要求，未重复添加）"
        elif r["result"] == "differs":
            text += (
                f"（方案为{per.label}不少于{r['min']}次，原要求未改动；"
                f"如需改用方案的要求，先 dangqun rule remove {r['id']} 再套用）"
            )
        line(text, style)
    counts = "，".join(
        f"{word} {n} 条"
        for key, (word, _) in _PRESET_RESULTS.items()
        if (n := sum(r["result"] == key for r in data["rules"]))
    )
    if not any(r["result"] == "added" for r in data["rules"]):
        counts += "；未新增制度要求"
    line(counts, "bold")


def status(data: dict) -> None:
    line(f"{date_label(data['date'])} 今日概览", "bold")
    sections = [
        ("逾期的整改事项", data["overdue"], data["overdue_total"]),
        ("7 天内到期", data["due_soon"], data["due_soon_total"]),
        ("等待验收", data["awaiting_verification"], data["awaiting_verification_total"]),
    ]
    for name, rows, total in sections:
        line()
        if rows:
            items(rows, title=f"{name}（{total} 项）")
            if total > len(rows):
                line(f"…… 另有 {total - len(rows)} 项，用 dangqun rectify list 查看")
        else:
            line(f"{name}：无", "green")
    line()
    rechecks, total = data["rechecks_due"], data["rechecks_due_total"]
    if rechecks:
        shown = "、".join(f"{r['id']}（{date_label(r['due'])}）" for r in rechecks[:5])
        more = f"等 {total} 项" if total > min(len(rechecks), 5) else ""
        line(
            f"到期回头看：整改事项 {shown}{more}，用 dangqun rectify recheck 记录复查结果",
            "yellow",
        )
    else:
        line("到期回头看：无", "green")
    line()
    if data["meetings_owed"]:
        cadence(data["meetings_owed"], title="还须召开的会议")
    elif not data["rules_total"]:
        from dangqun_cli.presets import no_rules

        line(f"会议制度：{no_rules()}", "yellow")
    else:
        line("会议制度：本期要求均已达到", "green")


_ACTION_WORDS = {"create": "新增", "update": "更新", "same": "无变化", "error": "有误"}
_ACTION_STYLE = {"create": "green", "update": "cyan", "same": "dim", "error": "bold red"}


IMPORT_ERRORS_SHOWN = 50  # rows with problems listed without --verbose


def import_report(report, *, dry_run: bool, verbose: bool = False) -> None:
    """What the file holds and what would change: the header, the columns, the rows with
    problems (every row with ``verbose``), and the totals last, where a long list ends."""
    kind = {"items": "整改台账", "meetings": "会议", "opinions": "意见建议"}[report.kind]
    how = f"（{report.encoding}）" if report.encoding else ""
    # A JSON array has no header row (0): its records are numbered from 1.
    where = f"，表头在第 {report.header_row} 行" if report.header_row else "（JSON，按记录计行）"
    line(f"{'试导入' if dry_run else '导入'}：{kind}{how}{where}")
    if report.columns:
        line(f"识别的列（{len(report.columns)}）：{'、'.join(report.columns)}")
    if report.unknown:
        line(
            f"未识别的列（不导入）：{'、'.join(report.unknown)}；可用 --map 表头=字段 指定",
            "yellow",
        )
    listed = report.rows if verbose else [r for r in report.rows if r.action == "error"]
    left = 0 if verbose else max(0, len(listed) - IMPORT_ERRORS_SHOWN)
    if listed:
        columns = [("行号", lambda r: r.number)]
        if verbose:
            columns.append(
                ("处理", lambda r: Styled(_ACTION_WORDS[r.action], _ACTION_STYLE[r.action]))
            )
        columns += [("内容", lambda r: r.label), ("问题及改法", _problems)]
        table(columns, listed[: len(listed) - left])
    if left:
        line(f"另有 {left} 行有误未列出；加 --verbose 逐行列出全部，或用 --json")
    counts = "，".join(
        f"{_ACTION_WORDS[a]} {n} 行"
        for a in ("create", "update", "same", "error")
        if (n := report.count(a))
    )
    line(f"共 {len(report.rows)} 行：{counts or '无'}", "bold")


def _problems(row) -> str:
    """Each problem of a row as 列：问题（改法）."""
    return "；".join(
        (f"{column}：" if column else "") + message + (f"（{hint}）" if hint else "")
        for column, message, hint in row.errors
    )
