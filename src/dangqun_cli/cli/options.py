"""The option types commands share, with their Chinese help and shell completion."""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.enums import SUGGESTED_TOPICS, MeetingKind, OpinionState, UnitKind


def _complete_units(ctx: typer.Context, incomplete: str) -> list[str]:
    """Unit names from the database the command line points at (quietly nothing on error).
    Completion never writes: a database that is missing (even the default one) or not at
    this version's structure gives no names, and is neither made nor migrated."""
    try:
        from dangqun_cli import config
        from dangqun_cli.database.reader import open_reader
        from dangqun_cli.queries.units import names_for_completion

        root = ctx.find_root().params
        url = config.to_url(config.db_target(root.get("db_target")))
        with open_reader(url, existing=True) as reader:
            return names_for_completion(reader, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_words(words):
    """A completer offering ``words``: a sequence, or a function that gives one (called
    only when completing, so a module it needs is imported only then)."""

    def complete(incomplete: str) -> list[str]:
        pool = words() if callable(words) else words
        return [w for w in pool if w.startswith(incomplete)]

    return complete


def enum_completer(enum):
    return complete_words(enum.choices)


def _period_words() -> tuple[str, ...]:
    from dangqun_cli.dates import PERIOD_WORDS

    return PERIOD_WORDS


complete_period = complete_words(_period_words)


def _complete_topics(incomplete: str) -> list[str]:
    return [t for t in SUGGESTED_TOPICS if t.startswith(incomplete)]


JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出（字段见 README）。")]
LimitOpt = Annotated[
    int, typer.Option("--limit", min=1, max=100_000, metavar="<整数>", help="最多显示几条。")
]
AllOpt = Annotated[bool, typer.Option("--all", help="显示全部，不限条数。")]
UnitOpt = Annotated[
    str | None,
    typer.Option("--unit", help="单位名称。", autocompletion=_complete_units),
]
RaisingUnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit", help="提出意见的单位（提出人所在单位）。", autocompletion=_complete_units
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="期间：2010Q3、2010年第三季度、2010-09、本季度、FROM..TO 等。",
        autocompletion=complete_period,
    ),
]
SearchOpt = Annotated[str | None, typer.Option("--search", help="按文字搜索。")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="发生日期（默认今天）：2010-09-06、2010年9月6日、昨天 等。"),
]
MeetingKindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="会议类型：" + "、".join(f"{m.label}({m.value})" for m in MeetingKind) + "。",
        autocompletion=enum_completer(MeetingKind),
    ),
]
UnitKindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="单位类型：党组织(party)、工会(union)、共青团(league)、妇联(women)、行政(admin)、其他(other)。",
        autocompletion=enum_completer(UnitKind),
    ),
]
OpinionStateOpt = Annotated[
    str | None,
    typer.Option(
        "--state",
        help="状态：待处理(pending)、已转整改(rectifying)、已答复(answered)、不予采纳(declined)。",
        autocompletion=enum_completer(OpinionState),
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        help="类别，如 民主管理、教学管理、尊重教师、和谐校园、减负、科学化管理、作风建设。",
        autocompletion=_complete_topics,
    ),
]
OutputOpt = Annotated[
    str,
    typer.Option(
        "--output",
        help="输出文件路径；写 - 则输出到标准输出（仅 csv、json、md）。",
        show_default=False,
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", help="不再确认，直接删除。")]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="输出文件已存在时覆盖（数据库和设备、管道等非普通文件任何时候都不覆盖）。"
    ),
]


def _document_formats() -> tuple[str, ...]:
    from dangqun_cli.render.export import FORMATS

    return FORMATS


DocFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="md（Markdown）或 docx（Word）。",
        show_default=False,
        autocompletion=complete_words(_document_formats),
    ),
]
