"""Documents as a list of blocks — title, headings, paragraphs, tables, bars, signature —
so that the terminal, Markdown and Word renderers show the same content.

``summary_document`` lays out a 工作总结 from the facts of ``reports.summary`` and the
secretary's own paragraphs; ``minutes_document`` lays out one meeting's 会议记录.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dangqun_cli.enums import MeetingKind, OpinionState, Per

SECTIONS = ["基本情况", "意见建议征集", "整改落实", "制度执行", "存在问题和下一步工作"]
NUMERALS = "一二三四五六七八九十"
BAR_UNITS = 10


@dataclass
class Title:
    text: str


@dataclass
class Heading:
    text: str  # 一、…


@dataclass
class SubHeading:
    text: str  # （一）…


@dataclass
class Para:
    text: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str | None = None


@dataclass
class Bars:
    caption: str
    rows: list[tuple[str, float, str]]  # label, fraction of the longest bar, value shown


def bar(fraction: float) -> str:
    """A bar on the terminal: 30 blocks for the longest, a dot for none."""
    return "█" * round(fraction * 30) if fraction else "·"


@dataclass
class Signature:
    lines: list[str] = field(default_factory=list)


Block = Title | Heading | SubHeading | Para | Table | Bars | Signature


def kind_label(key: str) -> str:
    return MeetingKind(key).label


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def heading(n: int, text: str) -> Heading:
    return Heading(f"{NUMERALS[n - 1]}、{text}")


# ---- the secretary's own paragraphs ------------------------------------------------------

NARRATIVE_TEMPLATE = """<!-- 在各节标题下写上自己的文字（Markdown 段落）；
生成的数字和表格排在这些文字之前。第一个标题之前的文字作为开头的导语。
保存并退出即可；不想修改就直接退出。 -->

""" + "\n\n".join(f"## {NUMERALS[i]}、{name}\n" for i, name in enumerate(SECTIONS))


def parse_narrative(text: str | None) -> dict[int, list[str]]:
    """Paragraphs by section number (0 is the lead before the first heading)."""
    found: dict[int, list[str]] = {}
    if not text:
        return found
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    section = 0
    lines: list[str] = []

    def flush() -> None:
        paras = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
        if paras:
            found.setdefault(section, []).extend(" ".join(p.split("\n")) for p in paras)
        lines.clear()

    for line in text.splitlines():
        m = re.match(r"^#{1,3}\s*([一二三四五])、", line)
        if m:
            flush()
            section = NUMERALS.index(m.group(1)) + 1
        else:
            lines.append(line)
    flush()
    return found


# ---- 工作总结 --------------------------------------------------------------------------


def summary_document(
    facts: dict,
    *,
    title: str,
    narrative: str | None = None,
    signature: list[str],
    anchor: dict | None = None,
) -> list[Block]:
    from dangqun_cli.reports.summary import upgrade_facts

    facts = upgrade_facts(facts)  # a summary saved by an earlier version
    own = parse_narrative(narrative)
    p = facts["period"]
    span = f"{p['label']}（{cn_date(p['start'])}至{cn_date(p['end'])}）"
    blocks: list[Block] = [Title(title)]
    blocks += [Para(t) for t in own.get(0, [])]
    for n, build in enumerate((_meetings, _opinions, _items, _cadence, _problems), 1):
        blocks.append(heading(n, SECTIONS[n - 1]))
        blocks += build(facts, span if n == 1 else "本期")  # the period is stated once
        blocks += [Para(t) for t in own.get(n, [])]
    blocks.append(Signature(signature))
    if anchor:
        blocks.append(Para(f"操作记录校验码：{anchor['id']}:{anchor['hash']}"))
    return blocks


def _counts(mapping: dict[str, int], label=lambda k: k, unit: str = "次") -> str:
    return "、".join(f"{label(k)}{v}{unit}" for k, v in mapping.items())


def _closed(other: dict) -> int:
    return other["items"]["closed"]


def _compared(facts: dict, now: int, pick, unit: str) -> str:
    """（比上季度增加2次，与去年同期持平）: against the periods that hold records."""
    from dangqun_cli.dates import parse_period

    parts = []
    for key in ("previous", "last_year"):
        other = facts.get(key)
        if other is None:
            continue
        word = parse_period(facts["period"]["key"]).kind_word if key == "previous" else "去年同期"
        diff = now - pick(other)
        if diff > 0:
            parts.append(f"比{word}增加{diff}{unit}")
        elif diff < 0:
            parts.append(f"比{word}减少{-diff}{unit}")
        else:
            parts.append(f"与{word}持平")
    return f"（{'，'.join(parts)}）" if parts else ""


def _meetings(facts: dict, span: str) -> list[Block]:
    m = facts["meetings"]
    if not m["total"]:
        return [Para(f"{span}未召开会议。")]
    more = _compared(facts, m["total"], lambda o: o["meetings"], "次")
    text = f"{span}共召开各类会议{m['total']}次{more}，其中{_counts(m['by_kind'], kind_label)}。"
    att = m["attendance"]
    if att["meetings_counted"]:
        text += (
            f"有应到、实到人数记录的会议{att['meetings_counted']}次，应到{att['expected']}人次，"
            f"实到{att['present']}人次，出席率{percent(att['rate'])}。"
        )
    if att["absent_often"]:
        often = "、".join(f"{p['name']}（{p['times']}次）" for p in att["absent_often"][:NAMED])
        more = f"等{len(att['absent_often'])}人" if len(att["absent_often"]) > NAMED else ""
        text += f"多次缺席的有{often}{more}。"
    blocks: list[Block] = [Para(text)]
    blocks.append(
        Table(
            ["会议类型", "次数"],
            [[kind_label(k), str(v)] for k, v in m["by_kind"].items()],
            caption="按类型",
        )
    )
    if any(u["unit"] for u in m["by_unit"]):
        blocks.append(
            Table(
                ["单位", "次数"],
                [[u["unit"] or "（未注明单位）", str(u["total"])] for u in m["by_unit"]],
                caption="按单位",
            )
        )
    if att["by_unit"]:
        blocks.append(
            Table(
                ["单位", "出席会议次数"],
                [[u["unit"], str(u["meetings"])] for u in att["by_unit"]],
                caption="各单位出席情况",
            )
        )
    top = max((x["total"] for x in m["by_month"]), default=0) or 1
    blocks.append(
        Bars(
            "每月召开会议次数",
            [(x["label"], x["total"] / top, f"{x['total']}次") for x in m["by_month"]],
        )
    )
    return blocks


def _opinions(facts: dict, span: str) -> list[Block]:
    o = facts["opinions"]
    if not o["total"]:
        return [Para(f"{span}未征集到意见建议。")]
    s = o["by_state"]
    handled = _joined(
        (s["rectifying"], f"已转为整改事项{s['rectifying']}条"),
        (s["answered"], f"已答复{s['answered']}条"),
        (s["declined"], f"不予采纳{s['declined']}条"),
        (s["pending"], f"待处理{s['pending']}条"),
    )
    more = _compared(facts, o["total"], lambda x: x["opinions"], "条")
    topics = _counts(o["by_topic"], unit="条")
    text = f"{span}共征集意见建议{o['total']}条{more}，其中{topics}。{handled}。"
    blocks: list[Block] = [
        Para(text),
        Table(["类别", "条数"], [[k, str(v)] for k, v in o["by_topic"].items()], caption="按类别"),
        Table(
            ["来源", "条数"],
            [[x["source"] or "其他", str(x["count"])] for x in o["by_source"]],
            caption="按来源",
        ),
    ]
    if o["by_unit"]:
        rows = [[x["unit"], str(x["count"])] for x in o["by_unit"]]
        blocks.append(Table(["提出单位", "条数"], rows, caption="按提出单位"))
    blocks.append(
        Table(
            ["处理结果", "条数"],
            [[OpinionState(k).label, str(v)] for k, v in s.items() if v],
            caption="按处理结果",
        )
    )
    return blocks


def _items(facts: dict, span: str) -> list[Block]:
    i = facts["items"]
    as_of = cn_date(facts["as_of"])
    rechecked = _rechecked(facts.get("rechecks"))
    if not i["in_scope"]:
        return [Para(f"{span}没有需要跟踪的整改事项。{rechecked}")]
    # Only what happened is said: a figure of zero is left out, not stated.
    done = _joined(
        (i["opened"], f"新立整改事项{i['opened']}项"),
        (i["closed"], f"验收销号{i['closed']}项{_compared(facts, i['closed'], _closed, '项')}"),
        (i["on_time"], f"其中按期完成{i['on_time']}项"),
        (i["extended"], f"延期{i['extended']}项"),
    )
    text = f"{span}{done}。" if done else f"{span}整改事项仍在推进。"
    if i["in_progress"]:
        late = f"，其中逾期{i['overdue']}项" if i["overdue"] else "，均未逾期"
        text += f"截至{as_of}，尚在整改中{i['in_progress']}项{late}。"
    elif not i["ongoing"]:
        text += f"截至{as_of}，整改事项均已销号。"
    if i["ongoing"]:
        text += f"另有长期坚持事项{i['ongoing']}项。"
    blocks: list[Block] = [Para(text + rechecked)]
    blocks.append(
        Table(
            ["责任单位", "应整改", "本期销号", "完成率"],
            [
                [u["unit"], str(u["total"]), str(u["closed"]), percent(u["rate"])]
                for u in i["by_unit"]
            ],
            caption="各单位整改完成情况",
        )
    )
    units = i["by_unit"]
    caption = "各单位整改完成率"
    if len(units) > 2 * BAR_UNITS:  # a picture of 200 bars reads no faster than the table
        units = units[:BAR_UNITS] + units[-BAR_UNITS:]
        caption += f"（前{BAR_UNITS}名和后{BAR_UNITS}名）"
    blocks.append(Bars(caption, [(u["unit"], u["rate"], percent(u["rate"])) for u in units]))
    notice = _notice(facts)
    if notice:
        blocks.append(Para("通报：" + "；".join(notice) + "。"))
    if facts["overdue_items"]:
        blocks.append(SubHeading("（一）逾期未完成的整改事项"))
        blocks += _item_list(facts["overdue_items"], i["overdue"], late=True)
    return blocks


def _rechecked(r: dict | None) -> str:
    """回头看 in one sentence, only what happened: nothing when no re-check was recorded
    (or the summary was saved before re-checks were counted)."""
    if not r or not r["done"]:
        return ""
    each = "均" if r["done"] > 1 else ""
    if r["held"] == r["done"]:
        outcome = f"整改成效{each}得到巩固"
    elif r["reopened"] == r["done"]:
        outcome = f"{each}未见成效，已重新整改"
    else:
        outcome = f"其中整改成效巩固{r['held']}次，未见成效、重新整改{r['reopened']}次"
    return f"销号后回头看复查{r['done']}次，{outcome}。"


TABLE_ROWS = 20
NAMED = 10  # items named in a sentence; the rest are counted (等N项)


def _joined(*parts: tuple[int, str]) -> str:
    """The parts whose figure is not zero, joined with ，."""
    return "，".join(text for figure, text in parts if figure)


def _named(rows: list[dict], total: int, *, late: bool = False, unit: bool = True) -> str:
    """Items named in a sentence: 单位“问题”（逾期N天）、…, and 等N项 when the list is cut."""
    shown = [
        (f"{r['unit'] or ''}" if unit else "")
        + f"“{r['problem']}”"
        + (f"（逾期{r['days_overdue']}天）" if late and r.get("days_overdue") else "")
        for r in rows[:NAMED]
    ]
    return "、".join(shown) + (f"等{total}项" if total > len(shown) else "")


def _notice(facts: dict) -> list[str]:
    """通报: who closed the most on time, who has overdue items; nothing when neither."""
    i = facts["items"]
    units = {u["unit"]: u for u in i["by_unit"]}
    notice = []
    if i["best"]:
        n = units[i["best"][0]]["on_time"]
        notice.append(
            f"按期完成整改最多的是{'、'.join(i['best'])}（各{n}项）"
            if len(i["best"]) > 1
            else f"按期完成整改最多的是{i['best'][0]}（{n}项）"
        )
    if i["lagging"]:
        late = []
        for name in i["lagging"]:
            n = units[name]["overdue"]
            rows = [r for r in facts["overdue_items"] if r["unit"] == name]
            which = f"（{_named(rows, n, unit=False)}）" if rows else ""
            late.append(f"{name}{n}项{which}")
        notice.append("逾期未完成的有" + "；".join(late))
    return notice


def _item_list(rows: list[dict], total: int, *, late: bool = False) -> list[Block]:
    """The first rows as a table, and a line saying how many more there are."""
    blocks: list[Block] = [_item_table(rows[:TABLE_ROWS], late=late)]
    if total > TABLE_ROWS:
        blocks.append(
            Para(f"以上列出前{TABLE_ROWS}项，共{total}项，完整清单见 dangqun rectify list。")
        )
    return blocks


def _item_table(rows: list[dict], *, late: bool = False) -> Table:
    headers = ["编号", "问题", "责任单位", "责任人", "整改时限"] + (["逾期天数"] if late else [])
    return Table(
        headers,
        [
            [str(r["id"]), r["problem"], r["unit"] or "", r["owner"], cn_date(r["due"])]
            + ([str(r["days_overdue"])] if late else [])
            for r in rows
        ],
    )


def _held(row: dict, word: str = "实际") -> str:
    return f"{word}{row['held']}次" if row["held"] else "未召开"


def _cadence(facts: dict, span: str) -> list[Block]:
    rows = facts["cadence"]
    if not rows:
        from dangqun_cli.presets import no_rules

        return [Para(no_rules(facts["unit"]) + "。")]
    met = [r for r in rows if r["status"] == "met"]
    unmet = [r for r in rows if r["status"] == "unmet"]
    running = [r for r in rows if r["status"] == "ongoing"]
    text = f"对照会议制度要求检查{len(rows)}项次"
    if len(met) == len(rows):
        text += "，全部达标。"
    else:
        misses = "；".join(
            f"{r['label']}{kind_label(r['kind'])}（要求{r['required']}次，{_held(r)}）"
            for r in unmet
        )
        owed = "；".join(
            f"{r['label']}{kind_label(r['kind'])}{_held(r, '已开')}，还需{r['needed']}次"
            for r in running
        )
        parts = _joined(
            (len(met), f"达标{len(met)}项次"),
            (len(unmet), f"未达标{len(unmet)}项次：{misses}"),
            (len(running), f"{len(running)}项次期间尚未结束：{owed}"),
        )
        text += f"，{parts}。"
    table = Table(
        ["会议类型", "单位", "要求", "期间", "实际召开", "是否达标"],
        [
            [
                kind_label(r["kind"]),
                r["unit"] or "全部",
                f"{Per(r['per']).label}不少于{r['required']}次",
                r["label"],
                f"{r['held']}次",
                {"met": "达标", "unmet": "未达标", "ongoing": "进行中"}[r["status"]],
            ]
            for r in rows
        ],
    )
    return [Para(text), table]


def _problems(facts: dict, span: str) -> list[Block]:
    blocks: list[Block] = [SubHeading("（一）存在问题")]
    problems = []
    i = facts["items"]
    if i["overdue"]:
        problems.append(f"有{i['overdue']}项整改事项逾期未完成，详见第三部分。")
    if facts["long_running"]:
        problems.append(
            f"有{i['long_running']}项整改事项立项已超过三个月仍未完成，如："
            + "；".join(f"{r['unit']}“{r['problem']}”" for r in facts["long_running"][:10])
            + "。"
        )
    unmet = [r for r in facts["cadence"] if r["status"] == "unmet"]
    if unmet:
        problems.append(
            "会议制度执行不到位："
            + "；".join(f"{r['label']}{kind_label(r['kind'])}少开{r['needed']}次" for r in unmet)
            + "。"
        )
    clean = "记录中未发现逾期未完成的整改事项" + (
        "或未达标的会议制度。" if facts["cadence"] else "。"
    )
    blocks += [Para(t) for t in problems] or [Para(clean)]
    blocks.append(SubHeading("（二）下一步工作"))
    blocks += _next_steps(facts)
    return blocks


def _next_steps(facts: dict) -> list[Block]:
    """Every item still open at the period's end (overdue first), then what falls due next
    period, then the meetings a running period still owes."""
    i = facts["items"]
    blocks: list[Block] = []
    if facts["open_items"]:
        text = f"截至{cn_date(facts['as_of'])}尚未销号的整改事项{i['open']}项"
        if i["overdue"]:
            text += f"（其中逾期{i['overdue']}项）"
        named = _named(facts["open_items"], i["open"], late=True)
        blocks.append(Para(f"{text}，须继续推进、逐项销号：{named}。"))
    if facts["due_next_period"]:
        label = facts["next_period"]["label"]
        total = i["due_next_period"]
        blocks.append(Para(f"{label}到期的整改事项{total}项，须按时完成并提请验收："))
        blocks += _item_list(facts["due_next_period"], total)
    owed = [r for r in facts["cadence"] if r["status"] == "ongoing"]
    if owed:
        blocks.append(
            Para(
                "会议制度方面，"
                + "；".join(
                    f"{r['label']}{kind_label(r['kind'])}还需召开{r['needed']}次" for r in owed
                )
                + "。"
            )
        )
    return blocks or [Para("按会议制度要求召开会议，继续做好意见建议的征集和整改。")]


# ---- 会议记录 --------------------------------------------------------------------------


def person_label(person: dict) -> str:
    """How the 会议记录 names someone: 张三（市委组织部）, 冯涛（南湖社区党委，培训）."""
    notes = [person.get("unit") or person.get("org"), person.get("reason")]
    shown = "，".join(n for n in notes if n)
    return f"{person['name']}（{shown}）" if shown else person["name"]


def minutes_document(data: dict, *, when: str) -> list[Block]:
    """One meeting's record for the record book, then the opinions raised at it."""

    def people(rows: list[dict]) -> str:
        return "、".join(person_label(p) for p in rows)

    absent = people(data["absentees"])
    heads = [
        ("会议类型", kind_label(data["kind"])),
        ("时间", when),
        ("地点", data["place"]),
        ("主办单位", data["unit"]),
        ("主持人", data["host"]),
        ("记录人", data["recorder"]),
        ("出席", people(data["attendees"])),
        ("列席", people(data["invitees"])),
        ("缺席", absent),
        ("应到人数", data["expected"]),
        ("实到人数", data["present"]),
        ("议题", data["title"]),
    ]
    name = data["title"]
    blocks: list[Block] = [
        Title(f"{name}记录" if name.endswith(("会", "会议")) else f"{name}会议记录")
    ]
    blocks += [Para(f"{name}：{value}") for name, value in heads if value not in (None, "")]
    blocks.append(heading(1, "内容"))
    minutes = data["minutes"] or "（未记录）"
    blocks += [Para(p.strip()) for p in re.split(r"\n\s*\n", minutes) if p.strip()]
    blocks.append(heading(2, "决议"))
    blocks += [Para(f"{n}. {t}") for n, t in enumerate(data["decisions"], 1)] or [Para("（无）")]
    blocks.append(heading(3, "会上提出的意见建议"))
    if data["opinions"]:
        blocks.append(
            Table(
                ["编号", "提出人", "类别", "意见内容", "处理情况"],
                [
                    [
                        str(o["id"]),
                        o["by"] or "",
                        o["topic"] or "",
                        o["text"],
                        OpinionState(o["state"]).label
                        + (f"：{o['reply'] or o['reason']}" if o["reply"] or o["reason"] else ""),
                    ]
                    for o in data["opinions"]
                ],
            )
        )
    else:
        blocks.append(Para("（无）"))
    return blocks
