"""dangqun meeting template: 会议模板——每月照例召开的支委会等不必每次重打一遍。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.meeting_options import (
    AttendeeOpt,
    ExpectedOpt,
    HostOpt,
    InviteeOpt,
    PlaceOpt,
    RecorderOpt,
    TitleOpt,
    meeting_input,
)
from dangqun_cli.cli.options import JsonOpt, MeetingKindOpt, UnitOpt, YesOpt
from dangqun_cli.cli.runtime import (
    confirmed,
    new_app,
    output,
    print_json,
    print_new_id,
    reading,
    say,
    today,
    write,
)

app = new_app(
    "会议模板：照例召开的会议（如每月的支委会）的类型、主题、单位、地点、人员，"
    "记录会议时用 meeting add --template 名称 套用。"
)

NameArg = Annotated[
    str, typer.Argument(help="模板名称，如 支委会。", metavar="模板名称", show_default=False)
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: NameArg,
    kind: MeetingKindOpt = None,
    title: TitleOpt = None,
    place: PlaceOpt = None,
    unit: UnitOpt = None,
    host: HostOpt = None,
    recorder: RecorderOpt = None,
    attendee: AttendeeOpt = None,
    invitee: InviteeOpt = None,
    expected: ExpectedOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """添加会议模板：与 meeting add 相同的选项，记下每次都一样的项（名称不能重复）。"""
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.queries.meeting_templates import show_template
    from dangqun_cli.services import meeting_templates

    data = meeting_input(
        **dict.fromkeys(("date", "end", "absent", "present", "minutes", "minutes_file")),
        decision=None,
        kind=kind,
        title=title,
        place=place,
        unit=unit,
        host=host,
        recorder=recorder,
        attendee=attendee,
        invitee=invitee,
        expected=expected,
        today=today(),
    )

    def work(s):
        new_id = meeting_templates.add_template(s, name=name, data=data)
        return new_id, show_template(as_reader(s), name) if json_out else None

    new_id, shown = write(ctx, work)
    print_json(shown) if json_out else print_new_id(new_id, "会议模板")


@app.command("list")
def list_(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """列出会议模板。"""
    from dangqun_cli.queries.meeting_templates import list_templates

    with reading(ctx) as conn:
        rows = list_templates(conn)
    output(rows, json_out, "meeting_templates")


@app.command("show")
def show(ctx: typer.Context, name: NameArg, json_out: JsonOpt = False) -> None:
    """查看一个会议模板。"""
    from dangqun_cli.queries.meeting_templates import show_template

    with reading(ctx) as conn:
        data = show_template(conn, name)
    output(data, json_out, "meeting_template")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: NameArg,
    yes: YesOpt = False,
) -> None:
    """删除会议模板（需确认；已记录的会议不受影响，操作记录中保留原内容）。"""
    from dangqun_cli.services import meeting_templates

    if not confirmed(f"确定删除会议模板“{name}”？", yes=yes):
        say("未删除。")
        return
    removed = write(ctx, lambda s: meeting_templates.remove_template(s, name))
    say(f"已删除会议模板“{removed}”")
