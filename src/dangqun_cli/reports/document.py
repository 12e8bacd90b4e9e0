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
    own = parse_narrative(narrative)
    p = facts["period"]
    span = f"{p['label']}（{cn_date(p['start'])}至{cn_date(p['end'])}）"
    blocks: list[Block] = [Title(title)]
    blocks += [Para(t) for t in own.get(0, [])]
    for n, build in enumerate((_meetings, _opinions, _items, _cadence, _problems), 1):
        blocks.append(heading(n, SECTIONS[n - 1]))
        blocks += build(facts, span)
        blocks += [Para(t) for t in own.get(n, [])]
    blocks.append(Signature(signature))
    if anchor:
        blocks.append(Para(f"操作记录校验码：{anchor['id']}:{anchor['hash']}"))
    return blocks


def _counts(mapping: dict[str, int], label=lambda k: k, unit: str = "次") -> str:
    return "、".join(f"{label(k)}{v}{unit}" for k, v in mapping.items())


def _meetings(facts: dict, span: str) -> list[Block]:
    m = facts["meetings"]
    if not m["total"]:
        return [Para(f"{span}未召开会议。")]
    text = f"{span}共召开各类会议{m['total']}次，其中{_counts(m['by_kind'], kind_label)}。"
    att = m["attendance"]
    if att["meetings_counted"]:
        text += (
            f"有应到、实到人数记录的会议{att['meetings_counted']}次，应到{att['expected']}人次，"
            f"实到{att['present']}人次，出席率{percent(att['rate'])}。"
        )
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
    text = (
        f"{span}共征集意见建议{o['total']}条，其中{_counts(o['by_topic'], unit='条')}。"
        f"已转为整改事项{s['rectifying']}条，已答复{s['answered']}条，"
        f"不予采纳{s['declined']}条，待处理{s['pending']}条。"
    )
    return [
        Para(text),
        Table(["类别", "条数"], [[k, str(v)] for k, v in o["by_topic"].items()], caption="按类别"),
        Table(
            ["来源", "条数"],
            [[x["source"] or "其他", str(x["count"])] for x in o["by_source"]],
            caption="按来源",
        ),
        Table(
            ["处理结果", "条数"],
            [[OpinionState(k).label, str(v)] for k, v in s.items() if v],
            caption="按处理结果",
        ),
    ]


def _items(facts: dict, span: str) -> list[Block]:
    i = facts["items"]
    as_of = cn_date(facts["as_of"])
    if not i["in_scope"]:
        return [Para(f"{span}没有需要跟踪的整改事项。")]
    text = (
        f"{span}新立整改事项{i['opened']}项，验收销号{i['closed']}项，延期{i['extended']}项；"
        f"截至{as_of}，尚在整改中{i['in_progress']}项，其中逾期{i['overdue']}项；"
        f"另有长期坚持事项{i['ongoing']}项。"
    )
    blocks: list[Block] = [Para(text)]
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
    notice = []
    if i["best"]:
        best = i["best"][0]
        rate = next(u["rate"] for u in i["by_unit"] if u["unit"] == best)
        notice.append(f"完成率最高的是{best}（{percent(rate)}）")
    if i["lagging"]:
        rate = next(u["rate"] for u in i["by_unit"] if u["unit"] == i["lagging"][0])
        notice.append(f"进度滞后的是{'、'.join(i['lagging'])}（{percent(rate)}）")
    if notice:
        blocks.append(Para("通报：" + "；".join(notice) + "。"))
    if facts["overdue_items"]:
        blocks.append(SubHeading("（一）逾期未完成的整改事项"))
        blocks += _item_list(facts["overdue_items"], i["overdue"], late=True)
    return blocks


TABLE_ROWS = 20


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


def _cadence(facts: dict, span: str) -> list[Block]:
    rows = facts["cadence"]
    if not rows:
        from dangqun_cli.presets import no_rules

        return [Para(no_rules(facts["unit"]) + "。")]
    unmet = [r for r in rows if not r["met"]]
    text = f"对照会议制度要求检查{len(rows)}项次，达标{len(rows) - len(unmet)}项次"
    if unmet:
        misses = "；".join(
            f"{r['label']}{kind_label(r['kind'])}（要求{r['required']}次，实际{r['held']}次"
            + ("，期间尚未结束" if not r["finished"] else "")
            + "）"
            for r in unmet
        )
        text += f"，未达标{len(unmet)}项次：{misses}。"
    else:
        text += "，全部达标。"
    table = Table(
        ["会议类型", "单位", "要求", "期间", "实际召开", "是否达标"],
        [
            [
                kind_label(r["kind"]),
                r["unit"] or "全部",
                f"{Per(r['per']).label}不少于{r['required']}次",
                r["label"],
                f"{r['held']}次",
                "达标" if r["met"] else ("未达标" if r["finished"] else "未达标（进行中）"),
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
    unmet = [r for r in facts["cadence"] if not r["met"] and r["finished"]]
    if unmet:
        problems.append(
            "会议制度执行不到位："
            + "；".join(f"{r['label']}{kind_label(r['kind'])}少开{r['needed']}次" for r in unmet)
            + "。"
        )
    blocks += [Para(t) for t in problems] or [Para("记录中未发现逾期事项或未达标的会议制度。")]
    blocks.append(SubHeading("（二）下一步工作"))
    due = facts["due_next_period"]
    label = facts["next_period"]["label"]
    if due:
        total = i["due_next_period"]
        blocks.append(Para(f"{label}到期的整改事项{total}项，须按时完成并提请验收："))
        blocks += _item_list(due, total)
    else:
        blocks.append(Para(f"{label}没有到期的整改事项。"))
    return blocks


# ---- 会议记录 --------------------------------------------------------------------------


def minutes_document(data: dict, *, when: str) -> list[Block]:
    """One meeting's record for the record book, then the opinions raised at it."""

    def people(rows: list[dict]) -> str:
        return "、".join(
            f"{p['name']}（{p['unit']}）" if p.get("unit") else p["name"] for p in rows
        )

    absent = "、".join(
        f"{a['name']}（{a['reason']}）" if a["reason"] else a["name"] for a in data["absentees"]
    )
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
