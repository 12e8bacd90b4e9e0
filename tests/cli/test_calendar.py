"""dangqun calendar (issue 18): the deadlines of items not yet closed, the re-checks (回头看)
closed items wait for, and the meetings still to come, as an .ics file that phone and desktop
calendars import; a re-import updates the same events (stable UIDs, SEQUENCE counting the
record's changes)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from tests.helpers import fails, ok, run

# DANGQUN_TODAY is 2010-09-15 in every test (conftest).


@pytest.fixture
def school():
    """The 座谈会 (held on 6 September, before "today"), items from its opinions — one
    closed, one 长期坚持, one overdue — and two meetings still to come."""
    ok("unit", "add", "桃花山镇小学")
    ok("unit", "add", "教务处")
    ok("unit", "add", "学校工会")
    mid = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "党群共建创先争优座谈会",
        "--date", "2010年9月6日下午", "--unit", "桃花山镇小学",
    ).id  # fmt: skip
    ok("opinion", "add", "精简检查和表格，减轻教师负担", "--meeting", mid, "--topic", "减负")
    item = ["rectify", "add", "--unit", "教务处", "--owner", "张主任", "--date", "2010-09-08"]
    ok(*item, "--problem", "检查、表格和会议过多，教师负担重", "--due", "2010-10-31",
       "--measures", "合并同类检查", "--from-opinion", "1")  # fmt: skip
    ok(*item, "--problem", "教研活动流于形式", "--due", "2010-09-20")
    ok(*item, "--problem", "关心青年教师成长", "--ongoing")
    ok(*item, "--problem", "校务公开不及时", "--due", "2010-09-30")
    ok("rectify", "note", "4", "公示栏已更换", "--date", "2010-09-10")
    ok("rectify", "submit", "4", "--result", "公示栏每月更新", "--date", "2010-09-14")
    ok("rectify", "verify", "4")
    ok(*item, "--problem", "食堂卫生检查记录不全", "--due", "2010-09-14")  # overdue: status's
    ok("meeting", "add", "--kind", "支委会", "--title", "十月支委会", "--date",
       "2010-10-08 15:30", "--place", "党员活动室", "--unit", "桃花山镇小学")  # fmt: skip
    ok("meeting", "add", "--kind", "联席会议", "--title", "整改推进会",
       "--date", "2010年9月20日上午")  # fmt: skip


def read(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_deadlines_and_meetings_to_come_become_events(school, tmp_path):
    path = tmp_path / "整改日历.ics"
    result = ok("calendar", "--output", str(path))
    assert "（5 项）" in result.err
    cal = read(path)
    assert str(cal["version"]) == "2.0" and "dangqun" in str(cal["prodid"])
    found = events(cal)
    # Open deadlines, the closed item's re-check, future meetings; not the closed item's
    # deadline, not the 长期坚持 one, not a deadline already past, not the 座谈会 held.
    assert sorted(found) == [
        "十月支委会",
        "回头看：校务公开不及时",
        "整改推进会（上午）",
        "整改时限：教研活动流于形式",
        "整改时限：检查、表格和会议过多，教师负担重",
    ]
    recheck = found["回头看：校务公开不及时"]
    assert recheck.decoded("dtstart") == dt.date(2010, 12, 14)  # 销号 9月15日 + 90 天
    assert "销号后 90 天回头看" in str(recheck["description"])
    assert str(recheck["transp"]) == "TRANSPARENT"
    due = found["整改时限：检查、表格和会议过多，教师负担重"]
    assert due.decoded("dtstart") == dt.date(2010, 10, 31)  # all day
    assert due.decoded("dtend") == dt.date(2010, 11, 1)
    assert str(due["transp"]) == "TRANSPARENT"
    text = str(due["description"])
    assert "整改事项 1" in text and "教务处" in text and "张主任" in text and "合并同类检查" in text
    branch = found["十月支委会"]
    assert branch.decoded("dtstart") == dt.datetime(2010, 10, 8, 15, 30)  # floating: as recorded
    assert str(branch["location"]) == "党员活动室"
    morning = found["整改推进会（上午）"]
    assert morning.decoded("dtstart") == dt.date(2010, 9, 20)
    uids = {str(e["uid"]) for e in found.values()}
    assert len(uids) == 5 and all(u.endswith(".dangqun") for u in uids)
    kinds = {u.split("@")[0] for u in uids}
    assert kinds == {"item-1", "item-2", "recheck-4", "meeting-2", "meeting-3"}
    # One date order: the day's deadline before the day's meeting.
    starts = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert starts == [
        "整改时限：教研活动流于形式",
        "整改推进会（上午）",
        "十月支委会",
        "整改时限：检查、表格和会议过多，教师负担重",
        "回头看：校务公开不及时",
    ]


def test_the_re_check_date_follows_the_setting_and_goes_once_done(school, tmp_path):
    path = tmp_path / "r.ics"
    ok("config", "set", "recheck.days", "30")
    ok("calendar", "--output", str(path))
    recheck = events(read(path))["回头看：校务公开不及时"]
    assert recheck.decoded("dtstart") == dt.date(2010, 10, 15)
    ok("calendar", "--output", str(path), "--period", "2010-10", "--force")
    assert "回头看：校务公开不及时" in events(read(path))
    ok("calendar", "--output", str(path), "--period", "2010-09", "--force")
    assert "回头看：校务公开不及时" not in events(read(path))
    # Not effective: the item is open again, so its deadline is back and the re-check gone.
    ok("rectify", "recheck", "4", "--not-effective", "--reason", "公示栏十月未更新")
    ok("calendar", "--output", str(path), "--force")
    found = events(read(path))
    assert "回头看：校务公开不及时" not in found and "整改时限：校务公开不及时" in found
    # Closed again and re-checked with the fix holding: nothing left to look at.
    ok("rectify", "submit", "4", "--result", "公示栏每月 1 日更新")
    ok("rectify", "verify", "4")
    ok("calendar", "--output", str(path), "--force")
    assert "回头看：校务公开不及时" in events(read(path))
    ok("rectify", "recheck", "4", "--result", "公示栏按月更新")
    ok("calendar", "--output", str(path), "--force")
    assert not [name for name in events(read(path)) if name.endswith("校务公开不及时")]


def test_a_changed_item_keeps_its_uid_with_a_higher_sequence(school, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    ok("calendar", "--output", str(first))
    ok("calendar", "--output", str(first), "--force")  # nothing changed: the same file
    again = tmp_path / "again.ics"
    ok("calendar", "--output", str(again))
    assert again.read_bytes() == first.read_bytes()
    ok("rectify", "extend", "2", "--to", "2010-09-30", "--reason", "教研组长外出培训")
    ok("calendar", "--output", str(second))
    before, after = events(read(first)), events(read(second))
    old, new = before["整改时限：教研活动流于形式"], after["整改时限：教研活动流于形式"]
    assert str(old["uid"]) == str(new["uid"])
    assert new.decoded("dtstart") == dt.date(2010, 9, 30)
    assert int(new["sequence"]) > int(old["sequence"])
    # Closing it takes it off the calendar.
    ok("rectify", "note", "2", "教研组每周检查")
    ok("rectify", "submit", "2", "--result", "教研活动每周检查")
    ok("rectify", "verify", "2")
    ok("calendar", "--output", str(second), "--force")
    assert "整改时限：教研活动流于形式" not in events(read(second))


def test_a_period_keeps_what_falls_in_it(school, tmp_path):
    path = tmp_path / "q4.ics"
    ok("calendar", "--output", str(path), "--period", "2010Q4")
    q4 = ["十月支委会", "回头看：校务公开不及时", "整改时限：检查、表格和会议过多，教师负担重"]
    assert sorted(events(read(path))) == q4
    ok("calendar", "--output", str(path), "--period", "2011年", "--force")
    assert events(read(path)) == {}


def test_standard_output_and_the_output_file_rules(school, tmp_path):
    text = ok("calendar", "--output", "-").out
    assert text.startswith("BEGIN:VCALENDAR") and text.rstrip().endswith("END:VCALENDAR")
    assert len(events(icalendar.Calendar.from_ical(text))) == 5
    path = tmp_path / "c.ics"
    path.write_text("旧的")
    assert "已存在" in fails("calendar", "--output", str(path))
    assert path.read_text() == "旧的"
    refused = fails("calendar", "--output", str(tmp_path / "d.ics"), "--period", "明年秋天")
    assert "时间段" in refused
    assert not (tmp_path / "d.ics").exists()
    assert "--output" in fails("calendar", code=2)


def test_an_empty_ledger_gives_an_empty_calendar(hermetic, tmp_path):
    path = tmp_path / "e.ics"
    result = run("calendar", "--output", str(path))
    assert result.code == 0, result.err
    cal = read(path)
    assert cal.walk("VEVENT") == [] and str(cal["version"]) == "2.0"
