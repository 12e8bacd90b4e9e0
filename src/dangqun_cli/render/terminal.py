"""Tables and records for people at a terminal, drawn with rich from the services' plain data.

Long Chinese cells wrap (``overflow="fold"``) instead of being cut; every enum is shown by
its Chinese label; dates as 2010年9月6日. Text from records and files is shown through
:func:`dangqun_cli.text.visible` (as :class:`~rich.text.Text`, never as rich markup), so
no control character reaches the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from dangqun_cli.dates import When, format_date, format_moment
from dangqun_cli.enums import (
    DayPart,
    ItemState,
    LabelledEnum,
    MeetingKind,
    OpinionState,
    UnitKind,
)
from dangqun_cli.text import visible

Column = tuple[str, Callable[[dict], Any]]


def console() -> Console:
    # Made per call, so that output follows sys.stdout as it is now (tests swap it).
    # No markup or emoji codes: a "[" or ":smile:" in a record is shown as typed.
    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def shown(text: str, style: str = "") -> Text:
    """Text from a record, a file or the command line, as it may reach a terminal."""
    return Text(visible(text), style=style)


def _title(title: str | Text | None) -> Text | None:
    return shown(title) if isinstance(title, str) else title


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


def date_label(iso: str | None) -> str:
    return format_date(dt.date.fromisoformat(iso)) if iso else ""


def table(columns: Iterable[Column], rows: Iterable[dict], *, title: str | None = None) -> None:
    columns = list(columns)
    cells = [[_cell(get(row)) for _, get in columns] for row in rows]
    if not cells:
        console().print("（没有记录）")
        return
    out = console()
    out.print(_grid([header for header, _ in columns], cells, title=title, width=out.width))


def _grid(
    headers: list[str], cells: list[list[Prose | str]], *, title: str | Text | None, width: int
) -> Table:
    """A table whose columns are as wide as their text needs, within ``width``: when it
    does not fit, each column keeps at least its widest date, number or word (rich would
    shrink the widest columns first, cutting dates), and prose columns give way."""
    grid = Table(title=_title(title), box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
    # The box's two edges and separators, and a space either side of each cell.
    room = width - (2 + len(headers) - 1) - 2 * len(headers)
    for header, size in zip(headers, _widths(headers, cells, room), strict=True):
        grid.add_column(Prose(Text(header)), overflow="fold", width=size)
    for row in cells:
        grid.add_row(*row)
    return grid


def _widths(headers: list[str], cells: list[list[Prose | str]], room: int) -> list[int]:
    """Each column's width: all it needs when the table fits in ``room`` cells; else the
    widest columns are narrowed, none below its widest unbreakable piece (a date, a number,
    a word) while there is room for that."""
    from dangqun_cli.render.wrap import widest

    most = [cell_len(h) for h in headers]
    least = [widest(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            if isinstance(cell, Prose):
                lo, hi = cell.extent()
                if hi > most[i]:
                    most[i] = hi
                if lo > least[i]:
                    least[i] = lo
    if sum(most) <= room:
        return most
    if sum(least) > room:  # not even that fits: the widest give way, down to two cells
        most, least = least, [min(2, w) for w in least]
    # The widest columns give way first, each no narrower than its widest piece: the
    # highest level every column may keep that still fits.
    low, high = 0, max(most)
    while low < high:
        level = (low + high + 1) // 2
        if sum(max(lo, min(hi, level)) for lo, hi in zip(least, most, strict=True)) <= room:
            low = level
        else:
            high = level - 1
    widths = [max(lo, min(hi, low)) for lo, hi in zip(least, most, strict=True)]
    spare = room - sum(widths)
    for i, w in enumerate(widths):
        if spare > 0 and w == low and most[i] > w:
            widths[i] += 1
            spare -= 1
    return widths


def _cell(value: Any) -> Prose | str:
    if value is None:
        return ""
    return Prose(value if isinstance(value, Text) else shown(str(value)))


class Prose:
    """A table cell's text, wrapped by Chinese line-breaking rules (render/wrap.py) to the
    width the table gives its column: a date or a number is never cut, no line starts
    with closing punctuation. Rich would break anywhere between two Chinese characters."""

    __slots__ = ("_extent", "text")

    def __init__(self, text: Text) -> None:
        self.text = text
        self._extent: tuple[int, int] | None = None

    def extent(self) -> tuple[int, int]:
        """(the widest unbreakable piece, the widest line): the narrowest the cell can be
        without cutting a date or a word, and the width it needs on one line."""
        if self._extent is None:
            from dangqun_cli.render.wrap import widest

            plain = self.text.plain
            if "\n" in plain:
                lines = plain.split("\n")
                self._extent = (max(map(widest, lines)), max(map(cell_len, lines)))
            else:
                self._extent = (widest(plain), cell_len(plain))
        return self._extent

    def __rich_measure__(self, console: Console, options) -> Measurement:
        return Measurement(*self.extent()).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options):
        from rich.segment import Segment

        from dangqun_cli.render.wrap import wrap

        newline = Segment.line()
        lines, start = [], 0
        for paragraph in self.text.plain.split("\n"):
            for line in wrap(paragraph, options.max_width):
                # the spaces a line breaks at are not shown (they would overflow the cell)
                lines.append(self.text[start : start + len(line.rstrip())])
                start += len(line)
            start += 1  # the newline
        # Each line fits: render it as it is (a Text would be wrapped a second time).
        for line in lines:
            yield from line.render(console, end="")
            yield newline


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
        out.print(shown(title, style="bold"))
    out.print(grid)


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
        out.print(Text("内容", style="bold"))
        from rich.markdown import Markdown  # only a record with minutes needs it

        out.print(Markdown(visible(data["minutes"])))
    if data["decisions"]:
        out.print(Text("决议", style="bold"))
        for i, text in enumerate(data["decisions"], 1):
            out.print(shown(f"{i}. {text}"))
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
    if any(r.get("items") for r in rows):
        columns.append(("整改事项", lambda r: _item_refs(r.get("items", []))))
    table(columns, rows, title=title)


def _item_refs(items: list[dict]) -> Text:
    text = Text()
    for i, it in enumerate(items):
        if i:
            text.append("\n")
        text.append(f"#{it['id']} ")
        text.append_text(item_state_text(it["state"], it.get("overdue", False)))
    return text


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
        console().print()
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
    if not before:
        return ""
    if not after:
        return "（已删除）"
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


def item_state_text(key: str, overdue: bool = False) -> Text:
    text = Text(label(ItemState, key), style=_ITEM_STYLE.get(key, ""))
    if overdue:
        text.append(" 逾期", style="bold red")
    return text


def days_text(row: dict) -> Text:
    """还剩 5 天 / 今天到期 / 逾期 3 天, coloured by urgency; 长期坚持; 已销号."""
    if row["state"] == "closed":
        return Text(f"{date_label(row.get('closed_at'))}销号", style="green")
    if row.get("ongoing"):
        return Text("长期坚持", style="dim")
    days = row.get("days_left")
    if days is None:
        return Text("")
    if days < 0:
        return Text(f"逾期 {-days} 天", style="bold red")
    if days == 0:
        return Text("今天到期", style="bold yellow")
    return Text(f"还剩 {days} 天", style="yellow" if days <= 7 else "green")


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
    for name, group in shown:
        table(columns, group, title=name or title)


_HISTORY_WORDS = {
    "open": "立项",
    "note": "进展",
    "extend": "延期",
    "submit": "提交验收",
    "reject": "退回",
    "verify": "验收销号",
}


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
        ]
    )
    console().print()
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


# ---- documents (工作总结、会议记录) --------------------------------------------------------


def document(blocks: list, *, out: Console | None = None) -> None:
    """The same blocks the Markdown and Word files are made of, for the terminal."""
    from rich.align import Align
    from rich.rule import Rule

    from dangqun_cli.reports import document as doc

    out = out or console()
    for b in blocks:
        match b:
            case doc.Title(text):
                out.print(Align.center(shown(text, style="bold")))
                out.print()
            case doc.Heading(text):
                out.print()
                out.print(Rule(shown(text, style="bold"), align="left", style="dim"))
            case doc.SubHeading(text):
                out.print(shown(text, style="bold italic"))
            case doc.Para(text):
                out.print(Prose(shown("　　" + text)))
            case doc.Table(headers, rows, caption):
                cells = [[_cell(c) for c in row] for row in rows]
                out.print(_grid(list(headers), cells, title=caption, width=out.width))
            case doc.Bars(caption, rows):
                grid = Table(
                    title=_title(caption), box=None, show_header=False, title_justify="left"
                )
                grid.add_column(overflow="fold")
                grid.add_column(no_wrap=True)
                grid.add_column(no_wrap=True)
                for label_text, frac, figure in rows:
                    bar = Text("█" * round(frac * 30), style="cyan") if frac else Text("·")
                    grid.add_row(_cell(label_text), bar, _cell(figure))
                out.print(grid)
                out.print()
            case doc.Signature(lines):
                out.print()
                for line in lines:
                    out.print(Align.right(shown(line)))


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
            ("状态", lambda r: Text("定稿", style="green") if r["state"] == "final" else "草稿"),
            ("定稿时间", lambda r: moment_label(r["finalized_at"])),
        ],
        rows,
    )


def cadence(rows: list[dict], *, title: str | None = None, empty: str | None = None) -> None:
    from dangqun_cli.enums import Per

    if not rows and empty:  # no rule applies: say how to set some
        console().print(shown(empty, style="yellow"))
        return

    def verdict(r: dict) -> Text:
        if r["met"]:
            return Text("达标", style="green")
        if r["met"] is None:
            return Text(f"进行中，还差 {r['needed']} 次", style="yellow")
        return Text(f"未达标，少 {r['needed']} 次", style="bold red")

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
        console().print(Text(no_rules(), style="yellow"))
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
        console().print(Text("还没有会议模板；用 dangqun meeting template add 名称 … 添加"))
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

    out = console()
    for i, p in enumerate(rows):
        if i:
            out.print()
        out.print(Text(f"{p['name']}（{p['about']}）", style="bold"))
        for r in p["rules"]:
            out.print(f"  {rule_text(MeetingKind(r['kind']), r['min'], Per(r['per']))}")
    out.print()
    out.print(shown("套用：dangqun rule preset apply 方案名称 [--unit 单位]"))


_PRESET_RESULTS = {
    "added": ("新增", "green"),
    "exists": ("已有", "dim"),
    "differs": ("保留", "yellow"),
}


def preset_applied(data: dict) -> None:
    """What ``rule preset apply`` did with each rule of the preset."""
    from dangqun_cli.enums import Per
    from dangqun_cli.presets import rule_text

    out = console()
    where = f"（{data['unit']}）" if data["unit"] else "（全部单位合计）"
    out.print(shown(f"制度方案“{data['preset']}”{where}：", style="bold"))
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
        out.print(Text(text, style=style))
    counts = "，".join(
        f"{word} {n} 条"
        for key, (word, _) in _PRESET_RESULTS.items()
        if (n := sum(r["result"] == key for r in data["rules"]))
    )
    if not any(r["result"] == "added" for r in data["rules"]):
        counts += "；未新增制度要求"
    out.print(Text(counts, style="bold"))


def status(data: dict) -> None:
    out = console()
    out.print(Text(f"{date_label(data['date'])} 今日概览", style="bold"))
    sections = [
        ("逾期的整改事项", data["overdue"], data["overdue_total"]),
        ("7 天内到期", data["due_soon"], data["due_soon_total"]),
        ("等待验收", data["awaiting_verification"], data["awaiting_verification_total"]),
    ]
    for name, rows, total in sections:
        out.print()
        if rows:
            items(rows, title=f"{name}（{total} 项）")
            if total > len(rows):
                out.print(f"…… 另有 {total - len(rows)} 项，用 dangqun rectify list 查看")
        else:
            out.print(Text(f"{name}：无", style="green"))
    out.print()
    if data["meetings_owed"]:
        cadence(data["meetings_owed"], title="还须召开的会议")
    elif not data["rules_total"]:
        from dangqun_cli.presets import no_rules

        out.print(Text(f"会议制度：{no_rules()}", style="yellow"))
    else:
        out.print(Text("会议制度：本期要求均已达到", style="green"))


_ACTION_WORDS = {"create": "新增", "update": "更新", "same": "无变化", "error": "有误"}
_ACTION_STYLE = {"create": "green", "update": "cyan", "same": "dim", "error": "bold red"}


IMPORT_ERRORS_SHOWN = 50  # rows with problems listed without --verbose


def import_report(report, *, dry_run: bool, verbose: bool = False) -> None:
    """What the file holds and what would change: the header, the columns, the rows with
    problems (every row with ``verbose``), and the totals last, where a long list ends."""
    out = console()
    kind = {"items": "整改台账", "meetings": "会议", "opinions": "意见建议"}[report.kind]
    how = f"（{report.encoding}）" if report.encoding else ""
    # A JSON array has no header row (0): its records are numbered from 1.
    where = f"，表头在第 {report.header_row} 行" if report.header_row else "（JSON，按记录计行）"
    out.print(Text(f"{'试导入' if dry_run else '导入'}：{kind}{how}{where}"))
    if report.columns:
        out.print(shown(f"识别的列（{len(report.columns)}）：{'、'.join(report.columns)}"))
    if report.unknown:
        out.print(
            shown(
                f"未识别的列（不导入）：{'、'.join(report.unknown)}；可用 --map 表头=字段 指定",
                style="yellow",
            )
        )
    listed = report.rows if verbose else [r for r in report.rows if r.action == "error"]
    left = 0 if verbose else max(0, len(listed) - IMPORT_ERRORS_SHOWN)
    if listed:
        columns = [("行号", lambda r: r.number)]
        if verbose:
            columns.append(
                ("处理", lambda r: Text(_ACTION_WORDS[r.action], style=_ACTION_STYLE[r.action]))
            )
        columns += [("内容", lambda r: r.label), ("问题及改法", _problems)]
        table(columns, listed[: len(listed) - left])
    if left:
        out.print(Text(f"另有 {left} 行有误未列出；加 --verbose 逐行列出全部，或用 --json"))
    counts = "，".join(
        f"{_ACTION_WORDS[a]} {n} 行"
        for a in ("create", "update", "same", "error")
        if (n := report.count(a))
    )
    out.print(Text(f"共 {len(report.rows)} 行：{counts or '无'}", style="bold"))


def _problems(row) -> str:
    """Each problem of a row as 列：问题（改法）."""
    return "；".join(
        (f"{column}：" if column else "") + message + (f"（{hint}）" if hint else "")
        for column, message, hint in row.errors
    )
