"""dangqun meeting: 会议的记录、查看、修改与会议纪要。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli import deleting
from dangqun_cli.cli.meeting_options import (
    AbsentOpt,
    AttendeeOpt,
    DecisionOpt,
    EndOpt,
    ExpectedOpt,
    HostOpt,
    InviteeOpt,
    MinutesFileOpt,
    MinutesOpt,
    PlaceOpt,
    PresentOpt,
    RecorderOpt,
    TitleOpt,
    WhenOpt,
    meeting_input,
)
from dangqun_cli.cli.meeting_template import app as template_app
from dangqun_cli.cli.options import (
    AllOpt,
    DocFormatOpt,
    ForceOpt,
    JsonOpt,
    LimitOpt,
    MeetingKindOpt,
    OutputOpt,
    PeriodOpt,
    SearchOpt,
    UnitOpt,
    YesOpt,
)
from dangqun_cli.cli.runtime import (
    edit_text,
    interactive,
    limit_of,
    new_app,
    note_more,
    output,
    print_json,
    print_new_id,
    prompt,
    reading,
    runtime,
    say,
    today,
    write,
)
from dangqun_cli.errors import UNEDITED, MissingValue, NothingChanged, UsageError

app = new_app("会议：座谈会、联席会议、支委会等的记录与会议纪要。")
app.add_typer(template_app, name="template")

IdArg = Annotated[int, typer.Argument(help="会议编号。", metavar="会议编号", show_default=False)]


def _ask_missing(ctx, kind, title, date):
    """In a terminal, ask for what is required; off a terminal, never wait for input."""
    missing = [
        name for name, v in (("--kind", kind), ("--title", title), ("--date", date)) if v is None
    ]
    if not missing:
        return kind, title, date
    if not interactive():
        raise MissingValue(*missing, command=ctx.command_path)
    from dangqun_cli import dates
    from dangqun_cli.enums import MeetingKind
    from dangqun_cli.fields import MEETING

    # Each answer is checked as it is given, by the rule the command applies.
    if kind is None:
        kind = prompt(
            "会议类型（座谈会、联席会议、办公会议、总结会、支委会、党课……）",
            lambda a: MeetingKind.parse(a, what="会议类型"),
        )
    if title is None:
        title = prompt("会议主题", lambda a: MEETING.clean("title", a))
    if date is None:
        date = prompt(
            "会议时间（如 2010年9月6日下午3点）", lambda a: dates.parse_when(a, today=today())
        )
    return kind, title, date


@app.command("add")
def add(
    ctx: typer.Context,
    kind: MeetingKindOpt = None,
    title: TitleOpt = None,
    date: WhenOpt = None,
    end: EndOpt = None,
    place: PlaceOpt = None,
    unit: UnitOpt = None,
    host: HostOpt = None,
    recorder: RecorderOpt = None,
    attendee: AttendeeOpt = None,
    absent: AbsentOpt = None,
    invitee: InviteeOpt = None,
    expected: ExpectedOpt = None,
    present: PresentOpt = None,
    minutes: MinutesOpt = None,
    minutes_file: MinutesFileOpt = None,
    decision: DecisionOpt = None,
    template: TemplateOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """记录一次会议（缺少类型、主题或时间时，在终端中会逐项询问）。

    用 --template 套用会议模板：命令行未给出的项取自模板，命令行给出的优先；
    给出 --attendee 或 --invitee 时替换模板中的整张名单。
    """
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.queries.meetings import show_meeting
    from dangqun_cli.services import meetings

    given = _locals(locals())
    if template is not None:
        given = _filled(ctx, template, given)
    given["kind"], given["title"], given["date"] = _ask_missing(
        ctx, given["kind"], given["title"], given["date"]
    )
    data = meeting_input(**given, today=today())

    def work(s):
        new_id = meetings.add_meeting(s, data)
        shown = show_meeting(as_reader(s), new_id, today=today()) if json_out else None
        return new_id, shown

    new_id, shown = write(ctx, work)
    print_json(shown) if json_out else print_new_id(new_id, "会议")


TemplateOpt = Annotated[
    str | None,
    typer.Option(
        "--template",
        help="会议模板名称：填入命令行未给出的项；命令行给出的优先，"
        "--attendee、--invitee 给出时替换模板中的整张名单。",
        show_default=False,
    ),
]


def _filled(ctx: typer.Context, name: str, given: dict) -> dict:
    """The command line's values, and the template's where the command line gives none
    (an option given empty, ``--unit ""``, is given: it clears what the template has)."""
    from dangqun_cli.queries.meeting_templates import show_template
    from dangqun_cli.template_lookup import person_option

    with reading(ctx) as conn:
        t = show_template(conn, name)
    kept = {key: t[key] for key in ("kind", "title", "place", "unit", "host", "recorder")}
    kept["attendee"] = [person_option(p) for p in t["attendees"]] or None
    kept["invitee"] = [person_option(p) for p in t["invitees"]] or None
    kept["expected"] = t["expected"]
    return {k: kept.get(k) if v is None else v for k, v in given.items()}


def _locals(values: dict) -> dict:
    return {k: values[k] for k in _FIELDS}


_FIELDS = (
    *("kind", "title", "date", "end", "place", "unit", "host", "recorder"),
    *("attendee", "absent", "invitee", "expected", "present", "minutes", "minutes_file"),
    "decision",
)


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: MeetingKindOpt = None,
    unit: UnitOpt = None,
    period: PeriodOpt = None,
    search: SearchOpt = None,
    limit: LimitOpt = 50,
    all_rows: AllOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """列出会议，最近的在前。"""
    from dangqun_cli import dates
    from dangqun_cli.enums import MeetingKind
    from dangqun_cli.queries.meetings import list_meetings

    kind_value = MeetingKind.parse(kind, what="会议类型") if kind is not None else None
    span = dates.parse_period(period) if period is not None else None
    with reading(ctx) as conn:
        rows, total = list_meetings(
            conn,
            kind=kind_value,
            unit=unit,
            period=span,
            search=search,
            limit=limit_of(limit, all_rows),
        )
    output(rows, json_out, "meetings")
    note_more(len(rows), total)


@app.command("show")
def show(ctx: typer.Context, meeting_id: IdArg, json_out: JsonOpt = False) -> None:
    """查看会议记录（时间、地点、主持人、记录人、出席、缺席、议题、内容、决议）及会上提出的意见。"""
    from dangqun_cli.queries.meetings import show_meeting

    with reading(ctx) as conn:
        data = show_meeting(conn, meeting_id, today=today())
    output(data, json_out, "meeting_record")


@app.command("edit")
def edit(
    ctx: typer.Context,
    meeting_id: IdArg,
    kind: MeetingKindOpt = None,
    title: TitleOpt = None,
    date: WhenOpt = None,
    end: EndOpt = None,
    place: PlaceOpt = None,
    unit: UnitOpt = None,
    host: HostOpt = None,
    recorder: RecorderOpt = None,
    attendee: AttendeeOpt = None,
    absent: AbsentOpt = None,
    invitee: InviteeOpt = None,
    expected: ExpectedOpt = None,
    present: PresentOpt = None,
    minutes: MinutesOpt = None,
    minutes_file: MinutesFileOpt = None,
    decision: DecisionOpt = None,
) -> None:
    """修改会议：只改给出的项。

    给出 --attendee、--absent、--invitee 或 --decision 时替换整张名单。
    """
    from dangqun_cli.services import meetings

    if all(v is None for v in _locals(locals()).values()):
        raise NothingChanged(command=ctx.command_path)
    base_date = None
    if end is not None and date is None:
        from datetime import date as Date

        from dangqun_cli.queries.meetings import show_meeting

        with reading(ctx) as conn:
            base_date = Date.fromisoformat(
                show_meeting(conn, meeting_id, today=today())["date"][:10]
            )
    data = meeting_input(**_locals(locals()), today=today(), base_date=base_date)
    write(ctx, lambda s: meetings.edit_meeting(s, meeting_id, data))
    say(f"已修改会议 {meeting_id}")


@app.command("attend")
def attend(
    ctx: typer.Context,
    meeting_id: IdArg,
    attendee: AttendeeOpt = None,
    absent: AbsentOpt = None,
    invitee: InviteeOpt = None,
) -> None:
    """在已有名单后追加出席、缺席或列席人员。"""
    from dangqun_cli.services import meetings
    from dangqun_cli.services.meetings import MeetingInput, parse_absentee, parse_attendee

    if not (attendee or absent or invitee):
        raise UsageError("请至少给出一个 --attendee、--absent 或 --invitee")
    data = MeetingInput(
        attendees=[parse_attendee(a) for a in attendee] if attendee else None,
        absentees=[parse_absentee(a) for a in absent] if absent else None,
        invitees=[parse_attendee(a) for a in invitee] if invitee else None,
    )
    write(ctx, lambda s: meetings.add_attendance(s, meeting_id, data))
    say(f"已更新会议 {meeting_id} 的人员名单")


@app.command("minutes")
def minutes_(ctx: typer.Context, meeting_id: IdArg) -> None:
    """用编辑器（$VISUAL 或 $EDITOR）编辑会议纪要。"""
    from dangqun_cli.queries.meetings import show_meeting
    from dangqun_cli.services import meetings

    with reading(ctx) as conn:
        current = show_meeting(conn, meeting_id, today=today())["minutes"] or ""
    edited = edit_text(current)
    if edited is None or edited.strip() == current.strip():
        raise NothingChanged(UNEDITED)
    write(ctx, lambda s: meetings.set_minutes(s, meeting_id, edited))
    say(f"已保存会议 {meeting_id} 的纪要")


@app.command("export")
def export(
    ctx: typer.Context,
    meeting_id: IdArg,
    fmt: DocFormatOpt,
    output: OutputOpt,
    force: ForceOpt = False,
) -> None:
    """把一次会议的会议记录导出为 Markdown 或 Word，供装订进会议记录本。"""
    from dangqun_cli.queries.meetings import show_meeting
    from dangqun_cli.render.export import destination, export
    from dangqun_cli.render.terminal import when_label
    from dangqun_cli.reports.document import minutes_document

    dest = destination(fmt, output, force=force, database=runtime(ctx).url, example="会议记录")
    with reading(ctx) as conn:
        data = show_meeting(conn, meeting_id, today=today())
    end = f" 至 {when_label(data['end'])}" if data["end"] else ""
    blocks = minutes_document(data, when=when_label(data["date"], data["part_of_day"]) + end)
    export(blocks, fmt, dest)
    say(f"已导出：{dest.shown}")


@app.command("delete")
def delete(ctx: typer.Context, meeting_id: IdArg, yes: YesOpt = False) -> None:
    """删除一次会议及其出席名单和决议（需确认；在会上提出的意见还在时不能删除）。

    操作记录中保留会议的全部内容（dangqun log 可查看），可用 dangqun undo 撤销。
    """
    deleting.delete(ctx, "meeting", meeting_id, yes)
