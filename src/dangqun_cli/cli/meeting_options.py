"""The options of ``meeting add`` and ``meeting edit`` and the one parser that turns them
into a :class:`~dangqun_cli.services.meetings.MeetingInput`: shared with ``meeting template
add``, which takes the same options for what a recurring meeting always has."""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.errors import UsageError

TitleOpt = Annotated[str | None, typer.Option("--title", help="会议主题（议题）。")]
WhenOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help="会议时间：2010-09-06 15:00、2010年9月6日下午3点、2010年9月6日下午 等。"
    ),
]
EndOpt = Annotated[str | None, typer.Option("--end", help="结束时间：17:30 或完整的日期时间。")]
PlaceOpt = Annotated[str | None, typer.Option("--place", help="地点。")]
HostOpt = Annotated[str | None, typer.Option("--host", help="主持人。")]
RecorderOpt = Annotated[str | None, typer.Option("--recorder", help="记录人。")]
AttendeeOpt = Annotated[
    list[str] | None,
    typer.Option("--attendee", help="出席人或群体，可写 姓名@单位；可重复。", show_default=False),
]
AbsentOpt = Annotated[
    list[str] | None,
    typer.Option("--absent", help="缺席人及原因：姓名:原因；可重复。", show_default=False),
]
InviteeOpt = Annotated[
    list[str] | None,
    typer.Option("--invitee", help="列席人，可写 姓名@单位；可重复。", show_default=False),
]
ExpectedOpt = Annotated[int | None, typer.Option("--expected", help="应到人数。")]
PresentOpt = Annotated[int | None, typer.Option("--present", help="实到人数。")]
MinutesOpt = Annotated[str | None, typer.Option("--minutes", help="会议纪要（可用 Markdown）。")]
MinutesFileOpt = Annotated[
    str | None, typer.Option("--minutes-file", help="从文件读取会议纪要（- 表示标准输入）。")
]
DecisionOpt = Annotated[
    list[str] | None, typer.Option("--decision", help="决议；可重复。", show_default=False)
]


def meeting_input(
    *,
    kind,
    title,
    date,
    end,
    place,
    unit,
    host,
    recorder,
    attendee,
    absent,
    invitee,
    expected,
    present,
    minutes,
    minutes_file,
    decision,
    today,
    base_date=None,
):
    """Turn the command line into a MeetingInput (dates and kinds parsed, files read).

    On edit, a single empty value clears a list (``--decision ""``) or the end time, and
    ``--end 17:30`` means that time on the meeting's day (``base_date``).
    """
    from dangqun_cli import dates
    from dangqun_cli.cli.runtime import read_text_file
    from dangqun_cli.enums import MeetingKind
    from dangqun_cli.errors import InvalidInput
    from dangqun_cli.services.meetings import MeetingInput, parse_absentee, parse_attendee

    if minutes is not None and minutes_file is not None:
        raise UsageError("--minutes 和 --minutes-file 只能用一个")
    if minutes_file is not None:
        minutes = read_text_file(minutes_file, "会议纪要")
    when = dates.parse_when(date, today=today) if date is not None else None
    end_when = None
    day = when.date if when is not None else base_date
    if end is not None and end.strip():
        try:
            end_when = dates.parse_when(end, today=today)
        except InvalidInput:
            if day is None:
                raise
            # "--end 17:30" means that time on the meeting's day.
            end_when = dates.parse_when(f"{day.isoformat()} {end}", today=today)

    def listed(values, parse=lambda v: v):
        if not values:
            return None
        return [] if values == [""] else [parse(v) for v in values]

    return MeetingInput(
        kind=MeetingKind.parse(kind, what="会议类型") if kind is not None else None,
        title=title,
        when=when,
        end=end_when,
        place=place,
        unit=unit,
        host=host,
        recorder=recorder,
        attendees=listed(attendee, parse_attendee),
        absentees=listed(absent, parse_absentee),
        invitees=listed(invitee, parse_attendee),
        expected=expected,
        present=present,
        minutes=minutes,
        decisions=listed(decision),
        clear_end=end is not None and not end.strip(),
    )
